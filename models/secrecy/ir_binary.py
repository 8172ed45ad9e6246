from odoo import models
from odoo.exceptions import AccessError


class IrBinary(models.AbstractModel):
    _inherit = "ir.binary"

    def _find_record(
        self,
        xmlid=None,
        res_model="ir.attachment",
        res_id=None,
        access_token=None,
        field=None,
    ):
        """A link with an access token opens a file as superuser: a token outlives
        a consultation, so a dossier's content is served only to whom the content
        rule lets read it now (the rule already guards the other links)."""
        record = super()._find_record(
            xmlid=xmlid,
            res_model=res_model,
            res_id=res_id,
            access_token=access_token,
            field=field,
        )
        if (
            access_token
            and "dossier_content_readable" in record._fields
            and not record.dossier_content_readable
        ):
            raise AccessError(self.env._("This file is not available."))
        return record
