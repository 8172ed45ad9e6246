from datetime import datetime, timedelta

from odoo import api, models
from odoo.exceptions import UserError

# What a procedure (button, wizard, scheduled job) puts in the context of the writes
# it makes. A plain Python object compared by identity: a JSON-RPC context holds only
# strings, numbers, lists and dicts, so no client can send it, whatever key it sets.
_PROCEDURE = object()
PROCEDURE_KEY = "dossier_procedure"
# A date and time that defaults to "now" is accepted on create when it is that close
# to now: the client may have asked for the defaults a moment before saving.
NOW_TOLERANCE = timedelta(minutes=1)


class DossierProcedureMixin(models.AbstractModel):
    """The workflow fields of a register (state, the dates and the people of each
    step) are written only by its procedures.

    Each model inherits this mixin in its own file, lists its guarded fields in
    ``_procedure_fields()`` and calls ``_check_procedure_create`` /
    ``_check_procedure_write`` first in its own ``create`` / ``write``, so that no
    one, superuser included, writes them directly (RPC, import, a server action),
    whatever the order in which the files are loaded. The procedures write through ``_procedure()``, after their own checks
    (state, group, separation of duties). Module data files (demo records with a
    history) are loaded while the registry is not ready: no request can reach a
    registry being loaded, so they are trusted like the code.
    """

    _name = "dossier.procedure.mixin"
    _description = "Workflow Fields Set by Their Procedures"

    def _procedure_fields(self):
        """{field name: the buttons that set it, as a user reads them}."""
        return {}

    def _check_state(self, allowed_states, action_label):
        """Refuse ``action_label`` (a verb, in the user's language) on the
        records of self whose state is not in ``allowed_states`` (one state or
        several), naming the first of them and its state."""
        if isinstance(allowed_states, str):
            allowed_states = (allowed_states,)
        wrong = self.filtered(lambda record: record.state not in allowed_states)
        if wrong:
            states = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot %(action)s %(record)s: it is %(state)s.",
                    action=action_label,
                    record=wrong[0].display_name,
                    state=states[wrong[0].state],
                )
            )

    def _procedure(self):
        """These records, for a procedure to write its guarded fields."""
        return self.with_context(dossier_procedure=_PROCEDURE)

    @api.model
    def _procedure_create(self, vals_list):
        """Create records with their guarded fields set; they come back without
        the procedure's token, so that what the caller does next is checked."""
        return self._procedure().create(vals_list).with_env(self.env)

    def _in_procedure(self):
        return self.env.context.get(PROCEDURE_KEY) is _PROCEDURE or not self.pool.ready

    @api.model
    def _check_procedure_create(self, vals_list):
        """On create, a guarded field takes only the value the procedure starts it
        with: its default (the context's ``default_*`` keys are not trusted)."""
        if self._in_procedure():
            return
        guarded = self._procedure_fields()
        for fname in guarded:
            key = f"default_{fname}"
            if key in self.env.context and not self._procedure_default_ok(
                fname, self.env.context[key]
            ):
                raise self._procedure_error(fname, guarded)
        for vals in vals_list:
            for fname in guarded.keys() & vals.keys():
                if not self._procedure_default_ok(fname, vals[fname]):
                    raise self._procedure_error(fname, guarded)

    def _check_procedure_write(self, vals):
        if self._in_procedure():
            return
        guarded = self._procedure_fields()
        for fname in guarded.keys() & vals.keys():
            if not self._procedure_write_ok(fname, vals[fname]):
                raise self._procedure_error(fname, guarded)

    def _procedure_default_ok(self, fname, value):
        """Whether ``value`` is the default of guarded field ``fname``."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return not value or all(
                command[0] == 5 or (command[0] == 6 and not command[2])
                for command in value
            )
        default = field.default(self) if field.default else False
        try:
            value = field.convert_to_cache(value, self)
            default = field.convert_to_cache(default, self)
        except (ValueError, TypeError):
            return False
        if isinstance(value, datetime) and isinstance(default, datetime):
            return abs(value - default) <= NOW_TOLERANCE
        return value == default

    def _procedure_write_ok(self, fname, value):
        """Whether a plain write of guarded field ``fname`` may go through: only
        when it changes nothing (a form saving what it displays)."""
        field = self._fields[fname]
        if field.type in ("one2many", "many2many"):
            return False
        # sudo: comparing with the stored value is not reading it for the user.
        for record in self.sudo():
            try:
                new = field.convert_to_record(
                    field.convert_to_cache(value, record), record
                )
            except (ValueError, TypeError):
                return False
            if new != record[fname]:
                return False
        return True

    def _procedure_error(self, fname, guarded):
        # The model's name in the user's language (ir.model holds its translations).
        model_name = self.env["ir.model"]._get(self._name).name
        return UserError(
            self.env._(
                "%(model)s: “%(field)s” is recorded by its procedure and cannot be "
                "written directly. Use %(buttons)s.",
                field=self._fields[fname]._description_string(self.env),
                model=model_name,
                buttons=guarded[fname],
            )
        )
