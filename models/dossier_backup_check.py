from odoo import api, fields, models
from odoo.exceptions import UserError

# What the restore check (scripts/backup.py, `make restore-check`) records of a run.
RECORDED_FIELDS = (
    "backup_id",
    "backup_name",
    "date",
    "run_by",
    "result",
    "detail",
    "duration",
)


class DossierBackupCheck(models.Model):
    """One run of `make restore-check`: a backup restored into a scratch database
    and filestore, every register's row count and every attachment's checksum
    compared with the backup's manifest, the scratch copy removed. Recorded by
    the script through Odoo, never by hand."""

    _name = "dossier.backup.check"
    _description = "Dossier Backup Restore Check"
    _order = "date desc, id desc"
    _inherit = ["dossier.procedure.mixin"]
    _rec_name = "backup_name"

    backup_id = fields.Many2one(
        "dossier.backup",
        string="Backup Run",
        readonly=True,
        index=True,
        ondelete="restrict",
        help="Empty when the backup checked was not recorded in this database.",
    )
    backup_name = fields.Char(string="Backup", required=True, readonly=True)
    date = fields.Datetime(string="Checked On", required=True, readonly=True)
    run_by = fields.Char(
        readonly=True, help="The system user and machine that ran the check."
    )
    result = fields.Selection(
        [("pass", "Passed"), ("fail", "Failed")], required=True, readonly=True
    )
    detail = fields.Text(
        readonly=True,
        help="What differs from the manifest, file by file and table by table.",
    )
    duration = fields.Float(string="Duration (Seconds)", readonly=True, digits=(16, 1))

    def _procedure_fields(self):
        script = self.env._(
            "the restore check (make restore-check), which records its run"
        )
        return dict.fromkeys(RECORDED_FIELDS, script)

    def _editable_fields(self):
        """Nothing: a check is recorded by the restore check script and never
        changes."""
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
            self.env._("A restore check, once recorded, cannot be deleted.")
        )

    @api.model
    def _record_check(self, values):
        """Record a run of the restore check: ``values`` holds RECORDED_FIELDS
        but the backup run, found by its name."""
        values = {key: values[key] for key in RECORDED_FIELDS if key in values}
        backup = self.env["dossier.backup"].search(
            [("name", "=", values["backup_name"])], limit=1
        )
        values["backup_id"] = backup.id or False
        return self._procedure_create([values])
