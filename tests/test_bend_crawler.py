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

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tests.common import TransactionCase

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
    "rejected",
    "cancelled",
    "done",
    "verified",
    "restored",
}
# Fields of a listed set refused by access rights or a business rule rather than
# by the guard: (model, field) → why. Reviewed; nothing else may be refused.
ACCEPTED_REFUSALS = {}


# States the office does not reach through its procedures: (model, state) → why.
ABSENT_STATES = {}


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


def _other_value(env, record, field):
    """A value different from the record's, of the field's type (None: none
    to try)."""
    value = record[field.name] if record else False
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
        others = (
            env[field.comodel_name]
            .sudo()
            .search([("id", "!=", value.id)] if value else [], limit=1)
        )
        return others.id or None
    if field.type == "binary":
        return base64.b64encode(b"crawl bend")
    return None


@tagged("post_install", "-at_install")
class TestBendCrawler(TransactionCase):
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

    def _try(self, attempt):
        """'accepted', 'guard', 'access' or 'business': what became of attempt,
        rolled back whatever happened."""
        try:
            with self.env.cr.savepoint():
                attempt()
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
        wrong, bends, unexpected = [], [], []
        for name in addon_models(self.env):
            Model = self.env[name]
            if MIXIN not in Model._inherit_module:
                continue
            declared = Model._editable_fields()
            by_state = self._records_by_state(name)
            for field in addon_fields(Model):
                for role in ROLES:
                    env = self._env(role)
                    for state, record in by_state.items():
                        value = _other_value(self.env, record, field)
                        if value is None:
                            continue
                        as_role = record.with_env(env)
                        outcome = self._try(
                            lambda r=as_role, f=field.name, v=value: r.write({f: v})
                        )
                        self.counts["write", outcome] += 1
                        key = (name, field.name, role, state, "write")
                        editable = (
                            field.name in env[name]._editable_now(state)
                            if declared is not None
                            else None
                        )
                        self._judge(
                            key, outcome, editable, wrong, unexpected, field, state
                        )
                        if (
                            declared is None
                            and outcome == "accepted"
                            and (
                                field.compute
                                or field.related
                                or field.readonly
                                or state in CLOSED_STATES
                            )
                        ):
                            bends.append(key)
                # create with the field set, in the model's first state
                for role in ROLES:
                    env = self._env(role)
                    value = _other_value(self.env, None, field)
                    if value is None:
                        continue
                    outcome = self._try(
                        lambda M=env[name], f=field.name, v=value: M.create({f: v})
                    )
                    self.counts["create", outcome] += 1
                    if declared is not None:
                        initial = Model._initial_state()
                        editable = field.name in env[name]._editable_now(initial)
                        self._judge(
                            (name, field.name, role, initial, "create"),
                            outcome,
                            editable,
                            wrong,
                            unexpected,
                            field,
                            initial,
                        )
            self._unlink_matrix(name, by_state, wrong)
        by_model = Counter(key[0] for key in bends)
        _logger.info(
            "bend crawler: %s attempts %s; accepted writes no form allows: %s "
            "(%s fields; by model %s)",
            sum(self.counts.values()),
            dict(self.counts),
            len(bends),
            len({(key[0], key[1]) for key in bends}),
            dict(by_model),
        )
        self.assertEqual(wrong, [], "writes the guard judged against the list")
        self.assertEqual(unexpected, [], "listed fields refused outside the guard")
        self.assertEqual(bends, [], "fields no form lets edit, written (no list)")

    def _judge(self, key, outcome, editable, wrong, unexpected, field, state):
        if editable is None:
            return
        if editable and outcome == "guard":
            wrong.append((*key, "listed but refused by the guard"))
        elif not editable and outcome == "accepted":
            wrong.append((*key, "not listed but accepted"))
        elif (
            editable
            and outcome in ("access", "business")
            and (key[0], field.name) not in ACCEPTED_REFUSALS
        ):
            unexpected.append((*key, outcome))

    def _unlink_matrix(self, name, by_state, wrong):
        for role in ROLES:
            env = self._env(role)
            for state, record in by_state.items():
                rules_refuse = self._try(
                    lambda r=record: [m(r) for m in r._ondelete_methods]
                )
                for context in ({}, {"_force_unlink": True}):
                    as_role = record.with_env(env).with_context(**context)
                    outcome = self._try(as_role.unlink)
                    self.counts["unlink", outcome] += 1
                    if rules_refuse != "accepted" and outcome == "accepted":
                        wrong.append((name, role, state, "unlink", context))
