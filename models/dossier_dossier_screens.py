from odoo import api, fields, models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    # Kanban columns in lifecycle order, the empty ones included.
    state = fields.Selection(group_expand=True)
    has_approved_loan = fields.Boolean(
        compute="_compute_has_approved_loan",
        groups="partner_dossier.group_dossier_archivist",
        help="A loan of this dossier is approved and waits to be checked out.",
    )

    @api.depends("loan_ids.state")
    def _compute_has_approved_loan(self):
        approved = {
            dossier.id
            for [dossier] in self.env["dossier.loan"]._read_group(
                [("dossier_id", "in", self.ids), ("state", "=", "approved")],
                ["dossier_id"],
            )
        }
        for dossier in self:
            dossier.has_approved_loan = dossier.id in approved
