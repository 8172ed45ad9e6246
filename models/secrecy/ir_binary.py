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
        """A scan of a document, or a file attached to a dossier, one of its
        documents, loans or disposals, is opened like the dossier: reason
        first when it is secret, and an access-log line when it is
        confidential."""
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
        elif record._name == "ir.attachment":
            # sudo: the owner of a file the reader may read is looked up.
            dossiers = record.sudo()._dossiers_of_files().with_env(self.env)
        if dossiers:
            dossiers._check_consultation()
        return record
