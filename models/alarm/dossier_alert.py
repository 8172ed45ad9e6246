import logging

from psycopg2.errors import UniqueViolation

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ...const import MANAGER_GROUP

_logger = logging.getLogger(__name__)

ALERT_RULES = [
    ("volume", "Many Consultations"),
    ("off_hours", "Outside Office Hours"),
    ("export", "Large Export"),
    ("refused", "Refused Attempts"),
]
EXPORT_MODELS = [
    ("dossier.dossier", "Dossiers"),
    ("dossier.document", "Dossier Documents"),
    ("res.partner", "Contacts"),
]
ALERT_STATES = [("open", "To Acknowledge"), ("acknowledged", "Acknowledged")]
ALERT_ACTIVITY = "partner_dossier.mail_activity_dossier_alert"


class DossierAlert(models.Model):
    """An alarm (报警): a rule of the company's settings that a user's accesses
    broke, raised by the detection only (see models/alarm/), told at once to
    the company's dossier managers (a notification in Odoo and an activity) and
    acknowledged by one of them with a note.

    One open alert per company, user and rule: while it is not acknowledged,
    the same rule broken again by the same user updates it (its count, its last
    detection, its dossiers) instead of raising another, so that a user reading
    on after the threshold makes one alert, not one per consultation. Once
    acknowledged, the next breach raises a new alert.

    What the alert says leaves Odoo only as the activity's e-mail: the rule, the
    user and a count; never a dossier's reference, note or document. Its
    dossiers are listed in Odoo, where the record rules show each manager those
    they may see."""

    _name = "dossier.alert"
    _description = "Dossier Alert"
    _inherit = ["mail.thread", "mail.activity.mixin", "dossier.procedure.mixin"]
    _order = "date_last desc, id desc"
    _check_company_auto = True
    # Managers read the register; acknowledging is its only change.
    _mail_post_access = "read"

    _one_open_alert = models.UniqueIndex(
        "(company_id, user_id, rule) WHERE state = 'open'",
        "A user has one open alert per rule: a new breach updates it.",
    )

    name = fields.Char(string="Alert Number", readonly=True, copy=False)
    rule = fields.Selection(ALERT_RULES, required=True, readonly=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, index=True
    )
    user_id = fields.Many2one("res.users", required=True, readonly=True, index=True)
    date = fields.Datetime(string="Raised On", required=True, readonly=True)
    date_last = fields.Datetime(string="Last Detected", required=True, readonly=True)
    count = fields.Integer(
        readonly=True,
        help="Many consultations and refused attempts: how many within the window "
        "at the last detection. Outside office hours: consultations. Large "
        "export: records exported.",
    )
    threshold = fields.Integer(
        readonly=True, help="The company's threshold when the alert was raised."
    )
    occurrences = fields.Integer(
        readonly=True,
        default=1,
        help="How many times the rule was broken while the alert was open.",
    )
    export_model = fields.Selection(EXPORT_MODELS, string="Exported", readonly=True)
    dossier_ids = fields.Many2many(
        "dossier.dossier",
        string="Dossiers",
        readonly=True,
        help="The dossiers concerned, as far as your clearance lets you see them.",
    )
    state = fields.Selection(
        ALERT_STATES,
        required=True,
        default="open",
        readonly=True,
        tracking=True,
        copy=False,
        index=True,
    )
    ack_note = fields.Text(
        string="Acknowledgement Note",
        tracking=True,
        help="What the manager found and did.",
    )
    ack_user_id = fields.Many2one("res.users", string="Acknowledged By", readonly=True)
    date_ack = fields.Datetime(string="Acknowledged On", readonly=True)

    @api.depends("name", "rule")
    @api.depends_context("lang")
    def _compute_display_name(self):
        rules = dict(self._fields["rule"]._description_selection(self.env))
        for alert in self:
            alert.display_name = self.env._(
                "%(reference)s: %(rule)s",
                reference=alert.name or "",
                rule=rules.get(alert.rule, ""),
            )

    # ------------------------------------------------------------ the register

    def _editable_fields(self):
        """A manager writes the note of an open alert; everything else is the
        detection's or the Acknowledge button's."""
        return {"open": {MANAGER_GROUP: {"ack_note"}}}

    def _procedure_fields(self):
        detection = self.env._(
            "the detection: an alert is raised by the accesses it is about"
        )
        acknowledge = self.env._("the Acknowledge button")
        return {
            **dict.fromkeys(
                (
                    "name",
                    "rule",
                    "company_id",
                    "user_id",
                    "date",
                    "date_last",
                    "count",
                    "threshold",
                    "occurrences",
                    "export_model",
                    "dossier_ids",
                ),
                detection,
            ),
            "state": acknowledge,
            "ack_user_id": acknowledge,
            "date_ack": acknowledge,
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An alert is kept: acknowledge it instead."))

    # ------------------------------------------------------------ acknowledging

    def action_acknowledge(self):
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(self.env._("Only dossier managers acknowledge alerts."))
        self._check_state("open", self.env._("acknowledge"))
        if any(not (alert.ack_note or "").strip() for alert in self):
            raise UserError(
                self.env._(
                    "Write in the note what you found and did before acknowledging "
                    "the alert."
                )
            )
        self._procedure().write(
            {
                "state": "acknowledged",
                "ack_user_id": self.env.uid,
                "date_ack": fields.Datetime.now(),
            }
        )
        # sudo: acknowledging closes every manager's activity, not only the
        # acknowledging manager's.
        self.sudo().activity_unlink([ALERT_ACTIVITY])
        return True

    # ------------------------------------------------------------ raising

    @api.model
    def _detect_export(self, model, count):
        """Rule (c): one export of more than N records (dossiers, documents or
        contacts) by the current user."""
        company = self.env.company
        threshold = company.dossier_alarm_export_count
        if threshold and count > threshold:
            self._raise_alert(
                "export",
                company,
                self.env.user,
                count,
                threshold,
                export_model=model,
                add=True,
            )

    @api.model
    def _raise_alert(
        self,
        rule,
        company,
        user,
        count,
        threshold,
        dossiers=None,
        export_model=False,
        add=False,
    ):
        """Raise ``rule`` for ``user`` in ``company``, or update the user's
        open alert of that rule: ``count`` replaces its count, or is added to it
        with ``add``. The managers are told when the alert is raised, not at each
        update. Returns the alert."""
        # sudo: the alert is raised by the accesses of a user who may not read
        # alerts; only the detection comes here.
        Alert = self.sudo().with_context(tracking_disable=True)
        now = fields.Datetime.now()
        alert = Alert.search(
            [
                ("company_id", "=", company.id),
                ("user_id", "=", user.id),
                ("rule", "=", rule),
                ("state", "=", "open"),
            ],
            limit=1,
        )
        dossier_commands = [(4, dossier_id) for dossier_id in (dossiers or ())]
        if alert:
            alert._procedure().write(
                {
                    "count": alert.count + count if add else count,
                    "date_last": now,
                    "occurrences": alert.occurrences + 1,
                    "dossier_ids": dossier_commands,
                }
            )
            return alert
        vals = {
            "name": Alert.env["ir.sequence"].next_by_code("dossier.alert"),
            "rule": rule,
            "company_id": company.id,
            "user_id": user.id,
            "date": now,
            "date_last": now,
            "count": count,
            "threshold": threshold,
            "export_model": export_model,
            "dossier_ids": dossier_commands,
        }
        try:
            with self.env.cr.savepoint():
                alert = Alert._procedure_create([vals])
        except UniqueViolation:
            # Another request of the same user raised it a moment ago: that
            # alert, and its managers' notice, stand for this breach too.
            _logger.info("Alert %s of user %s raised concurrently", rule, user.id)
            return Alert.browse()
        alert._tell_managers()
        return alert

    def _managers(self):
        """The company's dossier managers, who are told of its alerts."""
        self.ensure_one()
        return (
            self.env.ref(MANAGER_GROUP)
            .sudo()
            .all_user_ids.filtered(
                lambda user: (
                    not user.share
                    and not user._is_superuser()
                    and self.company_id in user.company_ids
                )
            )
        )

    def _summary(self, env):
        """What the managers are told, in ``env``'s language: the rule, the user
        and the count; no dossier."""
        self.ensure_one()
        if self.rule == "volume":
            return env._(
                "%(user)s consulted %(count)s confidential or secret dossiers within "
                "%(minutes)s minutes (alert above %(threshold)s).",
                user=self.user_id.name,
                count=self.count,
                minutes=self.company_id.dossier_alarm_window,
                threshold=self.threshold,
            )
        if self.rule == "off_hours":
            return env._(
                "%(user)s consulted a confidential or secret dossier outside office "
                "hours.",
                user=self.user_id.name,
            )
        if self.rule == "export":
            return env._(
                "%(user)s exported %(count)s records of %(model)s at once (alert "
                "above %(threshold)s).",
                user=self.user_id.name,
                count=self.count,
                model=dict(
                    self._fields["export_model"]._description_selection(env)
                ).get(self.export_model),
                threshold=self.threshold,
            )
        return env._(
            "%(user)s was refused %(count)s times within %(minutes)s minutes on "
            "dossiers above their clearance or of another company (alert above "
            "%(threshold)s).",
            user=self.user_id.name,
            count=self.count,
            minutes=self.company_id.dossier_alarm_window,
            threshold=self.threshold,
        )

    def _tell_managers(self):
        """A notification in Odoo at once, and an activity, for each manager."""
        self.ensure_one()
        for manager in self._managers():
            env = self.with_context(lang=manager.lang).env
            summary = self._summary(env)
            # sudo: the user whose access raised the alert schedules the
            # managers' activities on it; no one may write an alert directly.
            # In the manager's language: the activity keeps its type's summary
            # and the alert's name as they were written.
            self.sudo().with_context(lang=manager.lang).activity_schedule(
                ALERT_ACTIVITY, user_id=manager.id, note=summary
            )
            manager._bus_send(
                "simple_notification",
                {
                    "type": "warning",
                    "sticky": True,
                    "title": env._("Dossier alert %(reference)s", reference=self.name),
                    "message": summary,
                },
            )
