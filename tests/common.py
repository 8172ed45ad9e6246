import logging

from lxml import etree

from odoo.tests import new_test_user
from odoo.tests.common import TransactionCase
from odoo.tools import mute_logger

# A signature as Odoo's signature widget sends it: a small PNG, base64. The
# registers' signed steps (check-out, return check, copies taken out and back, a
# signed opening) refuse to go on without one.
SIGNATURE = (
    "iVBORw0KGgoAAAANSUhEUgAAADwAAAAUCAIAAABeYcl+AAAArElEQVR42u2X3Q7AEAxGfd7/ne3C0jA"
    "brf4kkrlwRXtyWjYopaTTRk4Hjh/afwBQQdf9dY7BpVzYOIgjqOtppnSUJWtCUBQ/3zVym0tmuiV77Bp"
    "leAiWQU9wPbiXodbQfBo9NzPCDJoj2JCb2ne90qPc0r3i9S9tLhe8X+gtNR20CS4TSFXJ8a4NuLb47fs"
    "JbSt4jm6i5jYNIOZTbNN4YY8AQy9xv6aGdo58BFy0FJX+2YvsswAAAABJRU5ErkJggg=="
)


def view_spec(Model, view_type="form"):
    """What the web client asks web_read for when it opens ``Model``'s view:
    the view's fields (a many2one with its display name), and each x2many's
    list fields, 40 lines. The bench's figures 10 and 13 ask the same."""
    arch = etree.fromstring(Model.get_view(view_type=view_type)["arch"])
    spec = {}
    for node in arch.iter("field"):
        if any(parent.tag == "field" for parent in node.iterancestors()):
            continue
        field = Model._fields[node.get("name")]
        if field.type in ("one2many", "many2many"):
            Comodel = Model.env[field.comodel_name]
            names = {child.get("name") for child in node.iter("field")} - {field.name}
            sub = {
                name: {"fields": {"display_name": {}}}
                if Comodel._fields[name].type == "many2one"
                else {}
                for name in names
                if name in Comodel._fields
                and Comodel._fields[name].type not in ("one2many", "many2many")
            }
            spec[field.name] = {"fields": sub or {"display_name": {}}, "limit": 40}
        elif field.type == "many2one":
            spec[field.name] = {"fields": {"display_name": {}}}
        else:
            spec[field.name] = {}
    return spec


def call_kw_response(case, model, method, args=(), kwargs=None):
    """The HTTP response to ``model.method(*args, **kwargs)`` called as the web
    client calls it, in the session of the HttpCase ``case``: whatever the server
    answers, its log lines left as they come."""
    return case.url_open(
        f"/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "id": 1,
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs or {},
            },
        },
    )


def call_kw(case, model, method, args=(), kwargs=None):
    """The JSON body of ``model.method(*args, **kwargs)`` called as the web
    client calls it, in the session of the HttpCase ``case`` (its error, if any,
    under ``error``; the refusal's expected log lines muted)."""
    with mute_logger("odoo.sql_db", "odoo.http"):
        response = call_kw_response(case, model, method, args, kwargs)
    response.raise_for_status()
    return response.json()


class ErrorLines(logging.Handler):
    """The ERROR lines the server logs while it is installed."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.lines = []
        self.odoo = logging.getLogger("odoo")
        self.level_before = self.odoo.level

    def emit(self, record):
        self.lines.append(f"{record.name}: {record.getMessage()[:300]}")

    def __enter__(self):
        # pytest-odoo sets Odoo's logger to CRITICAL: its ERROR lines would be
        # dropped before any handler sees them.
        if not self.level_before or self.level_before > logging.ERROR:
            self.odoo.setLevel(logging.ERROR)
        logging.getLogger().addHandler(self)
        return self

    def __exit__(self, *exc):
        logging.getLogger().removeHandler(self)
        self.odoo.setLevel(self.level_before)


def new_dossier_user(env, login, group, clearance):
    """A user of one dossier role (group: user, archivist or manager)."""
    user = new_test_user(
        env,
        login=login,
        groups=f"partner_dossier.group_dossier_{group}",
        tz="Asia/Shanghai",
    )
    user.sudo().dossier_clearance = clearance
    return user


def grant_consultation(user, dossier, approver=None, **values):
    """A consultation of ``dossier`` requested by ``user`` and approved, as the
    office does it: by a manager other than the requester, cleared for it."""
    env = dossier.env
    if approver is None:
        approver = env["res.users"].search([("login", "=", "grant_approver")])
        approver = approver or new_dossier_user(
            env, "grant_approver", "manager", "secret"
        )
    consultation = (
        env["dossier.consultation"]
        .with_user(user)
        .create(
            {
                "dossier_id": dossier.id,
                "purpose": "Complaint 2026-044: the signed contract",
                **values,
            }
        )
    )
    consultation.with_user(approver).action_approve()
    return consultation


class DossierCase(TransactionCase):
    """A company with one user per role, document types, categories and cabinets."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        # The archive room of these tests is where its people are; a test about
        # time zones sets another one (the default depends on the machine).
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.staff = new_dossier_user(cls.env, "dossier_staff", "user", "internal")
        cls.archivist = new_dossier_user(
            cls.env, "dossier_archivist", "archivist", "confidential"
        )
        cls.manager = new_dossier_user(
            cls.env, "dossier_manager", "manager", "internal"
        )
        cls.outsider = new_test_user(
            cls.env, login="dossier_outsider", groups="base.group_user"
        )

        Type = cls.env["dossier.document.type"]
        cls.type_contract = Type.create({"name": "Test Contract", "code": "T-CONTRACT"})
        cls.type_licence = Type.create({"name": "Test Licence", "code": "T-LICENCE"})
        cls.type_letter = Type.create({"name": "Test Letter", "code": "T-LETTER"})
        cls.category = cls.env["dossier.category"].create(
            {
                "name": "Wholesale",
                "required_type_ids": [
                    (6, 0, (cls.type_contract | cls.type_licence).ids)
                ],
            }
        )
        Location = cls.env["dossier.location"]
        cls.cabinet = Location.create({"name": "Cabinet T", "barcode": "T-CAB"})
        cls.shelf = Location.create(
            {"name": "Shelf 1", "location_type": "shelf", "parent_id": cls.cabinet.id}
        )
        cls.box = Location.create(
            {
                "name": "Box 1",
                "location_type": "box",
                "parent_id": cls.shelf.id,
                "barcode": "T-BOX-1",
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Lotus Trading Co.", "is_company": True}
        )
        cls.contact_person = cls.env["res.partner"].create(
            {"name": "Li Wei", "parent_id": cls.customer.id}
        )

    @classmethod
    def _new_customer(cls, name="Customer"):
        return cls.env["res.partner"].create({"name": name, "is_company": True})

    @classmethod
    def _new_dossier(cls, partner=None, **values):
        return cls.env["dossier.dossier"].create(
            {
                "partner_id": (partner or cls._new_customer()).id,
                "category_id": cls.category.id,
                **values,
            }
        )

    @classmethod
    def _add_documents(cls, dossier, doc_types):
        return cls.env["dossier.document"].create(
            [
                {"dossier_id": dossier.id, "document_type_id": t.id, "name": t.name}
                for t in doc_types
            ]
        )

    def _run_cron_method(self, model, method, **kwargs):
        """Run a cron method as the scheduler would: it commits its batches, so it
        runs on a test-mode cursor (Odoo's own pattern for such jobs)."""
        with self.enter_registry_test_mode(), self.registry.cursor() as cr:
            getattr(self.env(cr=cr)[model], method)(**kwargs)
        self.env.invalidate_all()
