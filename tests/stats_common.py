from odoo.tests import freeze_time

from .common import SIGNATURE, DossierCase

TZ = "Asia/Shanghai"


def at(day, hour="04:00:00"):
    """A moment of ``day`` (UTC): 04:00 UTC is noon in Shanghai and the same
    calendar day in every time zone from UTC-4 to UTC+12."""
    return freeze_time(f"{day} {hour}")


class StatsCase(DossierCase):
    """The company counts its days in Shanghai; a second category without
    required documents; helpers to build a history with real actions."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = TZ
        cls.retail = cls.env["dossier.category"].create({"name": "Retail"})

    @classmethod
    def _dossier(cls, name, category=None, **values):
        """A new customer's dossier in ``category`` (Wholesale by default;
        False for none), in the cabinet's box."""
        category = cls.category if category is None else category
        values = {
            "category_id": category.id if category else False,
            "location_id": cls.box.id,
            **values,
        }
        return cls._new_dossier(partner=cls._new_customer(name), **values)

    @classmethod
    def _open(cls, dossier):
        dossier.with_user(cls.archivist).action_open()
        return dossier

    @classmethod
    def _archive(cls, dossier):
        """Archive formally now, with the documents its category requires."""
        missing = dossier.missing_document_type_ids
        if missing:
            cls._add_documents(dossier, missing)
        dossier.with_user(cls.archivist).action_archive_formally()

    @classmethod
    def _request(cls, dossier, loan_type="reading", user=None, **values):
        return (
            cls.env["dossier.loan"]
            .with_user(user or cls.staff)
            .create(
                {
                    "dossier_id": dossier.id,
                    "purpose": "Check the contract",
                    "loan_type": loan_type,
                    **values,
                }
            )
        )

    @classmethod
    def _approve(cls, loan):
        approver = cls.manager if loan.loan_type == "photocopy" else cls.archivist
        loan.with_user(approver).action_approve()
        return loan

    @classmethod
    def _copy(cls, loan, copies, pages, taken_out):
        return (
            cls.env["dossier.copy.batch"]
            .with_user(cls.archivist)
            .create(
                {
                    "loan_id": loan.id,
                    "copies": copies,
                    "pages": pages,
                    "taken_out": taken_out,
                    "pending_signature": taken_out and SIGNATURE,
                }
            )
        )

    @classmethod
    def _lend(cls, dossier, loan_type="reading", copies=None, **values):
        """Requested, approved and checked out now; a photocopy loan gets its
        copy batch first, ``copies`` = (copies, pages, taken out)."""
        loan = cls._approve(cls._request(dossier, loan_type, **values))
        if copies:
            cls._copy(loan, *copies)
        loan.with_user(cls.archivist).action_checkout(signature=SIGNATURE)
        return loan

    @classmethod
    def _give_back(cls, loan, damaged=None):
        """The return check of a reading loan: every document present, except
        ``damaged`` ones."""
        wizard = (
            cls.env["dossier.loan.return"]
            .with_user(cls.archivist)
            .create({"loan_id": loan.id, "signature": SIGNATURE})
        )
        for line in wizard.line_ids:
            if damaged and line.document_id in damaged:
                line.status = "damaged"
        wizard.action_all_present()
        wizard.action_confirm()

    @classmethod
    def _copies_back(cls, batch, verify=True):
        batch = batch.with_user(cls.archivist)
        batch.copies_returned = batch.copies
        batch.action_return_copies(signature=SIGNATURE)
        if verify:
            batch.action_verify()
