from odoo import models


class DossierAccessLog(models.Model):
    """The manager's access-log list, newest first, filtered by dossier, by user
    or by month: each filter reads its page from an index in the list's order,
    whatever the size of the log (10,000,000 lines: bench figure 8). The company
    rides along in each index, so that the list's count (up to 10,001 lines),
    which the company rule filters, is read from the index alone."""

    _inherit = "dossier.access.log"

    _list_by_dossier = models.Index(
        "(dossier_id, date DESC, id DESC) INCLUDE (company_id)"
    )
    _list_by_user = models.Index("(user_id, date DESC, id DESC) INCLUDE (company_id)")
    _list_by_date = models.Index("(date DESC, id DESC) INCLUDE (company_id)")
