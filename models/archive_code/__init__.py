from . import dossier_category
from . import dossier_retention_policy
from . import dossier_dossier
