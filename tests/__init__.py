from . import test_install
from . import test_retention
from . import test_legal_hold
from . import test_disposal
from . import test_access_log
