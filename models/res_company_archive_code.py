from odoo import api, fields, models
from odoo.exceptions import ValidationError

# DA/T 22-2015 joins the parts of an archive code (档号) with a hyphen.
ARCHIVE_CODE_SEPARATORS = [("-", "-"), (".", "."), ("/", "/"), ("·", "·")]


class ResCompany(models.Model):
    _inherit = "res.company"

    dossier_archive_code = fields.Boolean(
        string="Archive Codes",
        help="Give each dossier an archive code (档号) when it is archived formally.",
    )
    dossier_fonds_number = fields.Char(
        string="Fonds Number",
        help="The company's fonds number (全宗号) given by the archive authority, "
        "e.g. Z001.",
    )
    dossier_code_fonds = fields.Boolean(string="With the Fonds Number", default=True)
    dossier_code_year = fields.Boolean(
        string="With the Year",
        default=True,
        help="The year the dossier is archived formally.",
    )
    dossier_code_retention = fields.Boolean(
        string="With the Retention Code",
        default=True,
        help="Y for permanent retention, D30 for 30 years, D10 for 10 years "
        "(from the dossier's retention policy).",
    )
    dossier_code_category = fields.Boolean(
        string="With the Category Code",
        default=True,
        help="The code of the dossier's category (category or organisation code).",
    )
    dossier_code_separator = fields.Selection(
        ARCHIVE_CODE_SEPARATORS, string="Separator", default="-", required=True
    )
    dossier_code_digits = fields.Integer(
        string="Item Number Digits",
        default=4,
        help="The item number is counted from 1 for each combination of the parts "
        "before it (for example each year) and padded with zeros to this length.",
    )

    @api.constrains("dossier_code_digits")
    def _check_dossier_code_digits(self):
        for company in self:
            if not 1 <= company.dossier_code_digits <= 8:
                raise ValidationError(
                    self.env._("The item number of archive codes has 1 to 8 digits.")
                )
