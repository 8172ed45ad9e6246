from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    _inherit = "res.company"

    dossier_stocktaking_months = fields.Integer(
        string="Stock-taking Every",
        default=12,
        help="A location not checked by a stock-taking for this many months is "
        "flagged as due.",
    )

    @api.constrains("dossier_stocktaking_months")
    def _check_dossier_stocktaking_months(self):
        if any(company.dossier_stocktaking_months < 1 for company in self):
            raise ValidationError(
                self.env._("Locations are checked at least every month.")
            )
