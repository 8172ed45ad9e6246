from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, freeze_time, tagged

from ..tools.dossier_timezone import archive_today
from .common import SIGNATURE, new_dossier_user
from .loan_common import LoanCase

REPORT = "partner_dossier.report_monthly_statistics"


@tagged("post_install", "-at_install")
class TestIncident(LoanCase):
    """Loss and damage: recorded at the return check or by an archivist, the
    amount decided by a manager who is not responsible, the restoration
    recorded; the person responsible sees their own incidents only."""

    def _incident(self, user=None, **values):
        form = Form(self.env["dossier.incident"].with_user(user or self.archivist))
        form.dossier_id = values.pop("dossier", self.dossier)
        form.incident_type = values.pop("incident_type", "missing_pages")
        form.found_during = values.pop("found_during", "stock_taking")
        form.responsible_id = values.pop("responsible", self.staff)
        form.description = values.pop("description", "Pages 3 and 4 torn out")
        for fname, value in values.items():
            setattr(form, fname, value)
        return form.save()

    def test_return_check_records_incidents(self):
        loan = self._checked_out(self.staff)
        contract, licence, letter = self.documents
        wizard = Form(
            self.env["dossier.loan.return"]
            .with_user(self.archivist)
            .with_context(default_loan_id=loan.id)
        )
        statuses = {contract: "damaged", licence: "missing", letter: "missing"}
        for index in range(len(statuses)):
            with wizard.line_ids.edit(index) as line:
                line.status = statuses[line.document_id]
                if line.status == "damaged":
                    line.note = "Coffee stain on page 2"
                if line.document_id == letter:
                    self.assertTrue(line.record_incident, "ticked for a discrepancy")
                    # The borrower is only late with this one.
                    line.record_incident = False
        wizard.signature = SIGNATURE
        wizard.save().action_confirm()
        incidents = self.env["dossier.incident"].search([("loan_id", "=", loan.id)])
        self.assertEqual(
            sorted(incidents.mapped(lambda i: (i.document_id, i.incident_type))),
            sorted([(contract, "damage"), (licence, "loss")]),
        )
        damage = incidents.filtered(lambda i: i.incident_type == "damage")
        self.assertEqual(damage.description, "Coffee stain on page 2")
        self.assertEqual(incidents.mapped("responsible_id"), self.staff)
        self.assertEqual(set(incidents.mapped("found_during")), {"return_check"})
        self.assertEqual(set(incidents.mapped("state")), {"reported"})
        self.assertEqual(incidents.reporter_id, self.archivist)
        self.assertIn(self.staff.partner_id, damage.message_partner_ids)

    def test_amount_decided_by_a_manager_within_the_range(self):
        incident = self._incident(amount=600)
        self.assertEqual(incident.state, "reported")
        self.assertTrue(incident.name.startswith("INC/"))
        with self.assertRaisesRegex(UserError, "Only dossier managers"):
            incident.with_user(self.archivist).action_decide()
        with self.assertRaisesRegex(UserError, "must be from"):
            incident.with_user(self.manager).action_decide()
        self.assertEqual(incident.state, "reported")
        form = Form(incident.with_user(self.manager))
        form.amount = 200
        form.save()
        incident.with_user(self.manager).action_decide()
        self.assertEqual(
            (incident.state, incident.decider_id, incident.amount),
            ("decided", self.manager, 200),
        )
        note = incident.message_ids[:1]
        self.assertEqual(note.partner_ids, self.staff.partner_id)
        self.assertIn("200.00", note.body)
        self.assertIn("Restore the file", note.body)
        with self.assertRaisesRegex(UserError, "cannot be changed while"):
            incident.with_user(self.manager).amount = 50
        with self.assertRaisesRegex(UserError, "Only dossier archivists"):
            incident.with_user(self.staff).action_mark_restored()
        incident.with_user(self.archivist).action_mark_restored()
        self.assertEqual(
            (incident.state, incident.restorer_id, incident.date_restored),
            # The archive's day, not the archivist's nor the server's: they
            # differ for hours every day.
            ("restored", self.archivist, archive_today(incident.company_id)),
        )
        with self.assertRaisesRegex(UserError, "Cannot close"):
            incident.with_user(self.manager).action_close()

    def test_range_comes_from_the_settings(self):
        settings = Form(
            self.env["res.config.settings"].with_user(self.env.ref("base.user_admin"))
        )
        self.assertEqual(
            (
                settings.dossier_incident_amount_min,
                settings.dossier_incident_amount_max,
            ),
            (50, 500),
        )
        settings.dossier_incident_amount_max = 1000
        settings.save().execute()
        incident = self._incident(amount=800)
        incident.with_user(self.manager).action_decide()
        self.assertEqual(incident.state, "decided")

    def test_the_person_responsible_does_not_decide_their_own_amount(self):
        incident = self._incident(responsible=self.manager, amount=100)
        with self.assertRaisesRegex(UserError, "another dossier manager"):
            incident.with_user(self.manager).action_decide()
        incident.with_user(self.manager_2).action_decide()
        self.assertEqual(incident.decider_id, self.manager_2)

    def test_close_without_restoration_needs_a_note(self):
        incident = self._incident(incident_type="loss", amount=500)
        incident.with_user(self.manager_2).action_decide()
        with self.assertRaisesRegex(UserError, "why incident"):
            incident.with_user(self.manager).action_close()
        incident.with_user(self.archivist).restoration_note = "The original is lost"
        incident.with_user(self.manager).action_close()
        self.assertEqual(incident.state, "closed")
        self.assertTrue(incident.date_closed)

    def test_document_must_belong_to_the_dossier(self):
        other = self._archived_dossier(self._new_customer("Other Co."))
        with self.assertRaisesRegex(ValidationError, "those of its dossier"):
            self._incident(dossier=other, document_id=self.documents[0])

    def test_each_sees_their_own_incidents(self):
        mine = self._incident(responsible=self.staff)
        theirs = self._incident(responsible=self.staff_2)
        Incident = self.env["dossier.incident"]
        self.assertEqual(Incident.with_user(self.staff).search([]), mine)
        self.assertEqual(Incident.with_user(self.staff_2).search([]), theirs)
        self.assertEqual(Incident.with_user(self.archivist).search([]), mine | theirs)
        with self.assertRaises(AccessError):
            theirs.with_user(self.staff).read(["name"])
        # Refused by the access rights, or before them by what the register lets
        # a user who is not an archivist set.
        with self.assertRaises(UserError):
            Incident.with_user(self.staff).create(
                {
                    "dossier_id": self.dossier.id,
                    "responsible_id": self.staff_2.id,
                    "incident_type": "loss",
                }
            )
        # An archivist below a confidential dossier's level does not see it.
        low = new_dossier_user(self.env, "incident_low", "archivist", "internal")
        secret = self._incident(dossier=self.confidential)
        self.assertNotIn(secret, Incident.with_user(low).search([]))
        self.assertIn(secret, Incident.with_user(self.manager).search([]))

    def test_incidents_in_the_statistics_and_the_assessment(self):
        incident = self._incident(amount=120)
        incident.with_user(self.manager).action_decide()
        self._incident(responsible=self.archivist_2, incident_type="loss")
        today = archive_today(self.company)
        assessment = (
            self.env["dossier.assessment"]
            .with_user(self.manager)
            .create(
                {
                    "custodian_id": self.archivist_2.id,
                    "date_from": today.replace(day=1),
                    "date_to": today,
                }
            )
        )
        # Both are on the custodian's dossier; one was caused by them.
        self.assertEqual(
            (assessment.incident_count, assessment.own_incident_count), (2, 1)
        )
        self.assertEqual(assessment.security_score, 100.0, "listed, not scored")
        listed = self.env["dossier.incident"].search(
            assessment.action_view_incidents()["domain"]
        )
        self.assertEqual(len(listed), 2)
        report = (
            self.env["dossier.monthly.report"]
            .with_user(self.manager)
            .new({"year": today.year, "month": str(today.month)})
        )
        # The current month is not over: its figures are read directly.
        rows, total = report._incident_statistics()
        self.assertEqual(
            {row["label"]: (row["found"], row["decided"]) for row in rows},
            {"Loss": (1, 0), "Damage": (0, 0), "Missing Pages": (1, 1)},
        )
        self.assertEqual((total["amount"], total["open_at_end"]), (120, 2))
        self.assertEqual(len(report._incidents_found()), 2)

    def test_statistics_cost_does_not_grow_with_the_incidents(self):
        for day, number in (("2026-02-10", 1), ("2026-03-10", 6)):
            with freeze_time(f"{day} 04:00:00"):
                for _index in range(number):
                    self._incident(responsible=self.staff_2)
        Report = self.env["ir.actions.report"].with_user(self.manager)

        def queries(month):
            report = (
                self.env["dossier.monthly.report"]
                .with_user(self.manager)
                .create({"year": 2026, "month": str(month)})
            )
            for _run in range(2):
                self.env.invalidate_all()
                report._get_statistics()
                Report._render_qweb_html(REPORT, report.ids)
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            stats = report._get_statistics()
            statistics = self.cr.sql_log_count - before
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            html = Report._render_qweb_html(REPORT, report.ids)[0].decode()
            return statistics, self.cr.sql_log_count - before, stats, html

        with freeze_time("2026-04-10 04:00:00"):
            february, february_pdf, _stats, _html = queries(2)
            march, march_pdf, stats, html = queries(3)
        self.assertEqual(len(stats["incidents"]), 6)
        self.assertEqual(stats["incident_total"]["open_at_end"], 7)
        for incident in stats["incidents"]:
            self.assertIn(incident.name, html)
        self.assertEqual(february, march, "1 or 6 incidents: the same queries")
        self.assertEqual(february_pdf, march_pdf, "and the same to print them")
