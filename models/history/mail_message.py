from odoo import api, models

from ...const import CORRECTION_SUBTYPE, REVIEW_SUBTYPE
from .mail_thread import CREATING, CREATING_KEY, MAILING, MAILING_KEY

# What Odoo's web client writes on an existing message for its reader alone
# (the Starred box, a pinned message): not the history, which stays as written.
# Reading, reactions and notifications are other models (mail.notification,
# mail.message.reaction), and Odoo pins in SQL, without a write.
READER_FIELDS = {"starred_partner_ids", "pinned_at"}
# The chatter subtypes the statistics and the inventory trust: posted only by
# the procedures that record a correction or a review.
REGISTER_SUBTYPES = (CORRECTION_SUBTYPE, REVIEW_SUBTYPE)


class MailMessage(models.Model):
    """A register's messages are its history: never edited nor deleted, but by
    its procedures and with the register itself (mail_thread.py)."""

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        self._dossier_check_subtypes(vals_list)
        messages = super(
            MailMessage, self.with_context(**{CREATING_KEY: CREATING})
        ).create(vals_list)
        return messages.with_env(self.env)

    def write(self, vals):
        if (
            vals.keys() - READER_FIELDS
            and self.env.context.get(CREATING_KEY) is not CREATING
            and not self._dossier_mailing_subject(vals)
        ):
            self._dossier_check_history(self._dossier_threads(vals))
            if "subtype_id" in vals:
                self._dossier_check_subtypes([vals])
        return super().write(vals)

    def _dossier_mailing_subject(self, vals):
        """Whether this is Odoo naming a message as it sends it by e-mail (the
        e-mail, a mail.mail, writes its subject on its message): a message
        without a subject gets one, one with a subject keeps it."""
        return (
            vals.keys() == {"subject"}
            and self.env.context.get(MAILING_KEY) is MAILING
            and all(
                subject in (False, vals["subject"])
                for subject in self.sudo().mapped("subject")
            )
        )

    def unlink(self):
        self._dossier_check_history(self._dossier_threads())
        return super().unlink()

    def _dossier_threads(self, vals=None):
        """The threads of these messages, and those ``vals`` would move them to
        (moving a message onto a register forges its history too)."""
        vals = vals or {}
        threads = set()
        # sudo: where a message was posted decides, whoever asks.
        for message in self.sudo():
            threads.add((message.model, message.res_id))
            threads.add(
                (vals.get("model", message.model), vals.get("res_id", message.res_id))
            )
        return threads

    def _dossier_check_history_of_messages(self, moved_to=None):
        """Refuse to change the tracked values of these messages, or to move
        one onto the message ``moved_to`` (an id)."""
        messages = self | self.browse(moved_to or [])
        self._dossier_check_history(messages._dossier_threads())

    @api.model
    def _dossier_check_history(self, threads):
        locked = self.env["mail.thread"]._dossier_history_locked(threads)
        if locked:
            raise self.env["mail.thread"]._dossier_history_error(min(locked)[0])

    @api.model
    def _dossier_check_subtypes(self, vals_list):
        """Refuse a register subtype outside the procedures that post it."""
        if self.env["dossier.procedure.mixin"]._in_procedure():
            return
        IrModelData = self.env["ir.model.data"]
        # Cached by the registry: no query, unlike env.ref().
        refused = {IrModelData._xmlid_to_res_id(xmlid) for xmlid in REGISTER_SUBTYPES}
        for vals in vals_list:
            if vals.get("subtype_id") in refused:
                subtype = self.env["mail.message.subtype"].browse(vals["subtype_id"])
                raise self.env["mail.thread"]._dossier_subtype_error(subtype)
