from . import dossier_loan_reject
from . import dossier_loan_return
from . import dossier_loan_return_line
