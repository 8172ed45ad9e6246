from . import dossier_loan_reject
from . import dossier_loan_return
from . import dossier_loan_return_line
from . import dossier_disposal_propose
from . import dossier_access_reason
from . import dossier_legal_hold
from . import dossier_monthly_report
from . import dossier_handover
