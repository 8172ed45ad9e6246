from odoo import models

from .dossier_check_mixin import DatabaseCheck


class DossierDisposal(models.Model):
    _name = "dossier.disposal"
    _inherit = ["dossier.disposal", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("witness_1_id", "witness_2_id"),
                lambda get, record: (
                    not self._id(get("witness_1_id"))
                    or self._id(get("witness_1_id")) != self._id(get("witness_2_id"))
                ),
                self.env._(
                    "The two witnesses of a disposal must be two different people."
                ),
            ),
            DatabaseCheck(
                ("approver_id", "witness_1_id", "witness_2_id"),
                lambda get, record: (
                    not self._id(get("approver_id"))
                    or self._id(get("approver_id"))
                    not in (
                        self._id(get("witness_1_id")),
                        self._id(get("witness_2_id")),
                    )
                ),
                self.env._(
                    "The manager who approves a disposal cannot also be one of its "
                    "witnesses."
                ),
            ),
        ]
