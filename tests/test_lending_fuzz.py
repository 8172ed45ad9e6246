from odoo.tests import HttpCase, tagged

from .common import call_kw
from .loan_common import LoanCase

# What a refusal may be, as the web client receives it: a sentence for the user.
SENTENCE_ERRORS = {
    "odoo.exceptions.UserError",
    "odoo.exceptions.ValidationError",
    "odoo.exceptions.AccessError",
    "odoo.exceptions.MissingError",
}


@tagged("post_install", "-at_install")
class TestLendingFuzz(LoanCase, HttpCase):
    """Through JSON-RPC, as an archivist: every input of the lending side that is
    out of range or of the wrong type is answered by a sentence (a UserError or
    one of its kind), never by Python's or the database's error, and nothing is
    written."""

    def _call(self, model, method, args, kwargs=None):
        return call_kw(self, model, method, args, kwargs).get("error")

    def _state(self):
        """What a refused call must leave as it was."""
        self.env.invalidate_all()
        return {
            model: self.env[model].sudo().search_read([], fields, order="id")
            for model, fields in (
                ("dossier.loan", ["name", "state", "date_due", "copies_requested"]),
                ("dossier.copy.batch", ["copies", "pages", "copies_returned"]),
                ("dossier.access.log", ["dossier_id"]),
            )
        }

    def test_every_wrong_input_is_a_sentence(self):
        loan = self._checked_out(self.staff)
        approved = self._approved(self.staff_2, self.public)
        photocopy = self._approved(
            self.staff, self.public, loan_type="photocopy", approver=self.manager
        )
        self.env["dossier.copy.batch"].with_user(self.archivist).create(
            {"loan_id": photocopy.id, "copies": 2}
        )
        document = loan.missing_document_ids[0]
        too_big = 2**31
        calls = [
            # Sizes beyond what the database stores.
            (
                "dossier.loan",
                "create",
                [
                    {
                        "dossier_id": self.public.id,
                        "purpose": "Fuzz",
                        "loan_type": "photocopy",
                        "copies_requested": too_big,
                    }
                ],
            ),
            ("dossier.loan", "write", [photocopy.ids, {"copies_requested": too_big}]),
            (
                "dossier.copy.batch",
                "create",
                [{"loan_id": photocopy.id, "copies": too_big}],
            ),
            (
                "dossier.copy.batch",
                "create",
                [{"loan_id": photocopy.id, "pages": "many"}],
            ),
            (
                "dossier.copy.batch",
                "create",
                [{"loan_id": photocopy.id, "copies": -too_big - 5}],
            ),
            # The counter: a list or a dict for an id, a string id, a number for
            # a code, statuses that are not statuses.
            ("dossier.counter", "scan", [["T-BOX-1"]]),
            ("dossier.counter", "scan", [{"code": "T-BOX-1"}]),
            ("dossier.counter", "scan", [12]),
            ("dossier.counter", "scan", ["X" * 5000]),
            ("dossier.counter", "check_out", [[approved.id]]),
            ("dossier.counter", "check_out", [{"id": approved.id}]),
            ("dossier.counter", "check_out", [str(approved.id)]),
            ("dossier.counter", "check_out", [-5]),
            ("dossier.counter", "check_return", [[loan.id], {}]),
            ("dossier.counter", "check_return", [loan.id, [document.id]]),
            ("dossier.counter", "check_return", [loan.id, {"abc": "present"}]),
            ("dossier.counter", "check_return", [loan.id, {str(document.id): 1}]),
            (
                "dossier.counter",
                "check_return",
                [loan.id, {str(document.id): ["present"]}],
            ),
            ("dossier.counter", "check_return", [loan.id, {}]),
            ("dossier.counter", "check_return", [str(loan.id), None]),
            # The return check itself.
            ("dossier.loan.return", "create", [{"loan_id": str(loan.id)}]),
            ("dossier.loan.return", "create", [{"loan_id": [loan.id]}]),
            # Lists read from a negative position, or for a negative count.
            ("dossier.loan", "search_read", [[]], {"offset": -5}),
            ("dossier.loan", "search_read", [[]], {"limit": -5}),
            ("dossier.loan", "web_search_read", [[], {"name": {}}], {"offset": -5}),
            ("dossier.copy.batch", "search_read", [[]], {"offset": -5}),
            ("dossier.key.log", "search_read", [[]], {"offset": "5"}),
            (
                "dossier.loan",
                "web_read_group",
                [[], ["state"], ["__count"]],
                {"offset": -5},
            ),
            # A month that does not exist.
            (
                "dossier.monthly.report",
                "create",
                [{"company_id": self.company.id, "year": 2025, "month": "13"}],
            ),
            (
                "dossier.monthly.report",
                "create",
                [{"company_id": self.company.id, "year": too_big, "month": "1"}],
            ),
        ]
        self.authenticate(self.archivist.login, self.archivist.login)
        before = self._state()
        for model, method, args, *kwargs in calls:
            with self.subTest(model=model, method=method, args=str(args)[:80]):
                error = self._call(model, method, args, *kwargs)
                self.assertTrue(error, "the call went through")
                self.assertIn(
                    error["data"]["name"], SENTENCE_ERRORS, error["data"]["message"]
                )
                self.assertEqual(self._state(), before)
