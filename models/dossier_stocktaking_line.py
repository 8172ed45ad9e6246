from odoo import api, fields, models
from odoo.exceptions import UserError

STOCKTAKING_RESULTS = [
    ("pending", "To Find"),
    ("found", "Found"),
    ("missing", "Missing"),
    ("misplaced", "Misplaced"),
    ("unexpected", "Unexpected"),
]


class DossierStocktakingLine(models.Model):
    """One dossier of a stock-taking: listed when it started (expected), or found
    there though not listed (misplaced or unexpected)."""

    _name = "dossier.stocktaking.line"
    _description = "Stock-taking Line"
    _order = "stocktaking_id, expected desc, id"
    _rec_name = "dossier_id"
    _check_company_auto = True

    _one_line_per_dossier = models.UniqueIndex(
        "(stocktaking_id, dossier_id)",
        "A dossier appears once in a stock-taking.",
    )

    stocktaking_id = fields.Many2one(
        "dossier.stocktaking",
        string="Stock-taking",
        required=True,
        index=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one(
        related="stocktaking_id.company_id", store=True, index=True
    )
    date_closed = fields.Datetime(
        related="stocktaking_id.date_done", store=True, index=True
    )
    dossier_id = fields.Many2one(
        "dossier.dossier",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    partner_id = fields.Many2one(related="dossier_id.partner_id", string="Customer")
    custodian_id = fields.Many2one(related="dossier_id.custodian_id")
    recorded_location_id = fields.Many2one(
        "dossier.location",
        string="Registered Location",
        readonly=True,
        help="Where the register placed the dossier when it was listed or found.",
    )
    expected = fields.Boolean(
        string="Listed",
        readonly=True,
        help="Listed when the stock-taking started: it should be there.",
    )
    result = fields.Selection(
        STOCKTAKING_RESULTS,
        default="pending",
        required=True,
        readonly=True,
        index=True,
    )
    date_found = fields.Datetime(string="Found On", readonly=True)
    found_by_id = fields.Many2one("res.users", readonly=True)

    def action_tick(self):
        """Found by hand (a label that does not scan)."""
        self.stocktaking_id._check_archivist()
        self.stocktaking_id._check_state("counting", self.env._("tick a dossier of"))
        pending = self.filtered(lambda line: line.result == "pending")
        if not pending:
            raise UserError(self.env._("This dossier is already recorded."))
        pending._procedure().write(
            {
                "result": "found",
                "date_found": fields.Datetime.now(),
                "found_by_id": self.env.uid,
            }
        )
        return True

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A stock-taking keeps every dossier it listed or found.")
        )
