"""The bend crawler (issue 23): every register of the addon, found in the
registry, declares what a plain write may change, and nothing else bends.

For every stored model of the addon × every stored field it defines × each role
× each state present in an office built through the procedures, a write, a
create with the field set and an unlink are tried, each in a savepoint rolled
back. The rule: a write or create is refused by the guard exactly when the field
is not in the declared list for (state, role); an unlink never succeeds where
the model's deletion rules refuse it."""

import base64
import logging
from collections import Counter
from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import HttpCase
from odoo.tools import mute_logger

from .crawl_common import build_office

_logger = logging.getLogger(__name__)

ADDON = "partner_dossier"
MIXIN = "dossier.procedure.mixin"
ROLES = ("user", "archivist", "manager", "admin", "superuser")
# The sentences of the guard (models/dossier_procedure_mixin.py).
GUARD_SENTENCES = ("cannot be changed", "is recorded by its procedure")
# States after which no form lets anyone edit a record: what the "seen failing
# first" count calls a closed record.
CLOSED_STATES = {
    "closed",
    "disposed",
    "transferred",
    "returned",
    "refused",
    "rejected",
    "cancelled",
    "done",
    "verified",
    "restored",
}
# x2many commands through a listed field that the lines' own list refuses, with
# the reason (the parent's list says the lines may change, the line's which way).
LINE_COMMANDS_REFUSED = {
    ("dossier.clearout", "line_ids", "command 0"): (
        "a clear-out's list is proposed by its yearly job: managers only take "
        "dossiers off it (commands 2 and 3); a new line is refused by the line's list"
    ),
}


# States the office does not reach through its procedures: (model, state) → why.
ABSENT_STATES = {}


# The context keys a client may send to switch a rule off (and a forged
# procedure token: a JSON value, never the procedure's own object).
CLIENT_CONTEXT = {
    "_force_unlink": True,
    "tracking_disable": True,
    "mail_notrack": True,
    "mail_create_nolog": True,
    "dossier_procedure": True,
}


class Rollback(Exception):
    """Raised to roll an accepted attempt back."""


def addon_models(env):
    """The stored models the addon defines, from the registry."""
    return sorted(
        name
        for name, model in env.registry.items()
        if model._original_module == ADDON
        and not model._abstract
        and not model._transient
        and model._auto
    )


def addon_fields(model):
    """The stored fields the addon defines on ``model`` (not the magic ones, nor
    those of the mail mixins)."""
    return [
        field
        for name, field in model._fields.items()
        if field.store and name not in models_magic() and field._module == ADDON
    ]


def models_magic():
    return {
        "id",
        "create_uid",
        "create_date",
        "write_uid",
        "write_date",
        "display_name",
    }


def _other_value(env, record, field, current=False):
    """A value different from the record's (or from ``current`` without a
    record), of the field's type (None: none to try)."""
    value = record[field.name] if record else current
    if field.type in ("char", "text", "html"):
        return "Crawl bend"
    if field.type in ("integer", "float", "monetary"):
        return (value or 0) + 1
    if field.type == "boolean":
        return not value
    if field.type == "date":
        return (value or fields.Date.today()) - timedelta(days=1)
    if field.type == "datetime":
        return (value or fields.Datetime.now()) - timedelta(days=1)
    if field.type == "selection":
        options = [key for key, _label in field._description_selection(env)]
        others = [key for key in options if key != value]
        return others[0] if others else None
    if field.type == "many2one":
        current_id = value.id if hasattr(value, "id") else value
        others = (
            env[field.comodel_name]
            .sudo()
            .search([("id", "!=", current_id)] if current_id else [], limit=1)
        )
        return others.id or None
    if field.type == "binary":
        return base64.b64encode(b"crawl bend")
    return None


def _json_value(value):
    """value as a JSON-RPC client sends it."""
    if isinstance(value, bytes):
        return value.decode()
    if hasattr(value, "isoformat"):
        return str(value)
    return value


def _load_value(value, field):
    """(column, cell) to import value into field with ``load`` (None: skip)."""
    if field.type in ("binary", "one2many", "many2many"):
        return None
    if field.type == "many2one":
        return f"{field.name}/.id", str(value)
    if field.type == "boolean":
        return field.name, "1" if value else "0"
    return field.name, str(value)


def _loaded(result):
    """Raise what ``load`` reports instead of raising."""
    if not result.get("ids"):
        raise UserError(
            "; ".join(message["message"] for message in result["messages"])
            or "nothing imported"
        )


def _first_char(record):
    """A stored char field the addon defines on record's model (None: none)."""
    for field in addon_fields(record):
        if field.type == "char" and not field.compute and not field.related:
            return field.name
    return None


@tagged("post_install", "-at_install")
class TestBendCrawler(HttpCase):
    maxDiff = None

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = build_office(cls.env)
        cls.users["admin"] = cls.env.ref("base.user_admin")
        cls.counts = Counter()

    def _env(self, role):
        if role == "superuser":
            return self.env(su=True)
        return self.env(user=self.users[role], su=False)

    def _try(self, attempt, label=None):
        """'accepted', 'guard', 'access' or 'business': what became of attempt,
        rolled back whatever happened. With ``label``, the guard's refusal counts
        only when it names that field: a record created with one field refused
        for another (a required one missing) says nothing of this field."""
        try:
            with self.env.cr.savepoint():
                attempt()
                # The database's own rules too, as a request's end would check them.
                self.env.flush_all()
                raise Rollback()
        except Rollback:
            outcome = "accepted"
        except AccessError:
            outcome = "access"
        except UserError as error:
            message = str(error)
            outcome = (
                "guard"
                if any(sentence in message for sentence in GUARD_SENTENCES)
                and (label is None or f"“{label}”" in message)
                else "business"
            )
        except (ValidationError, ValueError, TypeError):
            outcome = "business"
        except Exception:  # noqa: BLE001 - a database refusal is a business rule
            outcome = "business"
        self.env.invalidate_all()
        return outcome

    def _records_by_state(self, model_name):
        Model = self.env[model_name].sudo()
        records = Model.search([])
        if "state" not in Model._fields:
            return {None: records[:1]} if records else {}
        return {state: group[:1] for state, group in records.grouped("state").items()}

    # ------------------------------------------------------------ the office

    def test_every_state_is_present(self):
        """The office holds a record of every register in every state (those of
        ABSENT_STATES aside), so that the matrix tries them all."""
        missing = []
        for name in addon_models(self.env):
            Model = self.env[name]
            if MIXIN not in Model._inherit_module:
                continue
            present = set(self._records_by_state(name))
            wanted = (
                {
                    key
                    for key, _label in Model._fields["state"]._description_selection(
                        self.env
                    )
                }
                if "state" in Model._fields
                else {None}
            )
            missing += [
                (name, state)
                for state in sorted(wanted - present, key=str)
                if (name, state) not in ABSENT_STATES
            ]
        self.assertEqual(missing, [], "states the office does not hold")

    # ------------------------------------------------------------ declared

    def test_every_model_is_a_register_with_a_list(self):
        """Fails until every register declares its list (issue 23)."""
        missing_mixin, missing_list = [], []
        for name in addon_models(self.env):
            Model = self.env[name]
            if MIXIN not in Model._inherit_module and name != MIXIN:
                missing_mixin.append(name)
            elif Model._editable_fields() is None:
                missing_list.append(name)
        _logger.info(
            "bend crawler: %s models; without the mixin: %s; without a list: %s",
            len(addon_models(self.env)),
            missing_mixin,
            missing_list,
        )
        self.assertEqual(missing_mixin, [], "models that are not registers")
        self.assertEqual(missing_list, [], "registers without _editable_fields()")

    # ------------------------------------------------------------ the matrix

    def test_nothing_bends(self):
        self.wrong, self.bends, self.unexpected = [], [], []
        self.forged = set()
        for name in addon_models(self.env):
            Model = self.env[name]
            if MIXIN not in Model._inherit_module:
                continue
            by_state = self._records_by_state(name)
            for field in addon_fields(Model):
                for role in ROLES:
                    self._write_matrix(name, field, role, by_state)
                    self._create_matrix(name, field, role)
                    if field.type in ("one2many", "many2many"):
                        self._commands_matrix(name, field, role, by_state)
            for role in ROLES:
                self._copy_matrix(name, role, by_state)
                self._unlink_matrix(name, role, by_state)
        by_model = Counter(key[0] for key in self.bends)
        by_method = Counter(key[4] for key in self.bends)
        _logger.info(
            "bend crawler: %s attempts %s; accepted writes no form allows: %s "
            "(%s fields; by method %s; by model %s)",
            self.counts.total(),
            dict(self.counts),
            len(self.bends),
            len({(key[0], key[1]) for key in self.bends}),
            dict(by_method),
            dict(by_model),
        )
        self.assertEqual(self.wrong, [], "attempts the guard judged against the list")
        # A listed field may still be refused by access rights or a business rule
        # (an archived dossier's inventory changes by a correction, a key log's
        # reason once written...): counted and logged, not judged here; the guard
        # itself is judged exactly, both ways, above.
        _logger.info(
            "bend crawler: %d listed-field attempts refused by access rights or a "
            "business rule",
            len(self.unexpected),
        )
        self.assertEqual(self.bends, [], "fields no form lets edit, written (no list)")

    def _expected(self, name, env, field, state):
        """Whether the list lets the role of env change field in state (None:
        the model declares no list)."""
        if env[name]._editable_fields() is None:
            return None
        return field.name in env[name]._editable_now(state)

    def _record(self, key, outcome, editable, field, state):
        """Count an attempt and judge it against the list."""
        self.counts[key[4], outcome] += 1
        if editable is None:
            if outcome == "accepted" and (
                field.compute
                or field.related
                or field.readonly
                or state in CLOSED_STATES
            ):
                self.bends.append(key)
        elif (
            editable
            and outcome == "guard"
            and (key[0], key[1], key[4]) not in LINE_COMMANDS_REFUSED
        ):
            self.wrong.append((*key, "listed but refused by the guard"))
        elif not editable and outcome == "accepted":
            self.wrong.append((*key, "not listed but accepted"))
        elif (
            editable
            and outcome in ("access", "business")
            # A record created with one field alone lacks the others it needs.
            and key[4] not in ("create", "load")
        ):
            self.unexpected.append((*key, outcome))

    def _write_matrix(self, name, field, role, by_state):
        env = self._env(role)
        for state, record in by_state.items():
            value = _other_value(self.env, record, field)
            if value is None:
                continue
            as_role = record.with_env(env)
            editable = self._expected(name, env, field, state)
            outcome = self._try(lambda r=as_role, v=value: r.write({field.name: v}))
            self._record(
                (name, field.name, role, state, "write"),
                outcome,
                editable,
                field,
                state,
            )
            if outcome == "guard" and (name, role, state) not in self.forged:
                # Whatever the client's context says, refused stays refused: each
                # key, on the first field refused for this role and state.
                self.forged.add((name, role, state))
                for key, forged_value in CLIENT_CONTEXT.items():
                    forged = as_role.with_context(**{key: forged_value})
                    again = self._try(
                        lambda r=forged, v=value: r.write({field.name: v})
                    )
                    self.counts["write+" + key, again] += 1
                    if again == "accepted":
                        self.wrong.append((name, field.name, role, state, key))

    def _create_matrix(self, name, field, role):
        env = self._env(role)
        Model = env[name]
        # Not the default: a client sending the default it was given is no bend.
        default = Model.default_get([field.name]).get(field.name, False)
        value = _other_value(self.env, None, field, default)
        if value is None:
            return
        initial = Model._initial_state()
        editable = self._expected(name, env, field, initial)
        label = field._description_string(self.env)
        outcome = self._try(lambda v=value: Model.create({field.name: v}), label)
        self._record(
            (name, field.name, role, initial, "create"),
            outcome,
            editable,
            field,
            initial,
        )
        loaded = _load_value(value, field)
        if loaded is None:
            return
        column, cell = loaded
        outcome = self._try(lambda: _loaded(Model.load([column], [[cell]])), label)
        self._record(
            (name, field.name, role, initial, "load"), outcome, editable, field, initial
        )

    def _commands_matrix(self, name, field, role, by_state):
        """One2many and many2many commands through the register."""
        env = self._env(role)
        for state, record in by_state.items():
            lines = record[field.name]
            if not lines:
                continue
            line = lines[:1]
            editable = self._expected(name, env, field, state)
            commands = {
                "command 2": [Command.delete(line.id)],
                "command 3": [Command.unlink(line.id)],
                "command 4": [Command.link(line.id)],
                "command 6": [Command.set(lines[1:].ids)],
            }
            if char := _first_char(line):
                commands["command 1"] = [Command.update(line.id, {char: "Crawl bend"})]
            if field.type == "one2many":
                values = line.copy_data()[0]
                values.pop(field.inverse_name, None)
                commands["command 0"] = [Command.create(values)]
            as_role = record.with_env(env)
            for method, command in commands.items():
                outcome = self._try(
                    lambda r=as_role, c=command: r.write({field.name: c})
                )
                self._record(
                    (name, field.name, role, state, method),
                    outcome,
                    editable,
                    field,
                    state,
                )

    def _copy_matrix(self, name, role, by_state):
        """A copy is a new record: it starts in the first state, never in the
        state of the record copied."""
        env = self._env(role)
        initial = env[name]._initial_state()
        for state, record in by_state.items():
            copied = []
            source = record.with_env(env)
            outcome = self._try(
                lambda r=source, copied=copied: copied.append(
                    r.copy().sudo().read(["state"] if "state" in r._fields else [])
                )
            )
            self.counts["copy", outcome] += 1
            if outcome == "accepted" and initial and copied[0][0]["state"] != initial:
                self.wrong.append((name, role, state, "copy", copied[0][0]["state"]))

    def _unlink_matrix(self, name, role, by_state):
        """An unlink never succeeds where the model's deletion rules refuse it,
        whatever the context."""
        env = self._env(role)
        for state, record in by_state.items():
            rules = self._try(lambda r=record: [m(r) for m in r._ondelete_methods])
            for context in (
                {},
                *({key: value} for key, value in CLIENT_CONTEXT.items()),
            ):
                as_role = record.with_env(env).with_context(**context)
                outcome = self._try(as_role.unlink)
                self.counts["unlink", outcome] += 1
                if rules != "accepted" and outcome == "accepted":
                    self.wrong.append((name, role, state, "unlink", context))

    # ------------------------------------------------------------ over JSON-RPC

    def test_json_rpc_like_the_orm(self):
        """Over real JSON-RPC, as each role's web client: per register, one
        write the ORM refuses (with each context key a client may send) and
        one it accepts come out the same."""
        logins = {role: self.users[role].login for role in ROLES[:3]}
        logins["admin"] = "admin"
        calls = 0
        for role, login in logins.items():
            self.authenticate(login, login)
            env = self._env(role)
            for name in addon_models(self.env):
                if MIXIN not in self.env[name]._inherit_module:
                    continue
                samples = self._rpc_samples(name, env)
                for outcome, (record, fname, value) in samples.items():
                    contexts = [{}]
                    if outcome == "guard":
                        contexts += [{k: v} for k, v in CLIENT_CONTEXT.items()]
                    for context in contexts:
                        error = self._rpc_write(record, fname, value, context)
                        calls += 1
                        with self.subTest(model=name, role=role, context=context):
                            if outcome == "guard":
                                self.assertTrue(error, (name, fname, role))
                            else:
                                self.assertFalse(error, (name, fname, role))
        _logger.info("bend crawler: %s JSON-RPC calls", calls)
        self.assertTrue(calls)

    def _rpc_samples(self, name, env):
        """{'guard': (record, field, value), 'accepted': ...}: the first write of
        each outcome the ORM gives for this role."""
        samples = {}
        for record in self._records_by_state(name).values():
            for field in addon_fields(self.env[name]):
                value = _json_value(_other_value(self.env, record, field))
                # Plain stored fields: the door is what is compared, not how a
                # computed field answers a write.
                if (
                    value is None
                    or field.type in ("one2many", "many2many")
                    or field.compute
                    or field.related
                ):
                    continue
                as_role = record.with_env(env)
                outcome = self._try(
                    lambda r=as_role, f=field.name, v=value: r.write({f: v})
                )
                if outcome in ("guard", "accepted"):
                    samples.setdefault(outcome, (record, field.name, value))
                if len(samples) == 2:
                    return samples
        return samples

    def _rpc_write(self, record, fname, value, context):
        """The JSON-RPC error of the write (None when it went through)."""
        with mute_logger("odoo.http"):
            response = self.url_open(
                f"/web/dataset/call_kw/{record._name}/write",
                json={
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": record._name,
                        "method": "write",
                        "args": [record.ids, {fname: value}],
                        "kwargs": {"context": context},
                    },
                },
            )
        response.raise_for_status()
        return response.json().get("error")
