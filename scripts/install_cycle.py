"""Steps of `make check-uninstall` (scripts/check_install_cycle.sh) that need Odoo's
API or the database: run with Odoo's python as

    install_cycle.py STEP DATABASE ADDONS_PATH STATE_DIR

before     a customer (and its contact person) created before the addon exists;
           the partners then present are remembered.
use        with the addon installed: what users do (dossiers on a partner older
           than the addon, on a new one and, in a second company, on a demo
           customer; a document with a scan, a message, an activity, a favourite
           filter, a clearance, a setting); then what the addon owns is remembered.
check      after the uninstall: every leftover counted, partners compared; prints
           the report and exits 1 on any leftover.

The checks read the database with SQL only: after the uninstall the registry no
longer knows the addon's models, and nothing may be inferred from it."""

import base64
import json
import pathlib
import sys

MODULE = "partner_dossier"
PRE_EXISTING_REF = "PROOF-PRE-EXISTING"

# (label, query counting what the addon left or owns, matched by name). Each
# query takes the same two parameters: the LIKE pattern of the addon's model
# names and the LIKE pattern of the names of the fields and columns it adds.
NAME_CHECKS = [
    (
        "ir.model: models dossier.*",
        "SELECT count(*) FROM ir_model WHERE model LIKE %(models)s",
    ),
    (
        "ir.model.fields: of, to or named dossier*",
        "SELECT count(*) FROM ir_model_fields WHERE model LIKE %(models)s"
        " OR relation LIKE %(models)s OR name LIKE %(fields)s",
    ),
    (
        "ir.ui.menu: to dossier.* or dangling, 'Dossiers'",
        """SELECT count(*) FROM ir_ui_menu m
            WHERE m.name->>'en_US' = 'Dossiers'
               OR (m.action LIKE 'ir.actions.act_window,%%' AND NOT EXISTS (
                     SELECT 1 FROM ir_act_window a
                      WHERE a.id = split_part(m.action, ',', 2)::int
                        AND a.res_model NOT LIKE %(models)s))""",
    ),
    (
        "ir.ui.view: on dossier.* or naming dossier_*",
        "SELECT count(*) FROM ir_ui_view WHERE model LIKE %(models)s"
        " OR arch_db::text LIKE '%%' || %(fields)s"
        " OR key LIKE 'partner\\_dossier.%%'",
    ),
    (
        "ir.actions.act_window: on dossier.*",
        "SELECT count(*) FROM ir_act_window WHERE res_model LIKE %(models)s"
        " OR context LIKE '%%partner\\_dossier%%'",
    ),
    (
        "ir.actions.server: on dossier.*",
        """SELECT count(*) FROM ir_act_server s JOIN ir_model m ON m.id = s.model_id
            WHERE m.model LIKE %(models)s""",
    ),
    (
        "ir.cron: on dossier.*",
        """SELECT count(*) FROM ir_cron c
             JOIN ir_act_server s ON s.id = c.ir_actions_server_id
             JOIN ir_model m ON m.id = s.model_id
            WHERE m.model LIKE %(models)s OR s.code LIKE '%%dossier%%'""",
    ),
    (
        "ir.rule: on dossier.* or naming dossier*",
        """SELECT count(*) FROM ir_rule r JOIN ir_model m ON m.id = r.model_id
            WHERE m.model LIKE %(models)s OR r.domain_force LIKE '%%dossier%%'""",
    ),
    (
        "ir.model.access: on dossier.*",
        """SELECT count(*) FROM ir_model_access a JOIN ir_model m ON m.id = a.model_id
            WHERE m.model LIKE %(models)s OR a.name LIKE %(models)s""",
    ),
    (
        "res.groups: Customer Dossiers roles",
        """SELECT count(*) FROM res_groups g
             LEFT JOIN res_groups_privilege p ON p.id = g.privilege_id
            WHERE p.name->>'en_US' = 'Customer Dossiers'
               OR g.name->>'en_US' ILIKE '%%dossier%%'""",
    ),
    (
        "res.groups.privilege: Customer Dossiers",
        "SELECT count(*) FROM res_groups_privilege"
        " WHERE name->>'en_US' ILIKE '%%dossier%%'",
    ),
    (
        "mail.activity.type: for dossier.*",
        "SELECT count(*) FROM mail_activity_type WHERE res_model LIKE %(models)s"
        " OR name->>'en_US' ILIKE '%%dossier%%'",
    ),
    (
        "ir.sequence: codes dossier.*",
        "SELECT count(*) FROM ir_sequence WHERE code LIKE %(models)s",
    ),
    (
        "PostgreSQL sequences of deleted ir.sequence",
        r"""SELECT count(*) FROM pg_class c
            WHERE c.relkind = 'S' AND c.relname ~ '^ir_sequence_\d+$'
              AND NOT EXISTS (SELECT 1 FROM ir_sequence s
                               WHERE c.relname = 'ir_sequence_' || lpad(s.id::text, 3, '0'))""",
    ),
    (
        "mail.message on dossier.*",
        "SELECT count(*) FROM mail_message WHERE model LIKE %(models)s",
    ),
    (
        "mail.followers on dossier.*",
        "SELECT count(*) FROM mail_followers WHERE res_model LIKE %(models)s",
    ),
    (
        "mail.activity on dossier.*",
        "SELECT count(*) FROM mail_activity WHERE res_model LIKE %(models)s",
    ),
    (
        "ir.attachment on dossier.*",
        "SELECT count(*) FROM ir_attachment WHERE res_model LIKE %(models)s",
    ),
    (
        "ir.filters (favourites) on dossier.*",
        "SELECT count(*) FROM ir_filters WHERE model_id LIKE %(models)s",
    ),
    (
        "ir.model.constraint / ir.model.relation",
        """SELECT (SELECT count(*) FROM ir_model_constraint WHERE name LIKE '%%dossier%%')
                + (SELECT count(*) FROM ir_model_relation WHERE name LIKE '%%dossier%%')""",
    ),
    (
        "tables dossier_*",
        "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"
        " AND tablename LIKE %(fields)s",
    ),
    (
        "columns dossier_* on res_partner",
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_name = 'res_partner' AND column_name LIKE %(fields)s",
    ),
    (
        "columns dossier_* on res_users",
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_name = 'res_users' AND column_name LIKE %(fields)s",
    ),
    (
        "columns dossier_* on res_company",
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_name = 'res_company' AND column_name LIKE %(fields)s",
    ),
    (
        "columns dossier_* on any other table",
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_schema = current_schema() AND column_name LIKE %(fields)s"
        " AND table_name NOT LIKE %(fields)s"
        " AND table_name NOT IN ('res_partner', 'res_users', 'res_company')",
    ),
    (
        "constraints and indexes naming dossier",
        """SELECT (SELECT count(*) FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
                    WHERE c.conname LIKE '%%dossier%%' AND t.relname NOT LIKE %(fields)s)
                + (SELECT count(*) FROM pg_indexes
                    WHERE schemaname = current_schema() AND indexname LIKE '%%dossier%%'
                      AND tablename NOT LIKE %(fields)s)""",
    ),
    (
        "PostgreSQL functions dossier_*",
        "SELECT count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
        " WHERE n.nspname = current_schema() AND p.proname LIKE %(fields)s",
    ),
]
PATTERNS = {"models": "dossier.%", "fields": "dossier\\_%"}


def write(text=""):
    sys.stdout.write(f"{text}\n")


def odoo_registry(db, addons_path):
    from odoo.modules.registry import Registry
    from odoo.tools import config

    config.parse_config(
        ["-d", db, f"--addons-path={addons_path}", "--no-http", "--log-level=warn"]
    )
    return Registry(db)


def partner_rows(cr):
    """The partners, with what "intact" compares: name, company, parent, state."""
    cr.execute(
        """SELECT id, name, is_company, parent_id, company_id, active
             FROM res_partner ORDER BY id"""
    )
    return {row[0]: list(row[1:]) for row in cr.fetchall()}


def name_counts(cr):
    counts = {}
    for label, query in NAME_CHECKS:
        cr.execute(query, PATTERNS)
        counts[label] = cr.fetchone()[0]
    return counts


def step_before(registry, state):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Partner = env["res.partner"]
        customer = Partner.search([("ref", "=", PRE_EXISTING_REF)]) or Partner.create(
            {"name": "Proof Customer Older Than The Addon", "is_company": True}
        )
        customer.ref = PRE_EXISTING_REF
        if not customer.child_ids:
            Partner.create({"name": "Proof Contact Person", "parent_id": customer.id})
        env.flush_all()
        state["partners_before"] = partner_rows(cr)
        cr.commit()  # pylint: disable=invalid-commit


def step_use(registry, state):
    from odoo import SUPERUSER_ID, api

    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Partner = env["res.partner"]
        Dossier = env["dossier.dossier"]
        demo_customer = env.ref(f"{MODULE}.customer_01_demo", raise_if_not_found=False)
        if not demo_customer:
            raise SystemExit(
                f"{MODULE}: its demo data was not installed (no {MODULE}.customer_01_demo)"
            )
        older = Partner.search([("ref", "=", PRE_EXISTING_REF)])
        newer = Partner.create({"name": "Proof Customer Newer Than The Addon"})
        newer.is_company = True
        second = env["res.company"].create({"name": "Proof Second Company"})
        env.user.company_ids |= second

        dossier = Dossier.create({"partner_id": older.child_ids[0].id})
        dossier.action_open()
        contract = env.ref(f"{MODULE}.document_type_contract")
        env["dossier.document"].create(
            {
                "dossier_id": dossier.id,
                "document_type_id": contract.id,
                "name": "Signed contract",
                "scan": base64.b64encode(b"%PDF-1.4 proof scan"),
                "scan_filename": "contract.pdf",
            }
        )
        dossier.message_subscribe(partner_ids=env.ref("base.partner_admin").ids)
        note = "Contract received."  # a user's words, not the addon's: no translation
        dossier.message_post(body=note)
        dossier.activity_schedule(
            "mail.mail_activity_data_todo", summary="Check the contract"
        )
        Dossier.create({"partner_id": newer.id})
        Dossier.with_company(second).create(
            {"partner_id": demo_customer.id, "company_id": second.id}
        )
        env["ir.filters"].create(
            {
                "name": "Proof: temporary dossiers",
                "model_id": "dossier.dossier",
                "domain": "[('state', '=', 'temporary')]",
            }
        )
        env.ref("base.user_demo").dossier_clearance = "secret"
        env.company.dossier_archive_days = 7
        env.flush_all()

        # What the addon's xml ids point to. Odoo keeps, on purpose, a record that
        # another module also has an xml id for (e.g. ir.model res.partner).
        cr.execute(
            """SELECT d.model, d.res_id, bool_or(o.id IS NOT NULL)
                 FROM ir_model_data d
            LEFT JOIN ir_model_data o ON o.model = d.model AND o.res_id = d.res_id
                  AND o.module NOT IN (d.module, '__cloc_exclude__')
                WHERE d.module = %s
             GROUP BY d.model, d.res_id""",
            [MODULE],
        )
        owned = {}
        for model, res_id, shared in cr.fetchall():
            entry = owned.setdefault(
                model, {"table": env[model]._table, "ids": [], "shared": 0}
            )
            if shared:
                entry["shared"] += 1
            else:
                entry["ids"].append(res_id)
        state["owned"] = owned
        state["imd_installed"] = sum(
            len(entry["ids"]) + entry["shared"] for entry in owned.values()
        )
        state["demo_partners"] = owned.get("res.partner", {}).get("ids", [])
        state["partners_installed"] = partner_rows(cr)
        state["installed"] = name_counts(cr)
        cr.commit()  # pylint: disable=invalid-commit


def still_there(cr, table, ids):
    cr.execute("SELECT to_regclass(%s) IS NOT NULL", [table])
    if not cr.fetchone()[0]:
        return 0
    from odoo.tools import SQL

    cr.execute(
        SQL("SELECT count(*) FROM %s WHERE id = ANY(%s)", SQL.identifier(table), ids)
    )
    return cr.fetchone()[0]


def step_check(db, state, state_dir):
    from odoo.sql_db import db_connect

    failures = checks = 0
    lines = []

    def row(label, installed, after, ok):
        nonlocal failures, checks
        checks += 1
        failures += 0 if ok else 1
        lines.append(
            f"{label:<52} {installed!s:>9} {after!s:>9}  {'ok' if ok else 'LEFT'}"
        )

    errors = (pathlib.Path(state_dir) / "uninstall_errors.log").read_text().splitlines()
    with db_connect(db).cursor() as cr:
        cr.execute("SELECT state FROM ir_module_module WHERE name = %s", [MODULE])
        module_state = cr.fetchone()[0]
        row("module state", "installed", module_state, module_state == "uninstalled")
        row("ERROR lines logged by the uninstall", "", len(errors), not errors)
        owned = state["owned"]
        cr.execute("SELECT count(*) FROM ir_model_data WHERE module = %s", [MODULE])
        imd_left = cr.fetchone()[0]
        row(
            "ir.model.data of partner_dossier",
            state["imd_installed"],
            imd_left,
            imd_left == 0,
        )
        lines.append(
            "-- records with an xml id of the addon only, still present"
            " (shared ones are kept by Odoo):"
        )
        for model in sorted(owned):
            entry = owned[model]
            left = still_there(cr, entry["table"], entry["ids"])
            label = f"  {model}"
            if entry["shared"]:
                label += f" (+{entry['shared']} shared, kept)"
            row(label, len(entry["ids"]), left, left == 0)
        lines.append("-- records of or about dossier.* (xml id or not):")
        after = name_counts(cr)
        for label, _query in NAME_CHECKS:
            row(
                f"  {label}", state["installed"][label], after[label], after[label] == 0
            )

        lines.append("-- partners:")
        before = {int(k): v for k, v in state["partners_before"].items()}
        installed = {int(k): v for k, v in state["partners_installed"].items()}
        demo = set(state["demo_partners"])
        now = partner_rows(cr)
        lost = [pid for pid in before if pid not in now]
        changed = [pid for pid in before if pid in now and now[pid] != before[pid]]
        demo_left = sorted(demo & set(now))
        created = set(installed) - set(before) - demo
        created_lost = sorted(created - set(now))
        unexpected = sorted(set(now) - set(installed))
        row(
            "  partners before install (all kept, unchanged)",
            len(before),
            len(before) - len(lost) - len(changed),
            not lost and not changed,
        )
        row(
            "  demo customers of the addon (all removed)",
            len(demo),
            len(demo_left),
            not demo_left,
        )
        row(
            "  partners created while installed (all kept)",
            len(created),
            len(created) - len(created_lost),
            not created_lost,
        )
        row(
            "  partners: installed - demo = after uninstall",
            len(installed) - len(demo),
            len(now),
            len(now) == len(installed) - len(demo) and not unexpected,
        )

    header = f"{'check':<52} {'installed':>9} {'after':>9}  result"
    write(header)
    write("-" * len(header))
    for line in lines:
        write(line)
    write("-" * len(header))
    if failures:
        write(
            f"FAIL: {failures} check(s) found something of {MODULE} left after uninstall"
        )
    else:
        write(f"PASS: {checks} checks, nothing of {MODULE} left after uninstall")
    return 1 if failures else 0


def main(argv):
    step, db, addons_path, state_dir = argv[1:5]
    state_file = pathlib.Path(state_dir) / "state.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {}
    if step == "check":
        return step_check(db, state, state_dir)
    registry = odoo_registry(db, addons_path)
    {"before": step_before, "use": step_use}[step](registry, state)
    state_file.write_text(json.dumps(state, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
