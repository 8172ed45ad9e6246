from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import CONFIDENTIALITY_SELECTION


class DossierAccessLog(models.Model):
    """Who consulted, printed or exported a confidential or secret dossier.

    Written only by dossier.dossier._log_access(), one INSERT per action; no one
    may change or delete an entry (no access rights, and the overrides below hold
    for the superuser too)."""

    _name = "dossier.access.log"
    _description = "Dossier Access Log"
    _inherit = ["dossier.procedure.mixin"]
    _order = "date desc, id desc"
    _rec_name = "dossier_id"
    # user_id and date say who and when; the ORM's create/write columns would
    # only repeat them on every entry.
    _log_access = False

    # The form looks up the user's recent consultation of a dossier on each load.
    _consultation_lookup = models.Index("(dossier_id, user_id, date)")
    # The manager's access-log list, newest first, filtered by dossier, by user or
    # by month: each filter reads its page from an index in the list's order,
    # whatever the size of the log (10,000,000 lines: bench figure 8). The company
    # rides along in each index, so that the list's count (up to 10,001 lines),
    # which the company rule filters, is read from the index alone.
    _list_by_dossier = models.Index(
        "(dossier_id, date DESC, id DESC) INCLUDE (company_id)"
    )
    _list_by_user = models.Index("(user_id, date DESC, id DESC) INCLUDE (company_id)")
    _list_by_date = models.Index("(date DESC, id DESC) INCLUDE (company_id)")
    _one_line_per_grant = models.UniqueIndex(
        "(consultation_id) WHERE consultation_id IS NOT NULL",
        "A consultation is logged once.",
    )

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
        [
            ("view", "Viewed"),
            ("print", "Printed"),
            ("export", "Exported"),
            ("consultation", "Consultation Granted"),
            ("break_glass", "Break Glass"),
            ("share", "Shared"),
            ("share_recall", "Share Recalled"),
            # Refused by the record rules (above the clearance, another company):
            # the alarms count them (models/alarm/).
            ("refused", "Refused"),
        ],
        string="Action",
        required=True,
        readonly=True,
    )
    reason = fields.Text(readonly=True)
    # A grant is logged once, by its approval.
    consultation_id = fields.Many2one(
        "dossier.consultation", readonly=True, ondelete="restrict"
    )
    # A share is logged by its approval and by its recall.
    share_id = fields.Many2one("dossier.share", readonly=True, ondelete="restrict")
    approver_id = fields.Many2one("res.users", readonly=True)
    date_start = fields.Datetime(string="Valid From", readonly=True)
    date_end = fields.Datetime(string="Valid Until", readonly=True)
    report_name = fields.Char(string="Report", readonly=True)

    def _procedure_fields(self):
        logging = self.env._(
            "the dossier itself: opening, printing or exporting a confidential "
            "dossier writes its access log"
        )
        return dict.fromkeys(
            (
                "dossier_id",
                "company_id",
                "confidentiality",
                "user_id",
                "date",
                "access_type",
                "reason",
                "report_name",
                "consultation_id",
                "share_id",
                "approver_id",
                "date_start",
                "date_end",
            ),
            logging,
        )

    def _editable_fields(self):
        """Nothing: an entry is written by the dossier's procedure only, and
        never changes."""
        return {None: {}}

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An access log entry cannot be deleted."))
