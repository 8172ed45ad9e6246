from . import dossier_clearout
from . import dossier_clearout_line
from . import dossier_dossier
