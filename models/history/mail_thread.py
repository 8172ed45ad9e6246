from odoo import api, models, tools
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# Context keys read by the history guards. Their values are instances of the
# private classes below, compared by type: a JSON-RPC context holds only strings,
# numbers, lists and dicts, so no client can send them.
DELETING_KEY = "dossier_history_deleting"
CREATING_KEY = "dossier_history_creating"


class DeletingThreads(frozenset):
    """The (model, id) of the register threads being deleted through their own
    unlink, after their deletion rules passed: their history goes with them."""


class CreatingMessages:
    """Set while mail.message creates messages: the links it writes on the new
    messages (their tracked values) are part of posting them."""


CREATING = CreatingMessages()
MAILING_KEY = "dossier_history_mailing"


class MailingMessages:
    """Set while mail.mail creates the e-mails of messages: an e-mail writes its
    subject on its message when the message has none."""


MAILING = MailingMessages()


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def unlink(self):
        # Odoo's mail.thread deletes the messages before its unlink runs the
        # model's deletion rules: a register runs them first, and only then
        # lets its history go, marked as going with it.
        if not self or self._name not in self._dossier_register_threads():
            return super().unlink()
        self._dossier_check_deletion()
        deleting = DeletingThreads(
            self.env.context.get(DELETING_KEY, frozenset())
            | {(self._name, record_id) for record_id in self.ids}
        )
        return super(MailThread, self.with_context(**{DELETING_KEY: deleting})).unlink()

    def _dossier_check_deletion(self):
        """Run the register's deletion rules, as Odoo's unlink does, whatever
        the client's context says: only a real uninstall of the addon skips the
        rules that do not apply then. Access first, as Odoo's unlink checks."""
        self.check_access("unlink")
        uninstalling = (
            bool(self.env.context.get(MODULE_UNINSTALL_FLAG))
            and self.env["dossier.procedure.mixin"]._uninstalling()
        )
        for method in self._ondelete_methods:
            if method._ondelete or not uninstalling:
                method(self)

    @api.model
    @tools.ormcache()
    def _dossier_register_threads(self):
        """The models whose chatter is a register's history: those inheriting
        both the procedure mixin and mail.thread."""
        threads = set(self.pool.descendants(["mail.thread"], "_inherit"))
        registers = self.pool.descendants(["dossier.procedure.mixin"], "_inherit")
        return frozenset(
            name
            for name in registers
            if name in threads and not self.pool[name]._abstract
        )

    @api.model
    def _dossier_history_locked(self, threads):
        """The (model, id) of ``threads`` whose history may not be changed now:
        those of registers, unless a procedure changes it, the register is
        being deleted through its own unlink or the addon uninstalled."""
        if self.env["dossier.procedure.mixin"]._in_procedure():
            return set()
        deleting = self.env.context.get(DELETING_KEY)
        if not isinstance(deleting, DeletingThreads):
            deleting = frozenset()
        registers = self._dossier_register_threads()
        locked = {
            (model, res_id)
            for model, res_id in threads
            if model in registers and (model, res_id) not in deleting
        }
        # Uninstalling the addon removes its registers and their history (Odoo
        # deletes the messages of a model it drops).
        if locked and self.env["dossier.procedure.mixin"]._uninstalling():
            return set()
        return locked

    @api.model
    def _dossier_history_error(self, model):
        return UserError(
            self.env._(
                "%(model)s: the history (messages, tracked changes and files) is "
                "kept as it was written and cannot be changed or deleted.",
                model=self.env["ir.model"]._get(model).name,
            )
        )

    @api.model
    def _dossier_subtype_error(self, subtype):
        return UserError(
            self.env._(
                "“%(subtype)s” messages are recorded by the registers' own "
                "procedures and cannot be posted directly.",
                subtype=subtype.sudo().name,
            )
        )
