# Alarms (报警): the alert register, and the detection where
# the accesses happen (the access log, exports, refusals by the record rules).
from . import dossier_alert
from . import dossier_access_log
from . import dossier_document
from . import ir_rule
