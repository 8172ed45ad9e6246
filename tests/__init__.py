from . import test_dossier_access
from . import test_dossier_inventory
from . import test_dossier_lifecycle
from . import test_install
from . import test_res_partner
from . import test_uninstall
from . import test_i18n
