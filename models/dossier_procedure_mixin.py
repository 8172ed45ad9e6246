from datetime import datetime, timedelta

from odoo import api, models
from odoo.exceptions import UserError

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

# What a procedure (button, wizard, scheduled job) puts in the context of the writes
# it makes. A plain Python object compared by identity: a JSON-RPC context holds only
# strings, numbers, lists and dicts, so no client can send it, whatever key it sets.
_PROCEDURE = object()
PROCEDURE_KEY = "dossier_procedure"
# What a client may put in the context of a call to switch a rule of a register off:
# the tracking of its fields and its creation note are its history, and Odoo's
# uninstall flag skips every ``@api.ondelete(at_uninstall=False)`` check. Dropped
# from the context of a register's create, write and unlink, except in a procedure
# (and the uninstall flag while the addon is really being uninstalled).
CLIENT_SWITCHES = ("tracking_disable", "mail_notrack", "mail_create_nolog")
# A date and time that defaults to "now" is accepted on create when it is that close
# to now: the client may have asked for the defaults a moment before saving.
NOW_TOLERANCE = timedelta(minutes=1)
# The largest offset or limit PostgreSQL takes (a bigint).
INT8_MAX = 2**63 - 1


class DossierProcedureMixin(models.AbstractModel):
    """A register: what a plain write may change is declared, everything else is
    written only by its procedures.

    Each register inherits this mixin in its own file and declares, there:

    - ``_editable_fields()``: {state: {group xml id: field names}}, what a form, an
      import or any RPC call may change on a record in that state (the key ``None``
      for a model without a state), by a user of that group (a user has the fields of
      every group they belong to; the superuser those of all the groups). Everything
      else is refused to every user, the superuser included;
    - ``_procedure_fields()``: {field: the buttons that set it}, to name them in the
      refusal.

    Its own ``create`` and ``write`` start with
    ``self = self._register_create(vals_list)`` / ``self._register_write(vals)``, and
    the mixin's ``unlink`` with ``_register_unlink()``: the checks run first, and
    what follows runs without the context keys a client could send to switch a rule
    off, whatever the order in which the files are loaded. The procedures (buttons, wizards, scheduled jobs)
    write through ``_procedure()``, after their own checks (state, group, separation
    of duties). Module data files (demo records with a history) are loaded while the
    registry is not ready: no request can reach a registry being loaded, so they are
    trusted like the code.
    """

    _name = "dossier.procedure.mixin"
    _description = "Register: Declared Edits, Procedures for the Rest"

    def _editable_fields(self):
        """{state: {group xml id: field names}}: see the class. A register that
        declares nothing has nothing editable."""
        return {}

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

    # ------------------------------------------------------------ the doors

    @api.model
    def _register_create(self, vals_list):
        """Check a create and return the model to create with."""
        if not self._in_procedure():
            self._check_create(vals_list)
        return self._without_client_switches()

    def _register_write(self, vals):
        """Check a write and return the records to write with."""
        if not self._in_procedure():
            self._check_write(vals)
        return self._without_client_switches()

    def unlink(self):
        # Here rather than in each register: wherever the mixin stands in the
        # model's classes, it runs before Odoo's own unlink, where the deletion
        # rules are checked.
        return super(DossierProcedureMixin, self._register_unlink()).unlink()

    def _register_unlink(self):
        """The records to delete with: every deletion rule of the model runs
        (its ``@api.ondelete`` methods), whatever the context says, unless the
        addon itself is being uninstalled."""
        records = self._without_client_switches()
        if self.env.context.get(MODULE_UNINSTALL_FLAG) and not self._uninstalling():
            records = records.with_context(**{MODULE_UNINSTALL_FLAG: False})
        return records

    def _without_client_switches(self):
        if self._in_procedure() or not any(
            self.env.context.get(key) for key in CLIENT_SWITCHES
        ):
            return self
        return self.with_context(**dict.fromkeys(CLIENT_SWITCHES, False))

    def _uninstalling(self):
        # sudo: whether the addon is being removed is no secret, and only an
        # administrator's uninstall puts it in that state.
        return bool(
            self.env["ir.module.module"]
            .sudo()
            .search_count(
                [("name", "=", "partner_dossier"), ("state", "=", "to remove")], limit=1
            )
        )

    # ------------------------------------------------------------ lists

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        self._check_list_window(offset, limit)
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    @api.model
    def _read_group(
        self,
        domain,
        groupby=(),
        aggregates=(),
        having=(),
        offset=0,
        limit=None,
        order=None,
    ):
        self._check_list_window(offset, limit)
        return super()._read_group(
            domain, groupby, aggregates, having, offset, limit, order
        )

    @api.model
    def _check_list_window(self, offset, limit):
        """A list's offset and limit come from the client: PostgreSQL would answer
        a negative one (or a string) with its own error instead of a sentence."""
        for value in (offset, limit):
            if value is None or value is False:
                continue
            if not isinstance(value, int) or not 0 <= value <= INT8_MAX:
                raise UserError(
                    self.env._(
                        "A list is read from a position, and for a number of rows, "
                        "that are whole numbers, 0 or more."
                    )
                )

    # ------------------------------------------------------------ procedures

    def _procedure(self):
        """These records, for a procedure to write what it records."""
        return self.with_context(dossier_procedure=_PROCEDURE)

    @api.model
    def _procedure_create(self, vals_list):
        """Create records with their procedure's fields set; they come back without
        the procedure's token, so that what the caller does next is checked."""
        return self._procedure().create(vals_list).with_env(self.env)

    def _in_procedure(self):
        return self.env.context.get(PROCEDURE_KEY) is _PROCEDURE or not self.pool.ready

    # ------------------------------------------------------------ the allowlist

    def _editable_now(self, state):
        """The fields a plain write may change on a record in ``state``, for the
        current user."""
        by_group = self._editable_fields().get(state, {})
        user = self.env.user
        return set().union(
            *(
                fnames
                for group, fnames in by_group.items()
                if self.env.su or user.has_group(group)
            )
        )

    def _initial_state(self):
        if "state" not in self._fields:
            return None
        field = self._fields["state"]
        return field.default(self) if field.default else False

    @api.model
    def _check_create(self, vals_list):
        """A new record is created as a form of its first state would: a field
        outside that state's list takes only its default (the context's
        ``default_*`` keys are not trusted either)."""
        editable = self._editable_now(self._initial_state())
        for key, value in self.env.context.items():
            fname = key.removeprefix("default_")
            if (
                key.startswith("default_")
                and fname in self._fields
                and fname not in editable
                and not self._procedure_default_ok(fname, value)
            ):
                raise self._not_editable_error(fname)
        for vals in vals_list:
            for fname in vals.keys() - editable:
                if fname in self._fields and not self._procedure_default_ok(
                    fname, vals[fname]
                ):
                    raise self._not_editable_error(fname)

    def _check_write(self, vals):
        """A field outside the record's list may be written only with the value it
        has (a form saving what it shows)."""
        for state, records in self.grouped(
            lambda record: record.state if "state" in record._fields else None
        ).items():
            editable = self._editable_now(state)
            for fname in vals.keys() - editable:
                if fname in self._fields and not records._procedure_write_ok(
                    fname, vals[fname]
                ):
                    raise records._not_editable_error(fname)

    def _procedure_default_ok(self, fname, value):
        """Whether ``value`` is the default of field ``fname``."""
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
        """Whether writing ``value`` to ``fname`` changes none of these records."""
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

    def _not_editable_error(self, fname):
        """The refusal, in the user's language: it names the field and, when a
        procedure records it, the buttons to use; never a record the user may not
        read."""
        # The model's name in the user's language (ir.model holds its translations).
        model_name = self.env["ir.model"]._get(self._name).name
        field_label = self._fields[fname]._description_string(self.env)
        buttons = self._procedure_fields().get(fname)
        if buttons:
            return UserError(
                self.env._(
                    "%(model)s: “%(field)s” is recorded by its procedure and cannot "
                    "be written directly. Use %(buttons)s.",
                    field=field_label,
                    model=model_name,
                    buttons=buttons,
                )
            )
        if len(self) == 1 and "state" in self._fields:
            states = dict(self._fields["state"]._description_selection(self.env))
            return UserError(
                self.env._(
                    "%(model)s: “%(field)s” cannot be changed while it is %(state)s.",
                    model=model_name,
                    field=field_label,
                    state=states.get(self.state, self.state),
                )
            )
        return UserError(
            self.env._(
                "%(model)s: “%(field)s” cannot be changed.",
                model=model_name,
                field=field_label,
            )
        )
