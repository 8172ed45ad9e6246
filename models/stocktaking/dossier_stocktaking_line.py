from odoo import api, fields, models
from odoo.exceptions import UserError

STOCKTAKING_RESULTS = [
    ("pending", "To Find"),
    ("found", "Found"),
    ("missing", "Missing"),
    ("misplaced", "Misplaced"),
    ("unexpected", "Unexpected"),
]
# Why a folder found where the register puts no shelved dossier was unexpected:
# the register has it lent out, gone from the archive, or in no cabinet yet.
UNEXPECTED_REASONS = [
    ("on_loan", "Out on Loan"),
    ("disposed", "Disposed of or Transferred"),
    ("unfiled", "Not in Any Cabinet Yet"),
]


class DossierStocktakingLine(models.Model):
    """One dossier of a stock-taking: listed when it started (expected), or found
    there though not listed: *found* when the register now places it there (it
    came back or moved in after the listing), *misplaced* when it places it in
    another cabinet or box, *unexpected* when it places it on no shelf, and
    ``unexpected_reason`` says why (out on loan, disposed of or transferred, in
    no cabinet yet).

    A dossier found missing at a finished stock-taking: *Record Incident* opens
    its loss incident (created once), for a manager to decide what the person
    responsible pays and for the restoration to be recorded."""

    _name = "dossier.stocktaking.line"
    _description = "Stock-taking Line"
    _inherit = ["dossier.procedure.mixin"]
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
    unexpected_reason = fields.Selection(
        UNEXPECTED_REASONS,
        string="Why Unexpected",
        readonly=True,
        help="What the register said of the dossier when it was found here.",
    )
    date_found = fields.Datetime(string="Found On", readonly=True)
    found_by_id = fields.Many2one("res.users", readonly=True)
    incident_id = fields.Many2one("dossier.incident", compute="_compute_incident_id")

    def _compute_incident_id(self):
        # sudo: whether an incident exists; opening it follows its own rules.
        incidents = (
            self.env["dossier.incident"]
            .sudo()
            .search_fetch(
                [("stocktaking_id", "in", self.stocktaking_id.ids)],
                ["stocktaking_id", "dossier_id"],
            )
        )
        by_key = {(i.stocktaking_id.id, i.dossier_id.id): i for i in incidents}
        for line in self:
            incident = by_key.get((line.stocktaking_id.id, line.dossier_id.id))
            line.incident_id = incident.sudo(False) if incident else False

    def _procedure_fields(self):
        found = self.env._("a scan or the Found button of the stock-taking")
        return {
            "stocktaking_id": self.env._("the Start button of the stock-taking"),
            "dossier_id": found,
            "expected": self.env._("the Start button of the stock-taking"),
            "recorded_location_id": found,
            "result": self.env._(
                "a scan, the Found button or the Close Stock-taking button"
            ),
            "unexpected_reason": found,
            "date_found": found,
            "found_by_id": found,
        }

    def _editable_fields(self):
        """Nothing: the Start button lists the lines, a scan or the Found button
        records what was found and the Close Stock-taking button what was not."""
        return {None: {}}

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._("A stock-taking keeps every dossier it listed or found.")
        )

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

    def action_record_incident(self):
        self.stocktaking_id._check_archivist()
        wrong = self.filtered(
            lambda line: line.result != "missing" or line.stocktaking_id.state != "done"
        )
        if wrong:
            raise UserError(
                self.env._(
                    "An incident is recorded for a dossier found missing, once the "
                    "stock-taking is closed."
                )
            )
        new = self.filtered(lambda line: not line.incident_id)
        incidents = self.incident_id | self.env[
            "dossier.incident"
        ]._record_from_stocktaking(new)
        action = {
            "type": "ir.actions.act_window",
            "res_model": "dossier.incident",
            "name": self.env._("Loss and Damage"),
        }
        if len(incidents) == 1:
            return {**action, "view_mode": "form", "res_id": incidents.id}
        return {
            **action,
            "view_mode": "list,form",
            "domain": [("id", "in", incidents.ids)],
        }
