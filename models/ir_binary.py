from odoo import models


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
        """A scan of a document, or a file attached to a dossier or to one of its
        documents, is opened like the dossier: reason first when it is secret,
        and an access-log line when it is confidential."""
        record = super()._find_record(
            xmlid=xmlid,
            res_model=res_model,
            res_id=res_id,
            access_token=access_token,
            field=field,
        )
        if self.env.su or self.env.user._is_public():
            return record
        dossiers = self.env["dossier.dossier"]
        if record._name == "dossier.document":
            dossiers = record.with_env(self.env).dossier_id
        elif record._name == "ir.attachment" and record.res_id:
            if record.res_model == "dossier.dossier":
                dossiers = dossiers.browse(record.res_id)
            elif record.res_model == "dossier.document":
                dossiers = self.env["dossier.document"].browse(record.res_id).dossier_id
        if dossiers:
            dossiers._check_consultation()
        return record
