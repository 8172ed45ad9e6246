from . import dossier_disposal_propose
from . import dossier_access_reason
from . import dossier_legal_hold
