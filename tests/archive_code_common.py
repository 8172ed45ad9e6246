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

    @classmethod
    def _temporary(cls, name, **values):
        values.setdefault("location_id", cls.box.id)
        dossier = cls._new_dossier(partner=cls._new_customer(name), **values)
        dossier.with_user(cls.archivist).action_open()
        cls._add_documents(
            dossier, cls.type_contract | cls.type_licence | cls.type_letter
        )
        return dossier

    @classmethod
    def _archive(cls, name, **values):
        dossier = cls._temporary(name, **values)
        dossier.with_user(cls.archivist).action_archive_formally()
        return dossier
