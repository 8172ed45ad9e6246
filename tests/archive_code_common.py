from odoo.tests import Form

from .loan_common import LoanCase


class ArchiveCodeCase(LoanCase):
    """The company numbers its dossiers with archive codes (档号): fonds number Z001,
    the year, the retention code and the category code KH."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin = cls.env.ref("base.user_admin")
        cls.env["dossier.category"].browse(cls.category.id).write({"code": "KH"})
        cls.policy_30 = cls.env.ref("partner_dossier.retention_policy_30_years")
        cls.category.retention_policy_id = cls.policy_30

    def _set_scheme(self, **values):
        """The settings as an administrator saves them."""
        form = Form(self.env["res.config.settings"].with_user(self.admin))
        for fname, value in values.items():
            setattr(form, fname, value)
        form.save().execute()

    def _temporary(self, name, **values):
        dossier = self._new_dossier(
            partner=self._new_customer(name), location_id=self.box.id, **values
        )
        dossier.with_user(self.archivist).action_open()
        self._add_documents(
            dossier, self.type_contract | self.type_licence | self.type_letter
        )
        return dossier

    def _archive(self, name, **values):
        dossier = self._temporary(name, **values)
        dossier.with_user(self.archivist).action_archive_formally()
        return dossier
