from odoo import api, fields, models
from odoo.exceptions import UserError

from .dossier_dossier import CONFIDENTIALITY_SELECTION


class DossierAccessLog(models.Model):
    """Who consulted, printed or exported a confidential or secret dossier.

    Written only by dossier.dossier._log_access(), one INSERT per action; no one
    may change or delete an entry (no access rights, and the overrides below hold
    for the superuser too)."""

    _name = "dossier.access.log"
    _description = "Dossier Access Log"
    _order = "date desc, id desc"
    _rec_name = "dossier_id"
    # user_id and date say who and when; the ORM's create/write columns would
    # only repeat them on every entry.
    _log_access = False

    # The form looks up the user's recent consultation of a dossier on each load.
    _consultation_lookup = models.Index("(dossier_id, user_id, date)")

    dossier_id = fields.Many2one(
        "dossier.dossier", required=True, readonly=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    confidentiality = fields.Selection(
        CONFIDENTIALITY_SELECTION,
        readonly=True,
        help="The dossier's confidentiality when it was accessed.",
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    date = fields.Datetime(required=True, readonly=True)
    access_type = fields.Selection(
        [("view", "Viewed"), ("print", "Printed"), ("export", "Exported")],
        string="Action",
        required=True,
        readonly=True,
    )
    reason = fields.Text(readonly=True)
    report_name = fields.Char(string="Report", readonly=True)

    def write(self, vals):
        if vals:
            raise UserError(self.env._("An access log entry cannot be changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An access log entry cannot be deleted."))
