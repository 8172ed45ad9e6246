from odoo.exceptions import UserError
from odoo.tests import tagged

from .loan_common import LoanCase


@tagged("post_install", "-at_install")
class TestNoLeaks(LoanCase):
    """What a user may not read is neither shown nor described to them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.secret_customer = cls._new_customer("Secret Holdings")
        cls.secret = cls._archived_dossier(
            cls.secret_customer, confidentiality="secret"
        )

    def test_partner_dossier_fields_follow_the_reader(self):
        """Computed first for the superuser (a cron, a sudo), then read by a user
        below the dossier's level in the same transaction: not served from the
        superuser's cache."""
        partner = self.secret_customer
        self.assertEqual(
            (
                partner.sudo().dossier_count,
                partner.sudo().dossier_id,
                partner.sudo().dossier_state,
                partner.sudo().dossier_on_loan,
            ),
            (1, self.secret, "archived", False),
        )
        # Out with a manager (the loan flow has its own tests).
        loan = self._request(self.manager, self.secret)
        loan._procedure().write({"state": "out"})
        self.env.invalidate_all()
        self.assertTrue(partner.sudo().dossier_on_loan)
        as_staff = partner.with_user(self.staff)
        self.assertEqual(
            (
                as_staff.dossier_count,
                as_staff.dossier_id.id,
                as_staff.dossier_state,
                as_staff.dossier_on_loan,
            ),
            (0, False, False, False),
        )
        # And the other way round: a user's value is not the superuser's.
        other = self.customer
        self.assertEqual(other.with_user(self.staff).dossier_count, 1)
        self.assertEqual(other.sudo().dossier_count, 1)

    def test_dossier_loan_count_follows_the_reader(self):
        self._request(self.staff_2)
        self._request(self.staff)
        self.assertEqual(self.dossier.sudo().loan_count, 2)
        self.assertEqual(self.dossier.with_user(self.staff).loan_count, 1)

    def test_refusal_does_not_describe_a_dossier_the_borrower_cannot_read(self):
        with self.assertRaises(UserError) as caught:
            self._request(self.staff, self.secret)
        message = str(caught.exception)
        for secret_fact in (self.secret.name, "Secret", "secret"):
            self.assertNotIn(secret_fact, message)
        # A manager, who can read it, is told which dossier and why.
        with self.assertRaisesRegex(UserError, self.secret.name):
            self._request(self.manager, self.secret, borrower_id=self.staff.id)
