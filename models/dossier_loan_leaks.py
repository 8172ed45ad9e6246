from odoo import api, models
from odoo.exceptions import UserError


class DossierLoan(models.Model):
    _inherit = "dossier.loan"

    @api.model
    def _check_can_borrow(self, dossier, borrower):
        """The refusals of _check_can_borrow() name the dossier, its state and its
        level: told only to a user who may read the dossier. Checked on refusal
        only, so that the lending paths cost no more."""
        try:
            return super()._check_can_borrow(dossier, borrower)
        except UserError:
            if dossier.has_access("read"):
                raise
        raise UserError(
            self.env._(
                "This dossier cannot be lent to you. Ask an archivist if you need to "
                "consult it."
            )
        )
