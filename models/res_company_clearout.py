from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dossier_clearout_months = fields.Integer(
        string="Clear-out After (Months)",
        default=24,
        help="Once a year, the archived dossiers of customers without contract or "
        "activity for this many months are proposed for closing to the managers. "
        "0: no yearly clear-out.",
    )

    @api.constrains("dossier_clearout_months")
    def _check_dossier_clearout_months(self):
        for company in self:
            if company.dossier_clearout_months < 0:
                raise ValidationError(
                    self.env._("The months before a clear-out cannot be negative.")
                )
