from odoo import models
from odoo.exceptions import UserError


class MailActivity(models.Model):
    _inherit = "mail.activity"

    # A backup key use tells its key manager by an activity on the log. The log
    # is readable by the archivist who wrote it (_mail_post_access "read"), and
    # Odoo lets whoever may post on a record, or created an activity, change or
    # delete its activities: the archivist could take back what the manager was
    # told. Only the manager may touch theirs, and only to mark it done (which
    # leaves its message); code (sudo) is trusted, as it schedules them.
    def write(self, vals):
        if self._key_log_activities().filtered(
            lambda activity: activity.user_id.id != self.env.uid
        ):
            raise UserError(
                self.env._(
                    "This backup key activity is its key manager's: only they can "
                    "mark it done."
                )
            )
        return super().write(vals)

    def unlink(self):
        if self._key_log_activities():
            raise UserError(
                self.env._(
                    "A backup key activity cannot be cancelled: its key manager marks "
                    "it done, which leaves a trace in the log."
                )
            )
        return super().unlink()

    def _key_log_activities(self):
        if self.env.su:
            return self.browse()
        # sudo: what an activity is about and whose it is are no secret to the
        # rule, even on an activity the user may not read.
        return self.sudo().filtered(
            lambda activity: activity.res_model == "dossier.key.log"
        )
