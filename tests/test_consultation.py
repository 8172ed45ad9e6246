import logging
from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import DossierCase, new_dossier_user


@tagged("post_install", "-at_install")
class TestConsultation(DossierCase):
    """A consultation of a secret dossier: requested, decided by another manager,
    valid until its end, logged once; break glass for managers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reader = new_dossier_user(cls.env, "cons_reader", "user", "secret")
        cls.archivist_s = new_dossier_user(
            cls.env, "cons_archivist", "archivist", "secret"
        )
        cls.boss = new_dossier_user(cls.env, "cons_boss", "manager", "secret")
        cls.boss2 = new_dossier_user(cls.env, "cons_boss2", "manager", "secret")
        cls.low_boss = new_dossier_user(cls.env, "cons_low", "manager", "internal")
        # The archive's zone: a consultation ends by default at the end of its day.
        cls.company.dossier_tz = "Asia/Shanghai"
        cls.secret = cls._new_dossier(confidentiality="secret")
        cls.secret.notes = "<p>Settled.</p>"
        cls.confidential = cls._new_dossier(confidentiality="confidential")
        # Made yesterday: a dossier created in the running transaction is being
        # saved by its author, not consulted (see _log_form_consultation).
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE dossier_dossier SET create_date = create_date - interval '1 day'"
        )
        cls.env.invalidate_all()

    def _request(self, user, dossier=None, **values):
        return (
            self.env["dossier.consultation"]
            .with_user(user)
            .create(
                {
                    "dossier_id": (dossier or self.secret).id,
                    "purpose": "Complaint 2026-031: the signed contract",
                    **values,
                }
            )
        )

    def _logs(self, consultation):
        return self.env["dossier.access.log"].search(
            [("consultation_id", "=", consultation.id)]
        )

    def _explained(self, user, dossier=None):
        """Whether ``user`` reads the dossier's content now (its notes)."""
        self.env.invalidate_all()
        dossier = (dossier or self.secret).with_user(user)
        return not dossier.content_withheld and dossier.notes == "<p>Settled.</p>"

    def test_request_defaults_and_managers_told(self):
        self.reader.tz = "America/New_York"
        consultation = self._request(self.reader)
        self.assertEqual(consultation.state, "requested")
        self.assertEqual(consultation.requester_id, self.reader)
        self.assertEqual(consultation.confidentiality, "secret")
        self.assertTrue(consultation.name.startswith("CONS/"))
        # The end of the archive's day (Asia/Shanghai, UTC+8), in UTC, wherever
        # the reader is.
        self.assertEqual(
            (consultation.date_end + timedelta(hours=8)).time().isoformat(),
            "23:59:59",
        )
        activities = consultation.activity_ids
        # Cleared managers other than the requester; not the one without clearance.
        self.assertIn(self.boss, activities.user_id)
        self.assertIn(self.boss2, activities.user_id)
        self.assertNotIn(self.low_boss, activities.user_id)
        self.assertNotIn(self.reader, activities.user_id)
        self.assertFalse(self._explained(self.reader))

    def test_requester_cannot_set_the_decision(self):
        with self.assertRaises(UserError):
            self._request(self.reader, state="approved")
        consultation = self._request(self.reader)
        with self.assertRaises(UserError):
            consultation.with_user(self.reader).write({"state": "approved"})
        with self.assertRaises(UserError):
            consultation.with_user(self.reader).write({"approver_id": self.boss.id})

    def test_approve_grants_and_logs_once(self):
        consultation = self._request(self.reader)
        # Staff (the requester) and an archivist cannot approve.
        for user in (self.reader, self.archivist_s):
            with self.assertRaises(AccessError):
                consultation.with_user(user).action_approve()
        # A manager not cleared for the dossier does not even see it.
        with self.assertRaises(AccessError):
            consultation.with_user(self.low_boss).action_approve()
        consultation.with_user(self.boss).action_approve()
        self.assertEqual(consultation.state, "approved")
        self.assertEqual(consultation.approver_id, self.boss)
        self.assertTrue(consultation.is_active)
        self.assertFalse(consultation.activity_ids)
        log = self._logs(consultation)
        self.assertEqual(len(log), 1)
        self.assertEqual(log.access_type, "consultation")
        self.assertEqual(log.user_id, self.reader)
        self.assertEqual(log.approver_id, self.boss)
        self.assertEqual(log.reason, consultation.purpose)
        self.assertEqual(consultation.access_log_id, log)
        self.assertTrue(self._explained(self.reader))
        # Another user is not granted by it.
        self.assertFalse(self._explained(self.archivist_s))
        # Decided once.
        with self.assertRaises(UserError):
            consultation.with_user(self.boss2).action_approve()
        self.assertEqual(len(self._logs(consultation)), 1)

    def test_only_the_requester_changes_the_request(self):
        consultation = self._request(self.reader)
        with self.assertRaises(UserError):
            consultation.with_user(self.boss).write({"purpose": "Something else"})
        # A form saving what it shows is not a change.
        consultation.with_user(self.boss).write({"purpose": consultation.purpose})
        consultation.with_user(self.reader).write({"purpose": "Complaint 2026-032"})
        self.assertEqual(consultation.purpose, "Complaint 2026-032")

    def test_some_documents_listed_on_a_change_too(self):
        consultation = self._request(self.reader)
        with self.assertRaises(UserError) as refusal:
            consultation.with_user(self.reader).write({"scope": "documents"})
        self.assertIn("list the documents to consult", str(refusal.exception))
        self.assertEqual(consultation.scope, "all")

    def test_manager_cannot_approve_own_request(self):
        consultation = self._request(self.boss)
        with self.assertRaises(UserError):
            consultation.with_user(self.boss).action_approve()
        self.assertEqual(consultation.state, "requested")
        consultation.with_user(self.boss2).action_approve()
        self.assertEqual(consultation.state, "approved")

    def test_refusal_needs_reason(self):
        consultation = self._request(self.reader)
        with self.assertRaises(UserError):
            consultation.with_user(self.boss).action_refuse()
        consultation.with_user(self.boss).write({"refuse_reason": "Not needed"})
        consultation.with_user(self.boss).action_refuse()
        self.assertEqual(
            (consultation.state, consultation.approver_id),
            ("refused", self.boss),
        )
        self.assertTrue(consultation.date_decided)
        self.assertFalse(self._logs(consultation))
        self.assertFalse(self._explained(self.reader))
        with self.assertRaises(UserError):
            consultation.unlink()

    def test_cancel_by_requester_only(self):
        consultation = self._request(self.reader)
        with self.assertRaises(AccessError):
            consultation.with_user(self.boss).action_cancel()
        consultation.with_user(self.reader).action_cancel()
        self.assertEqual(consultation.state, "cancelled")
        self.assertFalse(consultation.activity_ids)

    def test_expiry(self):
        with freeze_time("2026-03-02 02:00:00"):
            consultation = self._request(self.reader)
            consultation.with_user(self.boss).action_approve()
            self.assertTrue(self._explained(self.reader))
            # 23:59:59 in Shanghai is 15:59:59 UTC.
            self.assertEqual(consultation.date_end, datetime(2026, 3, 2, 15, 59, 59))
        with freeze_time("2026-03-02 15:59:58"):
            self.assertTrue(self._explained(self.reader))
        with freeze_time("2026-03-02 16:00:00"):
            self.assertFalse(self._explained(self.reader))
            consultation.invalidate_recordset(["is_active"])
            self.assertFalse(consultation.is_active)

    def test_revoke(self):
        consultation = self._request(self.reader)
        consultation.with_user(self.boss).action_approve()
        with self.assertRaises(AccessError):
            consultation.with_user(self.reader).action_revoke()
        with freeze_time(datetime.now() + timedelta(minutes=5)):
            consultation.with_user(self.boss2).action_revoke()
            self.assertFalse(self._explained(self.reader))

    def test_break_glass(self):
        # Not for staff or archivists.
        for user in (self.reader, self.archivist_s):
            consultation = self._request(user)
            with self.assertRaises(AccessError):
                consultation.with_user(user).action_break_glass()
        consultation = self._request(
            self.boss, date_end=datetime.now() + timedelta(days=1)
        )
        # Not on another's request.
        with self.assertRaises(UserError):
            self._request(self.reader).with_user(self.boss).action_break_glass()
        consultation.with_user(self.boss).action_break_glass()
        self.assertEqual(consultation.state, "approved")
        self.assertTrue(consultation.break_glass)
        self.assertEqual(consultation.approver_id, self.boss)
        # Short: the company's hours (2 by default), not the day asked for.
        self.assertLessEqual(
            consultation.date_end - consultation.date_start, timedelta(hours=2)
        )
        log = self._logs(consultation)
        self.assertEqual(log.access_type, "break_glass")
        # The other managers are told at once, in their inbox.
        message = consultation.message_ids.filtered(
            lambda m: "Break glass" in (m.body or "")
        )
        self.assertEqual(len(message), 1)
        self.assertIn(self.boss2.partner_id, message.notification_ids.res_partner_id)
        self.assertTrue(self._explained(self.boss))
        # Counted: the visible list filters them.
        self.assertIn(
            consultation,
            self.env["dossier.consultation"]
            .with_user(self.boss2)
            .search([("break_glass", "=", True)]),
        )

    def test_visibility(self):
        mine = self._request(self.reader)
        other = self._request(self.archivist_s)
        Consultation = self.env["dossier.consultation"]
        self.assertEqual(
            Consultation.with_user(self.reader).search(
                [("id", "in", (mine | other).ids)]
            ),
            mine,
        )
        self.assertEqual(
            Consultation.with_user(self.boss).search(
                [("id", "in", (mine | other).ids)]
            ),
            mine | other,
        )
        self.assertFalse(
            Consultation.with_user(self.low_boss).search(
                [("id", "in", (mine | other).ids)]
            )
        )

    def test_multi_company(self):
        other_company = self.env["res.company"].create({"name": "Other Archive"})
        self.boss.sudo().company_ids |= other_company
        consultation = self._request(self.reader)
        # A manager of another company only does not see it.
        outsider_boss = new_dossier_user(
            self.env, "cons_other_boss", "manager", "secret"
        )
        outsider_boss.sudo().write(
            {"company_ids": [(6, 0, other_company.ids)], "company_id": other_company.id}
        )
        self.assertFalse(
            self.env["dossier.consultation"]
            .with_user(outsider_boss)
            .search([("id", "=", consultation.id)])
        )
        self.assertNotIn(outsider_boss, consultation.activity_ids.user_id)

    def test_granted_reader_reads_the_content(self):
        dossier = self.secret.with_user(self.reader)
        spec = {"name": {}, "access_notice": {}, "notes": {}, "content_withheld": {}}
        self.assertEqual(dossier.get_formview_action()["res_id"], dossier.id)
        values = dossier.web_read(spec)[0]
        self.assertTrue(values["content_withheld"])
        self.assertFalse(values["notes"])
        with self.assertRaises(AccessError):
            self.secret.with_user(self.archivist_s).write(
                {"notes": "<p>Overwritten</p>"}
            )
        consultation = self._request(self.reader)
        consultation.with_user(self.boss).action_approve()
        values = dossier.web_read(spec)[0]
        self.assertFalse(values["content_withheld"])
        self.assertEqual(values["notes"], "<p>Settled.</p>")
        # Logged once, by the approval: opening and reading add nothing.
        dossier.get_formview_action()
        logs = self.env["dossier.access.log"].search(
            [("dossier_id", "=", self.secret.id)]
        )
        self.assertEqual(logs.mapped("access_type"), ["consultation"])

    def test_confidential_approval_setting(self):
        self.confidential.notes = "<p>Settled.</p>"
        # By default a confidential dossier's content is read by clearance.
        self.assertTrue(self._explained(self.reader, self.confidential))
        self.company.dossier_confidential_approval = True
        self.assertFalse(self._explained(self.reader, self.confidential))
        consultation = self._request(self.reader, dossier=self.confidential)
        consultation.with_user(self.boss).action_approve()
        self.assertTrue(self._explained(self.reader, self.confidential))

    def test_no_error_logged(self):
        with self.assertNoLogs("odoo.sql_db", level=logging.ERROR):
            consultation = self._request(self.reader)
            consultation.with_user(self.boss).action_approve()
            self.secret.with_user(self.reader).web_read({"name": {}, "notes": {}})
            self.env["dossier.document"].with_user(self.reader).web_search_read(
                [], {"name": {}}
            )

    def test_withheld_function_is_the_registry_s(self):
        """The rule's function in the database covers what the registry says
        holds a dossier's content today: every thread and the documents."""
        self.env.cr.execute(
            "SELECT prosrc FROM pg_proc WHERE proname = 'dossier_content_withheld'"
        )
        [[source]] = self.env.cr.fetchall()
        threads = self.env["dossier.content.thread"]._dossier_content_threads()
        for model in [*threads, "dossier.document"]:
            self.assertIn(f"'{model}'::varchar", source)

    def test_rule_on_odoo_s_records_is_one_function_call(self):
        """Searching files and messages that are not dossiers' costs the rule
        one call of the function, no sub-query on the dossiers to plan (bench
        figure 12): the query names no table of the addon."""
        partner = self.env["res.partner"].create({"name": "Plain Contact"})
        partner.message_post(body="A call about an order")
        queries = []
        execute = type(self.env.cr).execute

        def spy(cr, query, params=None, log_exceptions=True):
            queries.append(str(getattr(query, "code", query)))
            return execute(cr, query, params, log_exceptions)

        for model, domain in (
            ("ir.attachment", [("res_model", "=", "res.partner")]),
            ("mail.message", [("model", "=", "res.partner")]),
            ("mail.notification", []),
        ):
            queries.clear()
            with patch.object(type(self.env.cr), "execute", spy):
                self.env[model].with_user(self.reader).search(domain)
            [sql] = [query for query in queries if "dossier_content_withheld" in query]
            self.assertNotIn("dossier_dossier", sql, model)
            self.assertNotIn("dossier_consultation", sql, model)
