# Alarms (报警): the alert register, the rules' settings, and the detection where
# the accesses happen (the access log, exports, refusals by the record rules).
from . import dossier_alert
from . import res_company
from . import res_config_settings
from . import dossier_access_log
from . import dossier_dossier
from . import dossier_document
from . import res_partner
from . import ir_rule
