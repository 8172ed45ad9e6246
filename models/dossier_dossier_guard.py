from odoo import models


class DossierDossier(models.Model):
    _name = "dossier.dossier"
    _inherit = ["dossier.procedure.mixin", "dossier.dossier"]

    def _procedure_fields(self):
        _ = self.env._
        lifecycle = _("the Open, Archive Formally, Close Dossier and Reopen buttons")
        hold = _("the Place on Legal Hold and Lift Legal Hold buttons")
        disposal = _("the Execute button of an approved disposal")
        return {
            "state": lifecycle,
            "date_opened": _("the Open button"),
            "date_archived": _("the Archive Formally button"),
            "date_closed": _("the Close Dossier and Reopen buttons"),
            "archive_deadline": _(
                "the Contract Completed On date, from which it is counted"
            ),
            "retention_until": _(
                "the retention policy, the legal hold buttons or a retention review, "
                "from which it is computed"
            ),
            "retention_extended_until": disposal,
            "retention_extension_reason": disposal,
            "legal_hold": hold,
            "legal_hold_reason": hold,
            "legal_hold_date": hold,
            "disposal_id": disposal,
            "date_disposed": disposal,
            "label_printed": _("Print › Folder Label"),
            "date_label_printed": _("Print › Folder Label"),
        }

    def _procedure_write_ok(self, fname, value):
        # The opening date of a dossier not opened yet may be that of an earlier
        # contract; once opened, the Open button has recorded it.
        if fname == "date_opened" and all(dossier.state == "draft" for dossier in self):
            return True
        return super()._procedure_write_ok(fname, value)

    def _procedure_default_ok(self, fname, value):
        if fname == "date_opened":
            return True
        return super()._procedure_default_ok(fname, value)
