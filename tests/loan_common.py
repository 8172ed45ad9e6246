from odoo.tests import new_test_user

from .common import SIGNATURE, DossierCase


class LoanCase(DossierCase):
    """Dossiers ready to lend, and a second user for each role: nobody decides on
    their own request."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.staff_2 = cls._loan_user("loan_staff_2", "user", "internal")
        cls.archivist_2 = cls._loan_user("loan_archivist_2", "archivist", "internal")
        cls.manager_2 = cls._loan_user("loan_manager_2", "manager", "internal")
        cls.dossier = cls._archived_dossier(cls.customer)
        cls.documents = cls.dossier.document_ids.sorted("id")
        cls.confidential = cls._archived_dossier(
            cls._new_customer("Confidential Co."),
            confidentiality="confidential",
            custodian_id=cls.archivist.id,
        )
        cls.public = cls._new_dossier(
            partner=cls._new_customer("Public Co."), confidentiality="public"
        )
        cls.public.action_open()

    @classmethod
    def _archived_dossier(cls, partner, **values):
        values.setdefault("custodian_id", cls.archivist_2.id)
        dossier = cls._new_dossier(partner=partner, location_id=cls.box.id, **values)
        dossier.action_open()
        cls._add_documents(
            dossier, cls.type_contract | cls.type_licence | cls.type_letter
        )
        dossier.action_archive_formally()
        return dossier

    @classmethod
    def _loan_user(cls, login, role, clearance):
        """A user of one dossier role: user, archivist or manager."""
        user = new_test_user(
            cls.env,
            login=login,
            groups=f"partner_dossier.group_dossier_{role}",
            tz="Asia/Shanghai",
        )
        user.sudo().dossier_clearance = clearance
        return user

    def _request(self, user=None, dossier=None, **values):
        return (
            self.env["dossier.loan"]
            .with_user(user or self.staff)
            .create(
                {
                    "dossier_id": (dossier or self.dossier).id,
                    "purpose": "Check the signed contract before the renewal",
                    **values,
                }
            )
        )

    def _approved(self, user=None, dossier=None, approver=None, **values):
        loan = self._request(user, dossier, **values)
        loan.with_user(approver or self.archivist).action_approve()
        return loan

    def _checked_out(self, user=None, dossier=None, **values):
        loan = self._approved(user, dossier, **values)
        loan.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        return loan

    def _return(self, loan, user=None, statuses=None):
        """Run the return check wizard; statuses maps a document to its status
        ('missing', 'damaged'), or to (status, note); the others are marked present
        with the All Present button."""
        statuses = {document.id: value for document, value in (statuses or {}).items()}
        wizard = (
            self.env["dossier.loan.return"]
            .with_user(user or self.archivist)
            .create({"loan_id": loan.id, "signature": SIGNATURE})
        )
        for line in wizard.line_ids:
            status = statuses.get(line.document_id.id)
            if isinstance(status, tuple):
                line.write({"status": status[0], "note": status[1]})
            elif status:
                line.status = status
        wizard.action_all_present()
        wizard.action_confirm()
        return wizard

    def _snapshot(self, loan):
        """What a refused action must leave unchanged, read from the database."""
        loan.invalidate_recordset()
        return loan.sudo().read(
            [
                "state",
                "approver_id",
                "checkout_user_id",
                "date_checkout",
                "lent_document_ids",
                "missing_document_ids",
                "date_returned",
            ]
        )[0]
