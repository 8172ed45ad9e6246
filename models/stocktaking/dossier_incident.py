from odoo import fields, models

from ...tools.dossier_timezone import archive_today


class DossierIncident(models.Model):
    """An incident found at a stock-taking keeps the stock-taking it was found
    at, as one found at a return check keeps its loan."""

    _inherit = "dossier.incident"

    stocktaking_id = fields.Many2one(
        "dossier.stocktaking",
        string="Stock-taking",
        index="btree_not_null",
        ondelete="restrict",
        readonly=True,
        copy=False,
        help="The stock-taking at which the dossier was found missing.",
    )

    def _procedure_fields(self):
        return {
            **super()._procedure_fields(),
            "stocktaking_id": self.env._(
                "the Record Incident button of a stock-taking's line"
            ),
        }

    def _record_from_stocktaking(self, lines):
        """One loss incident per dossier found missing at a finished
        stock-taking (``lines``); its custodian, who keeps the dossier, is the
        person responsible until a manager says otherwise."""
        return self._procedure_create(
            [
                {
                    "dossier_id": line.dossier_id.id,
                    "incident_type": "loss",
                    "found_during": "stock_taking",
                    "stocktaking_id": line.stocktaking_id.id,
                    "date_found": archive_today(
                        line.stocktaking_id.company_id, line.stocktaking_id.date_done
                    ),
                    "responsible_id": (line.custodian_id or self.env.user).id,
                    "description": self.env._(
                        "Not found at stock-taking %(stocktaking)s of %(location)s.",
                        stocktaking=line.stocktaking_id.display_name,
                        location=line.stocktaking_id.location_id.display_name,
                    ),
                }
                for line in lines
            ]
        )
