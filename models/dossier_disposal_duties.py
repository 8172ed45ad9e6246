from odoo import api, models
from odoo.exceptions import UserError, ValidationError


class DossierDisposal(models.Model):
    """Separation of duties in a disposal: the witnesses (监销人) watch two other
    people, the approver and the executor, and are two different people. The
    proposer does not approve (see action_approve)."""

    _inherit = "dossier.disposal"

    # The two witnesses differ and the approver is not one of them: see
    # dossier_disposal_checks.py, where the CHECK constraints are said first.
    @api.constrains("witness_1_id", "witness_2_id", "executor_id")
    def _check_executor_not_witness(self):
        for disposal in self:
            witnesses = disposal.witness_1_id | disposal.witness_2_id
            if disposal.executor_id in witnesses:
                raise ValidationError(
                    self.env._(
                        "Whoever executes a disposal cannot also be one of its "
                        "witnesses: the witnesses watch someone else do it."
                    )
                )

    def action_done(self):
        for disposal in self:
            if self.env.user in disposal.witness_1_id | disposal.witness_2_id:
                raise UserError(
                    self.env._(
                        "You are a witness of disposal %(disposal)s: the witnesses "
                        "watch someone else execute it. Another archivist or manager "
                        "must press Execute.",
                        disposal=disposal.display_name,
                    )
                )
        return super().action_done()
