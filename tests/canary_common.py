"""The canary crawler's office (issue 22): one secret dossier whose content, and
the content of everything attached to it, carries a unique canary string; the
crawlers then read everything they can find as a user cleared for secret dossiers
but granted no consultation, and the canary must never come back."""

import base64
import io
import subprocess
import zipfile
from uuid import uuid4

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user

from .common import grant_consultation

MODULE = "partner_dossier"
CANARY_TYPES = ("char", "text", "html", "binary")
# Odoo's models through which a dossier's content is reached besides the addon's.
ODOO_MODELS = (
    "res.partner",
    "mail.message",
    "mail.notification",
    "mail.tracking.value",
    "mail.activity",
    "ir.attachment",
)
# The dossier's metadata, listable by clearance so that people can ask for a
# consultation (issue 22: reference, customer, state, location, level), and the
# references of the registers' records about it: the only fields kept free of
# the canary. Their other text fields are content.
METADATA = {
    "dossier.dossier": {"name", "barcode", "archive_code"},
    "dossier.loan": {"name"},
    "dossier.incident": {"name"},
    "dossier.copy.batch": {"name"},
}
# A PDF header of 9 bytes keeps the canary aligned on a base64 boundary, so that
# a base64-encoded copy of the file (read, export) contains base64(canary).
PDF_HEAD = b"%PDF-1.4\n"


def canary_fields(model):
    """The fields of ``model`` a user can write text or a file into: stored or
    with an inverse, not computed read-only, not a related field (that would
    write the canary into another record)."""
    return [
        name
        for name, field in model._fields.items()
        if field.type in CANARY_TYPES
        # Images (the registers' signatures: who signed for what) hold no words.
        and not isinstance(field, fields.Image)
        and not field.related
        and (field.store or field.inverse)
        and not (field.compute and not field.inverse)
        and name not in METADATA.get(model._name, ())
    ]


def addon_models(env):
    """Every model of the addon with a table of its own: a new one is crawled
    without editing the tests."""
    return sorted(
        name
        for name, model in env.registry.items()
        if model._original_module == MODULE
        and not model._abstract
        and not model._transient
    )


class CanaryCase(HttpCase):
    """A secret dossier and everything attached to it, full of the canary; a
    reader cleared for secret dossiers without a consultation grant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.canary = f"CANARY-{uuid4().hex}"
        cls.needles = (cls.canary, base64.b64encode(cls.canary.encode()).decode())
        cls.blob = PDF_HEAD + cls.canary.encode() + b"\n%%EOF\n"
        env = cls.env
        # Allowed to export, so that exports are tried, not refused wholesale.
        cls.reader = cls._user("canary_reader", "user", "base.group_allow_export")
        cls.archivist = cls._user("canary_archivist", "archivist")
        cls.manager = cls._user("canary_manager", "manager")
        cls.manager_2 = cls._user("canary_manager_2", "manager")

        partner = env["res.partner"].create({"name": "Canary Ltd", "is_company": True})
        category = env["dossier.category"].create({"name": "Canary Category"})
        box = env["dossier.location"].create(
            {"name": "Canary Box", "location_type": "box"}
        )
        cls.secret = env["dossier.dossier"].create(
            {
                "partner_id": partner.id,
                "category_id": category.id,
                "custodian_id": cls.archivist.id,
                "location_id": box.id,
                "confidentiality": "secret",
            }
        )
        cls.secret.action_open()
        doc_type = env.ref("partner_dossier.document_type_contract")
        cls.documents = env["dossier.document"].create(
            [
                {
                    "dossier_id": cls.secret.id,
                    "document_type_id": doc_type.id,
                    "name": f"Document {i}",
                    "pages": 2,
                }
                for i in range(2)
            ]
        )
        cls.secret.action_archive_formally()
        Loan = env["dossier.loan"]
        cls.loan = Loan.with_user(cls.manager).create(
            {"dossier_id": cls.secret.id, "purpose": "Canary review"}
        )
        cls.loan.with_user(cls.manager_2).action_approve()
        photocopy = Loan.with_user(cls.manager).create(
            {
                "dossier_id": cls.secret.id,
                "purpose": "Canary copy",
                "loan_type": "photocopy",
                "copies_requested": 1,
            }
        )
        photocopy.with_user(cls.manager_2).action_approve()
        # Copying secret papers reads them: the archivist does it under a
        # consultation of their own (the reader has none).
        grant_consultation(cls.archivist, cls.secret, cls.manager)
        cls.batch = (
            env["dossier.copy.batch"]
            .with_user(cls.archivist)
            .create(
                {
                    "loan_id": photocopy.id,
                    "document_ids": [Command.set(cls.documents[:1].ids)],
                    "copies": 1,
                }
            )
        )
        cls.incident = (
            env["dossier.incident"]
            .with_user(cls.archivist)
            .create(
                {
                    "dossier_id": cls.secret.id,
                    "document_id": cls.documents[0].id,
                    "incident_type": "missing_pages",
                    "responsible_id": cls.archivist.id,
                }
            )
        )
        # One recordset per model: what holds the secret dossier's content.
        cls.holders = [
            cls.secret,
            cls.documents,
            cls.loan | photocopy,
            cls.batch,
            cls.incident,
        ]
        cls.unplanted = cls._plant(env)
        env.flush_all()
        # Tracking values are written when the transaction commits.
        env.cr.precommit.run()
        env.invalidate_all()

    @classmethod
    def _user(cls, login, role, *groups):
        return new_test_user(
            cls.env,
            login=login,
            groups=",".join([f"partner_dossier.group_dossier_{role}", *groups]),
            tz="Asia/Shanghai",
            dossier_clearance="secret",
            notification_type="inbox",
        )

    @classmethod
    def _value(cls, field):
        if field.type == "binary":
            return base64.b64encode(cls.blob)
        if field.type == "html":
            return f"<p>{cls.canary}</p>"
        return cls.canary

    @classmethod
    def _plant(cls, env):
        """Write the canary into every text and file field of every holder, as
        superuser (so that it exists whatever the rules say), through the
        registers' procedure door; return the fields that refused it."""
        refused = []
        for holder in cls.holders:
            # sudo: the canary is planted whatever the rules say.
            record = holder.sudo()
            if hasattr(record, "_procedure"):
                record = record._procedure()
            for fname in canary_fields(record):
                try:
                    with env.cr.savepoint():
                        record.write({fname: cls._value(record._fields[fname])})
                        record.flush_recordset()
                except Exception as exc:  # noqa: BLE001 — a field that refuses is reported
                    refused.append(f"{record._name}.{fname}: {exc}")
        # Odoo's models are filled by their own doors: their other text fields
        # (res_model, store_fname, checksum...) are plumbing, not content.
        Attachment = env["ir.attachment"].sudo()
        cls.attachments = Attachment.create(
            [
                {
                    "name": f"{cls.canary}.pdf",
                    "description": cls.canary,
                    "raw": cls.blob,
                    "res_model": record._name,
                    "res_id": record.id,
                }
                for holder in cls.holders
                for record in holder
            ]
        )
        cls.threads = [
            record
            for holder in cls.holders
            for record in holder
            if hasattr(record, "message_post")
        ]
        for thread in cls.threads:
            # sudo: OdooBot posts, so that the reader is only mentioned.
            thread = thread.sudo()
            thread.message_post(
                body=cls.canary,
                subject=cls.canary,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                partner_ids=cls.reader.partner_id.ids,
                attachments=[(f"{cls.canary}.txt", cls.blob)],
            )
            # An activity is the office's to-do, shown to its assignee whatever
            # their consultations: the addon writes no content into them, and
            # they are crawled without a canary.
            thread.activity_schedule(
                "mail.mail_activity_data_todo",
                summary="Check the file",
                user_id=cls.manager.id,
            )
        return refused

    # ------------------------------------------------------------ finding it

    @classmethod
    def on_holders(cls, model_field, id_field="res_id"):
        """A domain on what is attached to the holders (messages, files...)."""
        return [
            (model_field, "in", [h._name for h in cls.holders]),
            (id_field, "in", [i for h in cls.holders for i in h.ids]),
        ]

    def leaks_in(self, data):
        """Whether the canary is in ``data`` (any value, bytes, PDF or zip)."""
        if isinstance(data, bytes):
            texts = [data.decode("latin-1")]
            if data.startswith(b"%PDF"):
                texts.append(pdf_text(data))
            elif data.startswith(b"PK"):
                with zipfile.ZipFile(io.BytesIO(data)) as archive:
                    return any(
                        self.leaks_in(archive.read(name)) for name in archive.namelist()
                    )
        else:
            texts = [repr(data)]
        return any(needle in text for text in texts for needle in self.needles)


def pdf_text(data):
    try:
        return subprocess.run(
            ["pdftotext", "-", "-"], input=data, capture_output=True, check=False
        ).stdout.decode(errors="replace")
    except OSError:
        return ""
