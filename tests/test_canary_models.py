import json
import logging

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .canary_common import (
    ODOO_MODELS,
    CanaryCase,
    addon_models,
    canary_fields,
)
from .common import ErrorLines, call_kw_response

# Outside Odoo's loggers, which pytest-odoo sets to CRITICAL: the counts are
# shown whether the crawl passes or fails.
_logger = logging.getLogger("partner_dossier_canary")

# A refusal is not a leak (its text is still searched for the canary).
REFUSALS = (AccessError, UserError)
TEXT_TYPES = ("char", "text", "html")


@tagged("post_install", "-at_install")
class TestCanaryModels(CanaryCase):
    """Every read method of the ORM, on every model of the addon and on Odoo's
    models that carry a dossier's content, as a user cleared for secret dossiers
    without a consultation grant: the canary never comes back."""

    def setUp(self):
        super().setUp()
        self.leaks = []
        self.errors = []
        self.pairs = set()
        self.calls = 0

    def _targets(self, name):
        """The records to read: every record of the addon's models (a test
        database holds few); for Odoo's models, those around the secret dossier."""
        Model = self.env[name].sudo().with_context(active_test=False)
        if name not in ODOO_MODELS:
            return Model.search([]).ids
        messages = self.env["mail.message"].sudo().search(self.on_holders("model"))
        if name == "res.partner":
            return (self.secret.partner_id | self.reader.partner_id).ids
        if name == "mail.message":
            return messages.ids
        if name == "mail.notification":
            return messages.notification_ids.ids
        if name == "mail.tracking.value":
            return messages.tracking_value_ids.ids
        return Model.search(self.on_holders("res_model")).ids

    def _try(self, model, method, label, call):
        """Call, as the reader; a leak is the canary anywhere in the answer or in
        the refusal's text."""
        self.pairs.add((model, method))
        self.calls += 1
        try:
            with self.env.cr.savepoint():
                result = call()
        except REFUSALS as exc:
            result = str(exc)
        except Exception as exc:  # noqa: BLE001 — reported, not a refusal
            self.errors.append(
                f"{model}.{method}[{label}]: {type(exc).__name__}: {exc}"[:300]
            )
            result = str(exc)
        if self.leaks_in(result):
            self.leaks.append(f"{model}.{method}[{label}]")
            return True
        return False

    def _each(self, records, model, method, label, call):
        """The call on all records, then (if it was refused) on each one: a
        refused record must not hide the others."""
        try:
            with self.env.cr.savepoint():
                call(records)
            batch_ok = True
        except Exception:  # noqa: BLE001 — retried record by record below
            batch_ok = False
        if batch_ok or len(records) == 1:
            self._try(model, method, label, lambda: call(records))
            return
        for record in records:
            if self._try(model, method, label, lambda record=record: call(record)):
                return

    def _spec(self, field):
        if field.relational:
            return {"fields": {"display_name": {}}}
        return {}

    def _crawl_model(self, name):
        Model = self.env[name].with_user(self.reader).with_context(active_test=False)
        records = Model.browse(self._targets(name))
        in_ids = [("id", "in", records.ids)]
        fields = Model._fields
        for fname, field in fields.items():
            spec = {fname: self._spec(field)}
            self._each(records, name, "read", fname, lambda r, f=fname: r.read([f]))
            self._each(
                records,
                name,
                "web_read",
                fname,
                lambda r, s=spec: r.web_read(s),
            )
            self._try(
                name,
                "search_read",
                fname,
                lambda f=fname: Model.search_read(in_ids, [f]),
            )
            self._try(
                name,
                "web_search_read",
                fname,
                lambda s=spec: Model.web_search_read(in_ids, s),
            )
            paths = [fname]
            if field.relational:
                paths += [
                    f"{fname}/{sub}"
                    for sub in canary_fields(self.env[field.comodel_name])
                ]
            for path in paths:
                self._each(
                    records,
                    name,
                    "export_data",
                    path,
                    lambda r, p=path: r.export_data([p]),
                )
            self._search_counts(Model, name, fname, field)
        for term in (self.canary, self.canary[:10], ""):
            self._try(
                name,
                "name_search",
                repr(term),
                lambda t=term: Model.name_search(
                    t, in_ids if not t else None, limit=None
                ),
            )
        self._groups(Model, name, in_ids)

    def _search_counts(self, Model, name, fname, field):
        """A count above zero of records whose content is the canary is a leak by
        search, whatever the records shown."""
        paths = []
        if field.type in TEXT_TYPES and (field.store or field.search):
            paths.append(fname)
        if field.relational and (field.store or field.search):
            comodel = self.env[field.comodel_name]
            paths += [
                f"{fname}.{sub}"
                for sub in canary_fields(comodel)
                if comodel._fields[sub].type in TEXT_TYPES
                and (comodel._fields[sub].store or comodel._fields[sub].search)
            ]
        for path in paths:
            self._try(
                name,
                "search_count",
                path,
                lambda p=path: (
                    Model.search_count([(p, "ilike", self.canary)])
                    and f"count>0 {self.canary}"
                ),
            )

    def _groups(self, Model, name, in_ids):
        fields = Model._fields
        aggregates = [
            f"{fname}:array_agg"
            if field.type in TEXT_TYPES
            else f"{fname}:{field.aggregator}"
            for fname, field in fields.items()
            if field.store
            and field.column_type
            and (field.type in TEXT_TYPES or field.aggregator)
        ]
        groupbys = [""] + [
            fname
            for fname, field in fields.items()
            if field.store and field.type in ("many2one", "selection", "many2many")
        ]
        for groupby in groupbys:
            gb = [groupby] if groupby else []
            self._try(
                name,
                "formatted_read_group",
                f"{groupby}:__count",
                lambda gb=gb: Model.formatted_read_group(in_ids, gb, ["__count"]),
            )
            self._try(
                name,
                "web_read_group",
                groupby,
                lambda gb=gb: Model.web_read_group(in_ids, gb or ["id"], ["__count"]),
            )
            self._try(
                name,
                "read_group",
                groupby,
                lambda gb=gb: Model.read_group(in_ids, ["__count"], gb),
            )
        for aggregate in aggregates:
            self._try(
                name,
                "formatted_read_group",
                aggregate,
                lambda a=aggregate: Model.formatted_read_group(in_ids, [], [a]),
            )
            self._try(
                name,
                "read_group",
                aggregate,
                lambda a=aggregate: Model.read_group(in_ids, [a], []),
            )

    def _crawl_rpc(self, name):
        """The same reads as a web client sends them, all fields at once."""
        Model = self.env[name]
        ids = self._targets(name)
        in_ids = [["id", "in", ids]]
        fnames = [f for f, field in Model._fields.items() if field.store]
        spec = {f: self._spec(Model._fields[f]) for f in Model._fields}
        texts = [
            f"{f}:array_agg" for f in fnames if Model._fields[f].type in TEXT_TYPES
        ]
        for method, args, kwargs in (
            ("search_read", [in_ids, fnames], {}),
            ("web_search_read", [in_ids, spec], {}),
            ("web_read", [ids, spec], {}),
            ("name_search", [self.canary[:10]], {}),
            ("formatted_read_group", [in_ids, [], texts], {}),
            ("export_data", [ids, fnames], {}),
        ):
            self._try(
                f"rpc:{name}",
                method,
                "*",
                # The raw answer, log lines unmuted: a leak in an error page counts,
                # and so does an ERROR line.
                lambda m=method, a=args, k=kwargs: (
                    call_kw_response(self, name, m, a, k).content
                ),
            )

    def test_no_canary_without_grant(self):
        models = [*addon_models(self.env), *ODOO_MODELS]
        self.authenticate(self.reader.login, self.reader.login)
        with ErrorLines() as errors:
            for name in models:
                self._crawl_rpc(name)
            for name in models:
                self.env.invalidate_all()
                self._crawl_model(name)
        summary = (
            f"canary crawl (models): {len(models)} models, {len(self.pairs)} "
            f"(model x method) pairs, {self.calls} calls, {len(self.leaks)} leaks, "
            f"{len(self.errors)} unexpected exceptions, {len(errors.lines)} ERROR lines; "
            f"fields that refused the canary: {self.unplanted}"
        )
        kinds = {}
        for error in self.errors:
            kinds.setdefault(error.split(":")[1].strip(), error)
        summary += "\nunexpected exceptions, one of each kind:\n" + "\n".join(
            kinds.values()
        )
        _logger.info(summary)
        # Every content field holds the canary, or the crawl proves nothing.
        self.assertFalse(self.unplanted, summary)
        by_pair = {}
        for leak in sorted(set(self.leaks)):
            pair, _sep, label = leak.partition("[")
            by_pair.setdefault(pair, []).append(label.removesuffix("]"))
        if by_pair:
            self.fail(
                f"{summary}\n{len(by_pair)} leaking (model x method) pairs, "
                f"{len(set(self.leaks))} leaking paths:\n"
                + "\n".join(
                    f"{pair}[{', '.join(labels)}]" for pair, labels in by_pair.items()
                )
            )
        self.assertFalse(errors.lines, "\n".join(errors.lines))

    def test_canary_with_grant(self):
        """A consultation approved by another manager opens the content, and is
        logged once however many reads are made."""
        consultation = (
            self.env["dossier.consultation"]
            .with_user(self.reader)
            .create({"dossier_id": self.secret.id, "purpose": "Canary audit"})
        )
        consultation.with_user(self.manager).action_approve()
        self.env.invalidate_all()
        dossier = self.secret.with_user(self.reader)
        for _read in range(3):
            self.assertIn(self.canary, dossier.read(["notes"])[0]["notes"])
            self.assertIn(
                self.canary,
                self.documents.with_user(self.reader).read(["name"])[0]["name"],
            )
        self.authenticate(self.reader.login, self.reader.login)
        body = self.make_jsonrpc_request(
            "/mail/thread/messages",
            {"thread_model": "dossier.dossier", "thread_id": self.secret.id},
        )
        self.assertIn(self.canary, json.dumps(body))
        self.assertEqual(
            self.env["dossier.access.log"]
            .sudo()
            .search_count(
                [("dossier_id", "=", self.secret.id), ("user_id", "=", self.reader.id)]
            ),
            1,
        )
