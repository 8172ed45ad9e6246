from odoo import api, fields, models

from ...const import MANAGER_GROUP, MAX_CODE_LENGTH
from ...tools.dossier_input import check_bounds


class DossierCategory(models.Model):
    _inherit = "dossier.category"

    code = fields.Char(
        help="The category or organisation code in archive codes (档号), e.g. KH.",
    )

    # A new code is used in the archive codes given afterwards: the codes given
    # already never change (dossier.dossier.archive_code is the archiving's).
    def _editable_fields(self):
        editable = super()._editable_fields()
        editable[None][MANAGER_GROUP] = editable[None][MANAGER_GROUP] | {"code"}
        return editable

    @api.constrains("code")
    def _check_code_length(self):
        check_bounds(
            self,
            [{"code": category.code} for category in self],
            lengths={"code": MAX_CODE_LENGTH},
        )
