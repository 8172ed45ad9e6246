from . import test_install
from . import test_retention
from . import test_legal_hold
from . import test_disposal
from . import test_disposal_cron
from . import test_disposal_report
from . import test_access_log
from . import test_key_log
