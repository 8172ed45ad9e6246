from odoo import models


class DossierDocument(models.Model):
    _name = "dossier.document"
    _inherit = ["dossier.procedure.mixin", "dossier.document"]

    def _procedure_fields(self):
        _ = self.env._
        return {
            "condition": _(
                "the Return Check of a loan to send a document to repair, and the "
                "Mark Repaired button to end the repair"
            ),
            "repair_note": _("the Return Check of a loan"),
            "repair_activity_id": _("the Return Check of a loan"),
        }

    # Good and damaged are what an archivist sees: only repair is a procedure.
    def _procedure_write_ok(self, fname, value):
        if fname == "condition":
            return value != "repair" and all(
                document.condition != "repair" for document in self
            )
        return super()._procedure_write_ok(fname, value)

    def _procedure_default_ok(self, fname, value):
        if fname == "condition":
            return value != "repair"
        return super()._procedure_default_ok(fname, value)
