from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import format_datetime

from ..const import MANAGER_GROUP, USER_GROUP

# What the archivist logging a use says: the cabinet and why. Who and when are the
# logging user and the moment (see _procedure_fields).
LOGGED_FIELDS = frozenset({"location_id", "reason"})


class DossierKeyLog(models.Model):
    """Each use of a cabinet's backup key: who, when, why. The cabinet's key
    manager (or else the dossier managers) gets an activity."""

    _name = "dossier.key.log"
    _description = "Cabinet Backup Key Use"
    _inherit = ["mail.thread", "mail.activity.mixin", "dossier.procedure.mixin"]
    _order = "date desc, id desc"
    _rec_name = "location_id"
    _check_company_auto = True
    # The log is read-only to everyone: reading it is what it takes to discuss it
    # and to schedule or complete its activities.
    _mail_post_access = "read"

    location_id = fields.Many2one(
        "dossier.location",
        string="Cabinet",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('location_type', '=', 'cabinet')]",
    )
    company_id = fields.Many2one(
        related="location_id.company_id", store=True, index=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Used By",
        required=True,
        default=lambda self: self.env.user,
        domain="[('share', '=', False)]",
    )
    date = fields.Datetime(string="Used On", required=True, default=fields.Datetime.now)
    reason = fields.Text(required=True)

    @api.constrains("location_id")
    def _check_cabinet(self):
        for log in self:
            if log.location_id.location_type != "cabinet":
                raise ValidationError(
                    self.env._(
                        "%(location)s is not a cabinet: keys are those of cabinets.",
                        location=log.location_id.display_name,
                    )
                )

    def _procedure_fields(self):
        logging = self.env._(
            "the Backup Key Uses menu: a use is logged by whoever took the key, "
            "when they log it"
        )
        return {"user_id": logging, "date": logging}

    def _editable_fields(self):
        """What a plain create may set: the cabinet and the reason; a use, once
        logged, cannot change (see write)."""
        # Who may log a use at all is the access rights' (archivists, managers).
        return {None: {USER_GROUP: LOGGED_FIELDS}}

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        logs = super().create(vals_list)
        logs._inform_key_manager()
        return logs

    def write(self, vals):
        self = self._register_write(vals)
        # The list above is what a use is logged with; the rest is refused there.
        if vals.keys() & LOGGED_FIELDS:
            raise UserError(self.env._("A backup key use, once logged, cannot change."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A backup key use, once logged, cannot be deleted."))

    def _inform_key_manager(self):
        dossier_managers = self.env.ref(MANAGER_GROUP).all_user_ids.filtered(
            lambda user: not user.share and not user._is_superuser()
        )
        for log in self:
            managers = log.location_id.key_manager_id or (
                dossier_managers.filtered_domain(
                    [("company_ids", "in", log.company_id.ids)]
                )
            )
            for manager in managers:
                # The manager reads it in their language, the time in their zone.
                env = log.with_context(lang=manager.lang).env
                # sudo: scheduling the activity makes the manager a follower of
                # the log, which takes write access, and no one has write access
                # to a log. Who may log a use was checked when it was created.
                log.sudo().activity_schedule(
                    "partner_dossier.mail_activity_dossier_backup_key",
                    user_id=manager.id,
                    note=env._(
                        "%(user)s used the backup key of %(cabinet)s on %(date)s: "
                        "%(reason)s",
                        user=log.user_id.name,
                        cabinet=log.location_id.with_env(env).display_name,
                        date=format_datetime(
                            env, log.date, tz=manager.tz or False, dt_format="short"
                        ),
                        reason=log.reason,
                    ),
                )
