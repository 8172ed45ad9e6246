from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain
from odoo.tools.misc import format_date

from ..tools.dossier_timezone import archive_today


class DossierDisposalPropose(models.TransientModel):
    _name = "dossier.disposal.propose"
    _description = "Propose Dossiers for Disposal"

    date = fields.Date(
        string="Disposal Date",
        required=True,
        default=lambda self: archive_today(self.env.company),
        help="Every closed dossier whose retention ends before this date, not on "
        "legal hold, not on loan and not already proposed, is proposed.",
    )
    dossier_ids = fields.Many2many(
        "dossier.dossier",
        string="Dossiers",
        compute="_compute_dossier_ids",
        store=True,
        readonly=False,
    )

    @api.depends("date")
    def _compute_dossier_ids(self):
        dossier_model = self.env["dossier.dossier"]
        for wizard in self:
            wizard.dossier_ids = (
                dossier_model.search(
                    dossier_model._disposable_domain(wizard.date)
                )._without_open_loans()
                if wizard.date
                else dossier_model
            )

    def action_propose(self):
        self.ensure_one()
        if not self.dossier_ids:
            raise UserError(
                self.env._(
                    "No dossier is due for disposal on %(date)s.",
                    date=format_date(self.env, self.date),
                )
            )
        # The proposal is a procedure: it takes only dossiers due on the date, as
        # the list offers them, whatever ids the client sends (search: the
        # dossiers the user may read).
        dossier_model = self.env["dossier.dossier"]
        due = dossier_model.search(
            dossier_model._disposable_domain(self.date)
            & Domain("id", "in", self.dossier_ids.ids)
        )._without_open_loans()
        if len(due) != len(self.dossier_ids):
            raise UserError(
                self.env._(
                    "Only dossiers due for disposal on %(date)s, not on loan and not "
                    "already proposed can be proposed: choose the dossiers again.",
                    date=format_date(self.env, self.date),
                )
            )
        disposals = self.env["dossier.disposal"]._propose(due, self.date)
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_disposal_action"
        )
        if len(disposals) == 1:
            action.update(res_id=disposals.id, views=[(False, "form")])
        else:
            action["domain"] = [("id", "in", disposals.ids)]
        return action
