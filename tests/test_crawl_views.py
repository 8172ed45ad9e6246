"""The server calls the web client makes, generated from the views themselves.

For every window action of the addon and for Contacts, as each dossier role:
every group-by of the search view and of the action's context, grouped as the list
and kanban views do (``web_read_group``) and the first group opened
(``web_search_read`` on its domain); every filter combined with the default
group-by; every pivot and graph view with each measure it offers, aggregated as
the client asks (``formatted_read_grouping_sets`` and ``formatted_read_group``).
A new view, filter or measure is crawled without anyone listing it here."""

import logging
import time
from collections import Counter
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from lxml import etree

from odoo.fields import Domain
from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.safe_eval import safe_eval

from .crawl_common import ROLES, build_office

_logger = logging.getLogger(__name__)

# The views that show many records, as the client opens them.
MULTI_RECORD_VIEWS = ("list", "kanban", "pivot", "graph", "calendar", "activity")
MEASURE_TYPES = ("integer", "float", "monetary")
EXTRA_ACTIONS = ("contacts.action_contacts",)


def _eval_context(env):
    today = date.today()
    return {
        "uid": env.uid,
        "context_today": lambda: today,
        "datetime": datetime,
        "relativedelta": relativedelta,
        "current_date": today.isoformat(),
        "allowed_company_ids": env.companies.ids,
        "active_id": False,
        "active_ids": [],
        "context": dict(env.context),
    }


def _read_spec(fields, arch):
    """What the view reads for each record, as the client builds it."""
    spec = {}
    for node in arch.iter("field"):
        name = node.get("name")
        if name not in fields or any(p.tag == "field" for p in node.iterancestors()):
            continue
        if fields[name]["type"] in ("many2one", "many2many", "one2many"):
            spec[name] = {"fields": {"display_name": {}}}
        else:
            spec[name] = {}
    spec.setdefault("display_name", {})
    return spec


@tagged("post_install", "-at_install")
class TestCrawlViews(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.users = build_office(cls.env)

    def _actions(self):
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "partner_dossier"),
                ("model", "=", "ir.actions.act_window"),
            ]
        )
        actions = self.env["ir.actions.act_window"].browse(data.mapped("res_id"))
        for xmlid in EXTRA_ACTIONS:
            actions |= self.env.ref(xmlid)
        return actions.filtered(
            lambda a: set(a.view_mode.split(",")) & set(MULTI_RECORD_VIEWS)
        ).sorted("id")

    def test_every_action_grouped_filtered_and_measured_by_every_role(self):
        errors, totals = [], {}
        for role in ROLES:
            started = time.time()
            stats = Counter()
            for action in self._actions():
                self._crawl_action(action, self.users[role], stats, errors)
            stats["seconds"] = round(time.time() - started, 1)
            totals[role] = dict(stats)
            _logger.info("view crawler as %s: %s", role, dict(stats))
        self.assertTrue(all(t.get("group-bys") for t in totals.values()), totals)
        self.assertFalse(
            errors,
            "The web client's calls failed:\n" + "\n".join(errors),
        )

    def _crawl_action(self, action, user, stats, errors):
        env = self.env(user=user, context={"lang": "en_US", "tz": user.tz})
        if action.group_ids and not (action.group_ids & user.all_group_ids):
            return
        Model = env[action.res_model]
        if not Model.has_access("read"):
            return
        eval_context = _eval_context(env)
        context = dict(env.context, **safe_eval(action.context or "{}", eval_context))
        Model = Model.with_context(**context)
        eval_context["context"] = context
        domain = Domain(safe_eval(action.domain or "[]", eval_context))
        view_types = [v for v in action.view_mode.split(",") if v != "form"]
        views = [
            (view.view_id.id, view.view_mode)
            for view in action.view_ids
            if view.view_mode in view_types
        ]
        views += [(False, v) for v in view_types if v not in [vt for __, vt in views]]
        views.append((action.search_view_id.id, "search"))
        result = Model.get_views(views, {"toolbar": True, "load_filters": True})
        stats["actions"] += 1
        fields = result["models"][action.res_model]["fields"]
        archs = {
            view_type: etree.fromstring(view["arch"])
            for view_type, view in result["views"].items()
        }
        stats["views"] += len(archs) - 1
        where = f"{action.xml_id or action.name} as {user.login}"

        def call(label, method, *args, **kwargs):
            stats["calls"] += 1
            try:
                with self.env.cr.savepoint():
                    return method(*args, **kwargs)
            except Exception as exc:  # noqa: BLE001 - every failure is reported
                errors.append(f"{where}: {label}: {type(exc).__name__}: {exc}")
                return None

        search = archs["search"]
        groupbys, filters = [], []
        for node in search.iter("filter"):
            node_context = safe_eval(node.get("context") or "{}", eval_context)
            if node_context.get("group_by"):
                groupbys += (
                    node_context["group_by"]
                    if isinstance(node_context["group_by"], list)
                    else [node_context["group_by"]]
                )
            elif node.get("domain"):
                filters.append(
                    (node.get("name"), safe_eval(node.get("domain"), eval_context))
                )
            elif node.get("date"):
                first = date.today().replace(day=1)
                field = node.get("date")
                filters.append(
                    (
                        node.get("name"),
                        [
                            (field, ">=", first),
                            (field, "<", first + relativedelta(months=1)),
                        ],
                    )
                )
        default_groupby = context.get("group_by") or []
        if isinstance(default_groupby, str):
            default_groupby = [default_groupby]
        for key, value in context.items():
            if key.startswith("search_default_") and value:
                name = key[len("search_default_") :]
                for node in search.iter("filter"):
                    if node.get("name") == name and "group_by" in (
                        node.get("context") or ""
                    ):
                        default_groupby += [
                            safe_eval(node.get("context"), eval_context)["group_by"]
                        ]
        groupbys += [gb for gb in default_groupby if gb not in groupbys]
        # The client turns a properties group-by into a menu of the properties
        # defined, none here.
        groupbys = [
            gb
            for gb in groupbys
            if fields.get(gb.split(":")[0], {}).get("type") != "properties"
        ]

        list_arch = archs.get("list")
        spec = _read_spec(fields, list_arch if list_arch is not None else search)
        for groupby in groupbys:
            stats["group-bys"] += 1
            res = call(
                f"group by {groupby}",
                Model.web_read_group,
                list(domain),
                [groupby],
                limit=80,
            )
            if not res or not res["groups"]:
                continue
            group = res["groups"][0]
            stats["groups opened"] += 1
            call(
                f"open the first group of {groupby} ({group.get(groupby)!r})",
                Model.web_search_read,
                list(domain & Domain(group["__extra_domain"])),
                spec,
                limit=80,
            )

        kanban = archs.get("kanban")
        kanban_groupby = default_groupby or (
            [kanban.get("default_group_by")]
            if kanban is not None and kanban.get("default_group_by")
            else []
        )
        if kanban is not None and kanban_groupby:
            stats["kanban"] += 1
            call(
                f"kanban grouped by {kanban_groupby[0]}",
                Model.with_context(read_group_expand=True).web_read_group,
                list(domain),
                kanban_groupby[:1],
                auto_unfold=True,
                unfold_read_specification=_read_spec(fields, kanban),
            )

        for name, filter_domain in filters:
            stats["filters"] += 1
            filtered = list(domain & Domain(filter_domain))
            if default_groupby:
                call(
                    f"filter {name} grouped by {default_groupby}",
                    Model.web_read_group,
                    filtered,
                    default_groupby,
                )
            else:
                call(f"filter {name}", Model.web_search_read, filtered, spec, limit=80)

        for view_type in ("pivot", "graph"):
            arch = archs.get(view_type)
            if arch is None:
                continue
            self._crawl_report_view(
                view_type, arch, fields, Model, domain, stats, call, errors, where
            )

    def _crawl_report_view(
        self, view_type, arch, fields, Model, domain, stats, call, errors, where
    ):
        rows, cols, active = [], [], []
        for node in arch.iter("field"):
            name = node.get("name")
            spec = name + (f":{node.get('interval')}" if node.get("interval") else "")
            if node.get("type") == "measure" or node.get("operator"):
                active.append(name)
            elif node.get("type") == "col":
                cols.append(spec)
            elif node.get("invisible") not in ("1", "True"):
                rows.append(spec)
        invisible = {
            node.get("name")
            for node in arch.iter("field")
            if node.get("invisible") in ("1", "True")
        }
        measures = [
            name
            for name, field in fields.items()
            if name != "id"
            and name not in invisible
            and field["type"] in MEASURE_TYPES
            and field.get("aggregator")
        ]
        measures += [m for m in active if m not in measures]
        for measure in measures + ["__count"]:
            stats["measures"] += 1
            if measure == "__count":
                specs = ["__count"]
            else:
                field = fields[measure]
                aggregator = (
                    "count_distinct"
                    if field["type"] == "many2one"
                    else field.get("aggregator")
                )
                if not aggregator:
                    # The client refuses it before calling the server.
                    errors.append(
                        f"{where}: {view_type} measure {measure}: No aggregate "
                        f"function has been provided for the measure '{measure}'"
                    )
                    continue
                specs = [f"{measure}:{aggregator}", "__count"]
            if view_type == "pivot":
                call(
                    f"pivot measure {measure} by {rows} x {cols}",
                    Model.formatted_read_grouping_sets,
                    list(domain),
                    [rows + cols, rows, cols, []],
                    specs,
                )
            else:
                call(
                    f"graph measure {measure} by {rows}",
                    Model.with_context(fill_temporal=True).formatted_read_group,
                    list(domain),
                    rows,
                    specs,
                )
