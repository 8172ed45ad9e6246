from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import human_size

from ..const import MANAGER_GROUP

# What the backup script (scripts/backup.py, `make backup`) records of a run.
RECORDED_FIELDS = (
    "name",
    "date",
    "run_by",
    "database",
    "path",
    "size",
    "manifest_checksum",
    "file_count",
    "attachment_count",
)


class DossierBackup(models.Model):
    """One run of `make backup`: the database (pg_dump, custom format) and its
    filestore written to a folder with a SHA-256 manifest. Recorded by the script
    through Odoo, never by hand; its restore checks (`make restore-check`) are
    recorded beside it. A backup covers the whole database, every company of it:
    no company rule, managers only (access rights)."""

    _name = "dossier.backup"
    _description = "Dossier Backup"
    _inherit = ["mail.thread", "mail.activity.mixin", "dossier.procedure.mixin"]
    _order = "date desc, id desc"
    # Read-only to everyone: reading it is what it takes to discuss it and to
    # complete the restore check reminder scheduled on it.
    _mail_post_access = "read"

    _name_unique = models.UniqueIndex("(name)", "A backup run is recorded once.")

    name = fields.Char(
        string="Backup", required=True, readonly=True, help="The run's folder name."
    )
    date = fields.Datetime(required=True, readonly=True, index=True)
    run_by = fields.Char(
        readonly=True, help="The system user and machine that ran the backup."
    )
    database = fields.Char(readonly=True)
    path = fields.Char(
        string="Folder", readonly=True, help="Where the run's folder was written."
    )
    size = fields.Float(
        string="Size (Bytes)", readonly=True, aggregator="sum", digits=(16, 0)
    )
    size_display = fields.Char(string="Size", compute="_compute_size_display")
    manifest_checksum = fields.Char(
        string="Manifest SHA-256",
        readonly=True,
        help="The SHA-256 of the run's manifest.json, which lists the SHA-256 of "
        "the database dump and of every file of the filestore.",
    )
    file_count = fields.Integer(string="Files", readonly=True)
    attachment_count = fields.Integer(string="Attachments", readonly=True)
    check_ids = fields.One2many(
        "dossier.backup.check", "backup_id", string="Restore Checks", readonly=True
    )
    last_check_id = fields.Many2one(
        "dossier.backup.check",
        string="Last Restore Check",
        compute="_compute_last_check",
    )
    last_check_date = fields.Datetime(
        string="Last Restore Check On", compute="_compute_last_check"
    )
    last_check_result = fields.Selection(
        [("pass", "Passed"), ("fail", "Failed")],
        string="Last Restore Check Result",
        compute="_compute_last_check",
    )

    @api.depends("size")
    def _compute_size_display(self):
        for backup in self:
            backup.size_display = human_size(backup.size) if backup.size else False

    @api.depends("check_ids.date", "check_ids.result")
    def _compute_last_check(self):
        # One query for the page: the newest check of each backup.
        latest = {}
        if self.ids:
            for check in self.env["dossier.backup.check"].search(
                [("backup_id", "in", self.ids)], order="date desc, id desc"
            ):
                latest.setdefault(check.backup_id.id, check)
        for backup in self:
            check = latest.get(backup.id, self.env["dossier.backup.check"])
            backup.last_check_id = check
            backup.last_check_date = check.date
            backup.last_check_result = check.result

    def _procedure_fields(self):
        script = self.env._("the backup script (make backup), which records its run")
        return dict.fromkeys(RECORDED_FIELDS, script)

    def _editable_fields(self):
        """Nothing: a run is recorded by the backup script and never changes."""
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
        raise UserError(self.env._("A backup run, once recorded, cannot be deleted."))

    # ------------------------------------------------------------ the scripts

    @api.model
    def _record_backup(self, values):
        """Record a run of the backup script: ``values`` holds RECORDED_FIELDS."""
        values = {key: values[key] for key in RECORDED_FIELDS if key in values}
        return self._procedure_create([values])

    # ------------------------------------------------------------ reminder

    @api.model
    def _cron_remind_restore_check(self):
        """Remind each company's dossier managers when no restore check has
        passed for the company's number of days (0: no reminder). One activity
        per manager at a time, on the newest backup (or, when there is none, on
        the company: nothing has been backed up to check)."""
        last_pass = self.env["dossier.backup.check"].search(
            [("result", "=", "pass")], order="date desc, id desc", limit=1
        )
        newest = self.search([], limit=1)
        activity_type = self.env.ref(
            "partner_dossier.mail_activity_dossier_restore_check"
        )
        managers = self.env.ref(MANAGER_GROUP).all_user_ids.filtered(
            lambda user: not user.share and not user._is_superuser()
        )
        reminded = (
            self.env["mail.activity"]
            .search(
                [
                    ("activity_type_id", "=", activity_type.id),
                    ("user_id", "in", managers.ids),
                ]
            )
            .user_id
        )
        now = fields.Datetime.now()
        for company in self.env["res.company"].search(
            [("dossier_backup_check_days", ">", 0)]
        ):
            days = company.dossier_backup_check_days
            if last_pass and last_pass.date >= now - timedelta(days=days):
                continue
            for manager in (
                managers.filtered_domain([("company_id", "=", company.id)]) - reminded
            ):
                reminded |= manager
                env = self.with_context(lang=manager.lang).env
                note = (
                    env._(
                        "No restore check of a backup has passed for %(days)s days: "
                        "run make restore-check on the newest backup.",
                        days=days,
                    )
                    if last_pass
                    else env._(
                        "No restore check of a backup has ever passed: run make "
                        "backup, then make restore-check on it."
                    )
                )
                # In the manager's language: the activity keeps its type's
                # summary as it was written.
                (newest or company.partner_id).with_env(env).activity_schedule(
                    activity_type_id=activity_type.id, user_id=manager.id, note=note
                )
