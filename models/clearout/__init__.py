from . import dossier_dossier
