from . import dossier_stocktaking
from . import dossier_stocktaking_line
from . import dossier_incident
from . import dossier_location
