"""An office like the demo one, built through the procedures users follow: every
state of every register is present (see ``build_office``), so that the crawlers
open screens with something in them and try every state."""

import base64
import io
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from reportlab.pdfgen import canvas

from odoo import Command, fields
from odoo.tests import new_test_user

from ..tools.dossier_timezone import archive_today
from .common import SIGNATURE

ROLES = ("user", "archivist", "manager")


def _user(env, login, role, clearance):
    return new_test_user(
        env,
        login=login,
        name=f"Crawl {login.split('_', 1)[1].replace('_', ' ').title()}",
        groups=f"partner_dossier.group_dossier_{role}",
        tz="Asia/Shanghai",
        dossier_clearance=clearance,
    )


def build_office(env):
    """Create the office; return the user of each role (by role name)."""
    env = env(context=dict(env.context, tracking_disable=True))
    # The archive's day, as the registers are dated (see dossier_timezone).
    today = archive_today(env.company)
    users = {
        "user": _user(env, "crawl_user", "user", "internal"),
        "archivist": _user(env, "crawl_archivist", "archivist", "confidential"),
        "manager": _user(env, "crawl_manager", "manager", "secret"),
    }
    manager_2 = _user(env, "crawl_manager_2", "manager", "secret")
    witness_1 = _user(env, "crawl_witness_1", "user", "internal")
    witness_2 = _user(env, "crawl_witness_2", "user", "internal")
    staff, archivist, manager = users["user"], users["archivist"], users["manager"]

    contract = env.ref("partner_dossier.document_type_contract")
    invoice = env.ref("partner_dossier.document_type_invoice")
    category = env["dossier.category"].create(
        {
            "name": "Crawl Wholesale",
            "required_type_ids": [Command.set(contract.ids)],
            "retention_policy_id": env.ref(
                "partner_dossier.retention_policy_10_years"
            ).id,
        }
    )
    Location = env["dossier.location"]
    cabinet = Location.create({"name": "Crawl Cabinet", "barcode": "CRAWL-CAB"})
    shelf = Location.create(
        {"name": "Shelf A", "location_type": "shelf", "parent_id": cabinet.id}
    )
    box = Location.create(
        {"name": "Box 1", "location_type": "box", "parent_id": shelf.id}
    )

    def dossier(name, **values):
        partner = env["res.partner"].create({"name": name, "is_company": True})
        env["res.partner"].create({"name": f"{name} contact", "parent_id": partner.id})
        return env["dossier.dossier"].create(
            {
                "partner_id": partner.id,
                "category_id": category.id,
                "custodian_id": archivist.id,
                # Held by dossier.content, a register too.
                "notes": f"<p>{name}: call before visiting.</p>",
                **values,
            }
        )

    def documents(record):
        return env["dossier.document"].create(
            [
                {
                    "dossier_id": record.id,
                    "document_type_id": doc_type.id,
                    "name": f"{record.partner_id.name} {doc_type.name}",
                    "pages": 3,
                    "scan": base64.b64encode(b"%PDF-1.4 crawl"),
                    "scan_filename": "scan.pdf",
                }
                for doc_type in (contract, invoice)
            ]
        )

    def archived(name, **values):
        record = dossier(name, location_id=box.id, **values)
        record.action_open()
        documents(record)
        record.action_archive_formally()
        return record

    dossier("Crawl Draft Ltd")
    temporary = dossier("Crawl Temporary Ltd", customer_type="existing")
    temporary.action_open()
    documents(temporary)
    with freeze_time(today - timedelta(days=60)):
        late = dossier("Crawl Late Ltd", customer_type="key")
        late.action_open()
    late.date_completed = today - timedelta(days=30)
    lent = archived("Crawl Lent Ltd")
    copied = archived("Crawl Copied Ltd")
    secret = archived("Crawl Secret Ltd", confidentiality="secret")
    confidential = archived("Crawl Confidential Ltd", confidentiality="confidential")
    # Opening it is recorded in the access log.
    confidential.with_user(archivist).action_open_logged()
    closed = archived("Crawl Closed Ltd")
    closed.action_close()
    # Closed long ago under a ten-year policy: due for disposal today.
    with freeze_time("2001-03-01"):
        disposed = archived("Crawl Disposed Ltd")
        disposed.action_close()
        due = archived("Crawl Due Ltd")
        due.action_close()
    disposal = (
        env["dossier.disposal"]
        .with_user(archivist)
        .create(
            {
                "method": "shredding",
                "line_ids": [Command.create({"dossier_id": disposed.id})],
            }
        )
    )
    disposal.write({"witness_1_id": witness_1.id, "witness_2_id": witness_2.id})
    disposal.with_user(manager).action_approve()
    disposal.with_user(archivist).action_done()
    env["dossier.disposal"].with_user(archivist).create(
        {"method": "shredding", "line_ids": [Command.create({"dossier_id": due.id})]}
    )

    Loan = env["dossier.loan"]

    def request(record, **values):
        return Loan.with_user(staff).create(
            {"dossier_id": record.id, "purpose": "Crawl review", **values}
        )

    request(lent)
    request(lent).with_user(archivist).action_approve()
    request(temporary).with_user(archivist).action_reject("Not needed")
    request(temporary).action_cancel()
    out = request(lent)
    out.with_user(archivist).action_approve()
    out.with_user(archivist).action_checkout(signature=SIGNATURE)
    returned = request(temporary)
    returned.with_user(archivist).action_approve()
    returned.with_user(archivist).action_checkout(signature=SIGNATURE)
    _return_all_present(env, returned, archivist)
    partial = request(temporary)
    partial.with_user(archivist).action_approve()
    partial.with_user(archivist).action_checkout(signature=SIGNATURE)
    _return_one_missing(env, partial, archivist)
    photocopy = request(copied, loan_type="photocopy", copies_requested=2)
    photocopy.with_user(manager_2).action_approve()
    env["dossier.copy.batch"].with_user(archivist).create(
        {
            "loan_id": photocopy.id,
            "document_ids": [Command.set(copied.document_ids.ids)],
            "copies": 2,
            "taken_out": True,
            "pending_signature": SIGNATURE,
        }
    )

    _copy_batches(env, request, copied, archivist, manager_2)
    _disposals(env, archived, archivist, manager, witness_1, witness_2)
    _incidents(env, lent, staff, archivist, manager, manager_2)
    _stocktakings(env, archivist, cabinet, shelf, box)

    env["dossier.key.log"].with_user(archivist).create(
        {"location_id": cabinet.id, "reason": "Crawl: the main key was lost"}
    )
    secret.with_user(manager).action_open_logged()
    env["dossier.assessment"].with_user(manager).create(
        {
            "custodian_id": archivist.id,
            "date_from": today.replace(day=1) - timedelta(days=31),
            "date_to": today,
        }
    )
    confirmed = (
        env["dossier.assessment"]
        .with_user(manager)
        .create(
            {
                "custodian_id": archivist.id,
                "date_from": today.replace(day=1) - timedelta(days=62),
                "date_to": today.replace(day=1) - timedelta(days=32),
            }
        )
    )
    confirmed.grade = "b"
    confirmed.with_user(manager_2).action_confirm()
    _clearouts(env, manager)
    _consultations(env, secret, manager_2, manager)
    _shares(env, staff, manager)
    _alerts(env, staff, manager)
    env["dossier.monthly.send"]._send_month(
        env.company,
        today.replace(day=1) - relativedelta(months=1),
        raise_if_sent=False,
    )
    _backups(env)
    env.flush_all()
    return users


def _copy_batches(env, request, copied, archivist, approver):
    """A batch kept in the office, one returned, one verified (the one out is
    made above)."""
    for taken_out, steps in ((False, 0), (True, 1), (True, 2)):
        loan = request(copied, loan_type="photocopy", copies_requested=1)
        loan.with_user(approver).action_approve()
        batch = (
            env["dossier.copy.batch"]
            .with_user(archivist)
            .create(
                {
                    "loan_id": loan.id,
                    "document_ids": [Command.set(copied.document_ids[:1].ids)],
                    "copies": 1,
                    "taken_out": taken_out,
                    "pending_signature": taken_out and SIGNATURE,
                }
            )
        )
        if steps:
            batch.copies_returned = 1
            batch.action_return_copies(signature=SIGNATURE)
        if steps > 1:
            batch.action_verify()


def _disposals(env, archived, archivist, manager, witness_1, witness_2):
    """A disposal approved, one cancelled (proposed and done are made above)."""
    with freeze_time("2001-03-01"):
        approved = archived("Crawl Approved Ltd")
        approved.action_close()
        cancelled = archived("Crawl Cancelled Ltd")
        cancelled.action_close()
        transferred = archived("Crawl Transferred Ltd")
        transferred.action_close()
    Disposal = env["dossier.disposal"].with_user(archivist)
    disposal = Disposal.create(
        {
            "method": "shredding",
            "line_ids": [Command.create({"dossier_id": approved.id})],
        }
    )
    disposal.write({"witness_1_id": witness_1.id, "witness_2_id": witness_2.id})
    disposal.with_user(manager).action_approve()
    Disposal.create(
        {
            "method": "shredding",
            "line_ids": [Command.create({"dossier_id": cancelled.id})],
        }
    ).with_user(manager).action_cancel()
    transfer = Disposal.create(
        {
            "disposal_type": "transfer",
            "transfer_to": "Crawl City Archive",
            "line_ids": [Command.create({"dossier_id": transferred.id})],
        }
    )
    transfer.write({"witness_1_id": witness_1.id, "witness_2_id": witness_2.id})
    transfer.with_user(manager).action_approve()
    transfer.with_user(archivist).action_done()


def _incidents(env, dossier, staff, archivist, manager, manager_2):
    """An incident in each state."""

    def report(description):
        return (
            env["dossier.incident"]
            .with_user(archivist)
            .create(
                {
                    "dossier_id": dossier.id,
                    "incident_type": "missing_pages",
                    "found_during": "stock_taking",
                    "responsible_id": staff.id,
                    "description": description,
                    "amount": 100,
                }
            )
        )

    report("Crawl: reported")
    decided = report("Crawl: decided")
    decided.with_user(manager).action_decide()
    restored = report("Crawl: restored")
    restored.with_user(manager).action_decide()
    restored.with_user(archivist).action_mark_restored()
    closed = report("Crawl: closed")
    closed.with_user(manager_2).action_decide()
    closed.with_user(archivist).restoration_note = "Crawl: the original is lost"
    closed.with_user(manager).action_close()


def _stocktakings(env, archivist, cabinet, shelf, box):
    """A stock-taking in each state."""
    Stocktaking = env["dossier.stocktaking"].with_user(archivist)
    Stocktaking.create({"location_id": box.id})
    Stocktaking.create({"location_id": shelf.id}).action_start()
    done = Stocktaking.create({"location_id": cabinet.id})
    done.action_start()
    done.action_close()


def _clearouts(env, manager):
    """Clear-outs proposed, confirmed and cancelled, by the yearly job, run in
    later years when the archived dossiers have long been inactive."""
    env.company.dossier_clearout_months = 12
    Clearout = env["dossier.clearout"].with_user(manager)
    for years, then in ((3, "action_cancel"), (4, None), (5, "action_confirm")):
        with freeze_time(fields.Date.today() + relativedelta(years=years)):
            clearout = env["dossier.clearout"]._propose(
                env.company, archive_today(env.company)
            )
            if then:
                getattr(Clearout.browse(clearout.ids), then)()


def _return_one_missing(env, loan, archivist):
    """A partial return: one document stays out (late, no incident)."""
    wizard = (
        env["dossier.loan.return"]
        .with_user(archivist)
        .with_context(default_loan_id=loan.id)
        .create({"signature": SIGNATURE})
    )
    wizard.line_ids[:1].write({"status": "missing", "record_incident": False})
    wizard.action_all_present()
    wizard.action_confirm()


def _return_all_present(env, loan, archivist):
    wizard = (
        env["dossier.loan.return"]
        .with_user(archivist)
        .with_context(default_loan_id=loan.id)
        .create({"signature": SIGNATURE})
    )
    wizard.action_all_present()
    wizard.action_confirm()


def _alerts(env, staff, manager):
    """An alert in each state, raised by the detection (a large export): the
    first acknowledged by a manager with a note, so that the next is a new one."""
    Alert = env["dossier.alert"]
    seen = Alert._raise_alert(
        "export", env.company, staff, 500, 200, export_model="dossier.dossier"
    )
    seen.with_user(manager).ack_note = "Crawl: seen"
    seen.with_user(manager).action_acknowledge()
    Alert._raise_alert(
        "export", env.company, staff, 300, 200, export_model="res.partner"
    )


def _consultations(env, secret, requester, manager):
    """A consultation request in each state, through its buttons (the requester
    is cleared for the secret dossier; another manager decides)."""
    Consultation = env["dossier.consultation"].with_user(requester)

    def request(purpose):
        return Consultation.create({"dossier_id": secret.id, "purpose": purpose})

    request("Crawl: pending")
    request("Crawl: approved").with_user(manager).action_approve()
    refused = request("Crawl: refused").with_user(manager)
    refused.refuse_reason = "Not needed"
    refused.action_refuse()
    request("Crawl: withdrawn").action_cancel()


def _shares(env, requester, manager):
    """A share request in each state, through its buttons, of a dossier whose
    document has a scan (another manager decides)."""
    dossier = env["dossier.dossier"].create(
        {
            "partner_id": env["res.partner"]
            .create({"name": "Crawl Share Customer", "is_company": True})
            .id
        }
    )
    scan = io.BytesIO()
    pdf = canvas.Canvas(scan)
    pdf.drawString(72, 720, "Crawl: a scanned contract")
    pdf.save()
    document = env["dossier.document"].create(
        {
            "dossier_id": dossier.id,
            "document_type_id": env.ref("partner_dossier.document_type_contract").id,
            "name": "Crawl: shared contract",
            # Older than the office's other documents: the crawler tries the
            # first document of the list, which stays the one it was.
            "document_date": date(2000, 1, 1),
            "scan": base64.b64encode(scan.getvalue()),
            "scan_filename": "contract.pdf",
        }
    )
    bank = env["res.partner"].create({"name": "Crawl Bank", "is_company": True})
    Share = env["dossier.share"].with_user(requester)

    def request(purpose):
        return Share.create(
            {
                "dossier_id": dossier.id,
                "recipient_id": bank.id,
                "purpose": purpose,
                "document_ids": [Command.set(document.ids)],
                "date_end": archive_today(env.company) + timedelta(days=30),
            }
        )

    request("Crawl: pending")
    request("Crawl: approved").with_user(manager).action_approve()
    refused = request("Crawl: refused").with_user(manager)
    refused.refuse_reason = "Not needed"
    refused.action_refuse()
    request("Crawl: withdrawn").action_cancel()


def _backups(env):
    """A backup run and its restore check, as the scripts record them."""
    backup = env["dossier.backup"]._record_backup(
        {
            "name": "crawl-20261201-020000Z",
            "date": fields.Datetime.now(),
            "run_by": "backup@crawl",
            "database": "crawl",
            "path": "/var/backups/partner_dossier/crawl-20261201-020000Z",
            "size": 4096.0,
            "manifest_checksum": "0" * 64,
            "file_count": 3,
            "attachment_count": 2,
        }
    )
    env["dossier.backup.check"]._record_check(
        {
            "backup_name": backup.name,
            "date": fields.Datetime.now(),
            "run_by": "backup@crawl",
            "result": "fail",
            "detail": "filestore/ab/abcd: SHA-256 differs from the manifest",
            "duration": 3.0,
        }
    )
