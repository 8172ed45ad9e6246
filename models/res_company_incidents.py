from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    # The archive rules' range for a loss or damage (50 to 500 yuan), in the
    # company's currency.
    dossier_incident_amount_min = fields.Float(
        string="Incident Amount From",
        default=50.0,
        help="The least amount a dossier manager may decide for a loss or damage.",
    )
    dossier_incident_amount_max = fields.Float(
        string="Incident Amount Up To",
        default=500.0,
        help="The greatest amount a dossier manager may decide for a loss or damage.",
    )

    _dossier_incident_amount_range = models.Constraint(
        "CHECK (dossier_incident_amount_min >= 0 "
        "AND dossier_incident_amount_min <= dossier_incident_amount_max)",
        "The incident amounts run from a least amount, not negative, to a greatest "
        "amount that is not below it.",
    )
