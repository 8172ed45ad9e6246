from odoo import models

from .dossier_check_mixin import DatabaseCheck
from .dossier_disposal import OPEN_DISPOSAL_STATES


class DossierDisposalLine(models.Model):
    _name = "dossier.disposal.line"
    _inherit = ["dossier.disposal.line", "dossier.check.mixin"]

    def _database_checks(self):
        return [
            DatabaseCheck(
                ("dossier_id", "disposal_id"),
                lambda get, record: (
                    not self._id(get("dossier_id"))
                    or self.env["dossier.disposal"]
                    .browse(self._id(get("disposal_id")))
                    .state
                    not in OPEN_DISPOSAL_STATES
                    or not self._taken(
                        [
                            ("dossier_id", "=", self._id(get("dossier_id"))),
                            ("state", "in", OPEN_DISPOSAL_STATES),
                        ],
                        record,
                    )
                ),
                self.env._(
                    "This dossier is already in a disposal under way: execute or "
                    "cancel that one first."
                ),
            ),
        ]
