from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

from ...const import ARCHIVIST_GROUP, FROZEN_STATES, SHELVED_STATES
from ...tools.dossier_timezone import archive_today

STOCKTAKING_STATES = [
    ("draft", "Draft"),
    ("counting", "Counting"),
    ("done", "Finished"),
]
STOCKTAKING_REPORT = "partner_dossier.action_report_dossier_stocktaking"


class DossierStocktaking(models.Model):
    """A stock-taking (盘点) of a location: a cabinet with its shelves and boxes, or
    one box. Started by an archivist, it lists the dossiers that should be there
    (located in it, not out on loan, not disposed of); each folder found is
    scanned (its barcode or reference) or ticked; a folder found that was not
    listed is recorded by what the register says of it (``_outcome``). Closing
    it records the listed dossiers not found as missing, writes in the chatter
    of each dossier concerned, gives the custodian of each missing one an
    activity and stamps the location's last check date.

    A stock-taking covers the dossiers its archivist may read: confidential and
    secret folders are checked by someone cleared for them."""

    _name = "dossier.stocktaking"
    _description = "Stock-taking"
    _inherit = ["mail.thread", "mail.activity.mixin", "dossier.procedure.mixin"]
    _order = "date_start desc, id desc"
    _check_company_auto = True

    name = fields.Char(string="Reference", readonly=True, copy=False, default="/")
    location_id = fields.Many2one(
        "dossier.location",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="A cabinet is checked with its shelves and boxes.",
    )
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    state = fields.Selection(
        STOCKTAKING_STATES,
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
    )
    user_id = fields.Many2one(
        "res.users", string="Started By", readonly=True, copy=False
    )
    date_start = fields.Datetime(string="Started On", readonly=True, copy=False)
    closer_id = fields.Many2one(
        "res.users", string="Finished By", readonly=True, copy=False
    )
    date_done = fields.Datetime(
        string="Finished On", readonly=True, copy=False, index=True
    )
    line_ids = fields.One2many(
        "dossier.stocktaking.line", "stocktaking_id", string="Dossiers", copy=False
    )
    # An input, not a record: typed (or scanned) while counting, emptied by the
    # Record button, which records the folder it names in a line.
    scan_code = fields.Char(
        string="Scan",
        copy=False,
        help="Scan a folder label (or type its barcode or reference) and press Record.",
    )
    last_scan_message = fields.Char(string="Last Scan", readonly=True, copy=False)
    expected_count = fields.Integer(string="Listed", compute="_compute_counts")
    pending_count = fields.Integer(string="To Find", compute="_compute_counts")
    found_count = fields.Integer(string="Found", compute="_compute_counts")
    missing_count = fields.Integer(string="Missing", compute="_compute_counts")
    misplaced_count = fields.Integer(string="Misplaced", compute="_compute_counts")
    unexpected_count = fields.Integer(string="Unexpected", compute="_compute_counts")

    @api.depends("line_ids.result", "line_ids.expected")
    def _compute_counts(self):
        groups = self.env["dossier.stocktaking.line"]._read_group(
            [("stocktaking_id", "in", self.ids)],
            ["stocktaking_id", "result", "expected"],
            ["__count"],
        )
        counts = defaultdict(lambda: defaultdict(int))
        for stocktaking, result, expected, number in groups:
            counts[stocktaking.id][result] += number
            if expected:
                counts[stocktaking.id]["expected"] += number
        for stocktaking in self:
            mine = counts[stocktaking.id]
            stocktaking.expected_count = mine["expected"]
            stocktaking.pending_count = mine["pending"]
            stocktaking.found_count = mine["found"]
            stocktaking.missing_count = mine["missing"]
            stocktaking.misplaced_count = mine["misplaced"]
            stocktaking.unexpected_count = mine["unexpected"]

    def _procedure_fields(self):
        start = self.env._("the Start button")
        close = self.env._("the Close Stock-taking button")
        return {
            "state": self.env._("the Start and Close Stock-taking buttons"),
            "user_id": start,
            "date_start": start,
            "closer_id": close,
            "date_done": close,
        }

    def _editable_fields(self):
        """What a plain write may change: the location (and its company) until
        the listing starts, the scan input while counting; a finished
        stock-taking is kept as it is."""
        return {
            "draft": {ARCHIVIST_GROUP: {"location_id", "company_id"}},
            "counting": {ARCHIVIST_GROUP: {"scan_code"}},
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        stocktakings = super().create(vals_list)
        for stocktaking in stocktakings:
            stocktaking._procedure().name = self.env["ir.sequence"].with_company(
                stocktaking.company_id
            ).next_by_code("dossier.stocktaking") or self.env._("Stock-taking")
        return stocktakings

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        started = self.filtered(lambda stocktaking: stocktaking.state != "draft")
        if started:
            raise UserError(
                self.env._(
                    "Stock-taking %(stocktaking)s has started and is kept.",
                    stocktaking=started[0].name,
                )
            )

    # ------------------------------------------------------------------ helpers

    def _check_archivist(self):
        if not self.env.user.has_group(ARCHIVIST_GROUP):
            raise UserError(
                self.env._("Only archivists and dossier managers take stock.")
            )

    def _shelved_domain(self):
        """The dossiers that should stand in this location now."""
        return Domain.AND(
            [
                Domain("location_id", "child_of", self.location_id.id),
                Domain("company_id", "=", self.company_id.id),
                Domain("state", "in", SHELVED_STATES),
                Domain("on_loan", "in", [False]),
            ]
        )

    def _in_location(self, dossier):
        """Whether the register places ``dossier`` in this location's subtree."""
        return bool(dossier.location_id) and (
            dossier.location_id.parent_path or ""
        ).startswith(self.location_id.parent_path or "/")

    # ------------------------------------------------------------------ actions

    def action_start(self):
        """List the dossiers that should be found, as they stand now."""
        self._check_archivist()
        self._check_state("draft", self.env._("start"))
        Line = self.env["dossier.stocktaking.line"]
        for stocktaking in self:
            dossiers = self.env["dossier.dossier"].search_fetch(
                stocktaking._shelved_domain(), ["location_id"], order="name, id"
            )
            Line._procedure_create(
                [
                    {
                        "stocktaking_id": stocktaking.id,
                        "dossier_id": dossier.id,
                        "recorded_location_id": dossier.location_id.id,
                        "expected": True,
                        "result": "pending",
                    }
                    for dossier in dossiers
                ]
            )
            stocktaking._procedure().write(
                {
                    "state": "counting",
                    "user_id": self.env.uid,
                    "date_start": fields.Datetime.now(),
                }
            )
        return True

    def action_record_scan(self):
        """The Record button: the code in the Scan field."""
        self.ensure_one()
        code = (self.scan_code or "").strip()
        self._procedure().scan_code = False
        if code:
            self._scan(code)
        return True

    def _scan(self, code):
        """Record the folder whose label reads ``code``: a few queries, whatever
        the number of dossiers listed (one indexed lookup of the dossier, one of
        its line, one write)."""
        self.ensure_one()
        self._check_state("counting", self.env._("scan into"))
        dossier = self.env["dossier.dossier"].search_fetch(
            [
                ("company_id", "=", self.company_id.id),
                "|",
                ("barcode", "=", code),
                ("name", "=", code),
            ],
            ["name", "location_id", "state"],
            limit=1,
        )
        if not dossier:
            message = self.env._(
                "%(code)s: no dossier you may see has this code.", code=code
            )
            self._procedure().last_scan_message = message
            return message
        Line = self.env["dossier.stocktaking.line"]
        line = Line.search_fetch(
            [("stocktaking_id", "=", self.id), ("dossier_id", "=", dossier.id)],
            ["result"],
            limit=1,
        )
        now = fields.Datetime.now()
        if line and line.result != "pending":
            message = self.env._("%(dossier)s: already recorded.", dossier=dossier.name)
        elif line:
            line._procedure().write(
                {"result": "found", "date_found": now, "found_by_id": self.env.uid}
            )
            message = self.env._("%(dossier)s: found.", dossier=dossier.name)
        else:
            result, reason = self._outcome(dossier)
            Line._procedure_create(
                {
                    "stocktaking_id": self.id,
                    "dossier_id": dossier.id,
                    "recorded_location_id": dossier.location_id.id,
                    "expected": False,
                    "result": result,
                    "unexpected_reason": reason,
                    "date_found": now,
                    "found_by_id": self.env.uid,
                }
            )
            message = self._scan_message(dossier, result, reason)
        self._procedure().last_scan_message = message
        return message

    def _outcome(self, dossier):
        """(result, reason) of ``dossier`` found here though not listed, from
        what the register says of it now: its state, its loan, its location. The
        report shows that location beside the line, so the case never
        contradicts it."""
        if dossier.state in FROZEN_STATES:
            return "unexpected", "disposed"
        if dossier.on_loan:
            return "unexpected", "on_loan"
        if not dossier.location_id:
            return "unexpected", "unfiled"
        if self._in_location(dossier):
            # Registered here, not listed: back from a loan or moved in since
            # the listing (or a draft already given its place). It is in place.
            return "found", False
        return "misplaced", False

    def _scan_message(self, dossier, result, reason):
        if result == "found":
            return self.env._(
                "%(dossier)s: found, registered here (not listed at the start).",
                dossier=dossier.name,
            )
        if result == "misplaced":
            return self.env._(
                "%(dossier)s: misplaced, it belongs in %(location)s.",
                dossier=dossier.name,
                location=dossier.location_id.complete_name,
            )
        messages = {
            "on_loan": self.env._(
                "%(dossier)s: unexpected here, the register has it out on loan "
                "(return it at the counter)."
            ),
            "disposed": self.env._(
                "%(dossier)s: unexpected here, the register has it disposed of or "
                "transferred."
            ),
            "unfiled": self.env._(
                "%(dossier)s: unexpected here, the register has it in no cabinet "
                "yet (no location)."
            ),
        }
        return messages[reason] % {"dossier": dossier.name}

    def action_close(self):
        """Record what was not found as missing, tell the dossiers and their
        custodians, stamp the location and print the report."""
        self._check_archivist()
        self._check_state("counting", self.env._("finish"))
        for stocktaking in self:
            pending = stocktaking.line_ids.filtered(
                lambda line: line.result == "pending"
            )
            pending._procedure().write({"result": "missing"})
            stocktaking._procedure().write(
                {
                    "state": "done",
                    "closer_id": self.env.uid,
                    "date_done": fields.Datetime.now(),
                }
            )
            stocktaking._inform_dossiers()
            # The whole subtree was checked: a cabinet with its shelves and boxes.
            self.env["dossier.location"].search(
                [("id", "child_of", stocktaking.location_id.id)]
            )._procedure().write(
                {"date_last_stocktaking": archive_today(stocktaking.company_id)}
            )
        return self.env.ref(STOCKTAKING_REPORT).report_action(self)

    def _inform_dossiers(self):
        """One note per dossier not where the register says (a batch of
        messages), and one activity per custodian of the missing ones."""
        self.ensure_one()
        lines = self.line_ids.filtered(
            lambda line: line.result in ("missing", "misplaced", "unexpected")
        )
        if not lines:
            return
        texts = {
            "missing": self.env._(
                "Stock-taking %(stocktaking)s of %(location)s: this dossier was "
                "not found."
            ),
            "misplaced": self.env._(
                "Stock-taking %(stocktaking)s of %(location)s: this dossier was "
                "found there, misplaced (it belongs elsewhere)."
            ),
            "on_loan": self.env._(
                "Stock-taking %(stocktaking)s of %(location)s: this dossier was "
                "found there though it is registered as out on loan."
            ),
            "disposed": self.env._(
                "Stock-taking %(stocktaking)s of %(location)s: this dossier was "
                "found there though it is registered as disposed of or transferred."
            ),
            "unfiled": self.env._(
                "Stock-taking %(stocktaking)s of %(location)s: this dossier was "
                "found there though it is registered in no cabinet yet."
            ),
            "unexpected": self.env._(
                "Stock-taking %(stocktaking)s of %(location)s: this dossier was "
                "found there though it was not listed."
            ),
        }
        bodies = {
            line.dossier_id.id: Markup("<p>%s</p>")
            % (
                texts[line.unexpected_reason or line.result]
                % {
                    "stocktaking": self.name,
                    "location": self.location_id.complete_name,
                }
            )
            for line in lines
        }
        # The archivist read each dossier when it was listed or scanned; the
        # notes are the procedure's record, written without a notification.
        self.env["dossier.dossier"].browse(list(bodies))._message_log_batch(bodies)
        missing = lines.filtered(lambda line: line.result == "missing").dossier_id
        for custodian in missing.custodian_id:
            missing.filtered(
                lambda dossier, custodian=custodian: dossier.custodian_id == custodian
            ).activity_schedule(
                "partner_dossier.mail_activity_dossier_missing",
                user_id=custodian.id,
                note=self.env._(
                    "Not found in stock-taking %(stocktaking)s of %(location)s: "
                    "find the folder and put it back.",
                    stocktaking=self.name,
                    location=self.location_id.complete_name,
                ),
            )

    def action_print(self):
        self._check_state("done", self.env._("print"))
        return self.env.ref(STOCKTAKING_REPORT).report_action(self)

    def _report_sections(self):
        """The report's sections of what was not where the register says:
        (key, heading, lines), each case named as the register has it, in the
        words the location column beside it agrees with."""
        self.ensure_one()
        lines = self.line_ids.sorted(lambda line: line.dossier_id.name or "")
        sections = [
            (
                "missing",
                self.env._("Missing: listed here, not found"),
                lines.filtered(lambda line: line.result == "missing"),
            ),
            (
                "misplaced",
                self.env._(
                    "Misplaced: found here, registered in another cabinet or box"
                ),
                lines.filtered(lambda line: line.result == "misplaced"),
            ),
        ]
        unexpected = lines.filtered(lambda line: line.result == "unexpected")
        headings = {
            "on_loan": self.env._(
                "Out on loan: found here, though registered as lent out"
            ),
            "disposed": self.env._(
                "Disposed of or transferred: found here, though registered as "
                "gone from the archive"
            ),
            "unfiled": self.env._(
                "Not in any cabinet yet: found here, though registered in no cabinet"
            ),
            # Recorded before the reason was: the case is not known.
            False: self.env._("Unexpected: found here, not listed"),
        }
        for reason, heading in headings.items():
            sections.append(
                (
                    reason or "unexpected",
                    heading,
                    unexpected.filtered(
                        lambda line, reason=reason: line.unexpected_reason == reason
                    ),
                )
            )
        return [section for section in sections if section[2]]
