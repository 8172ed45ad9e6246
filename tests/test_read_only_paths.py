"""The read paths (monthly statistics, registers, scorecard, analyses) run on a
read-only cursor, as they do on a PostgreSQL replica: a write added to one of them
one day fails here. What a print must record is written once, on the primary."""

import json
from datetime import date

import psycopg2.errors

from odoo import api
from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from ..models.ir_actions_report import RECORDING_REPORTS
from .stats_common import StatsCase, at

MONTHLY = "partner_dossier.report_monthly_statistics"
LOAN_REGISTER = "partner_dossier.dossier_loan_report_register"
COPY_REGISTER = "partner_dossier.dossier_copy_batch_report_register"
SCORECARD = "partner_dossier.dossier_assessment_report_scorecard"
LABEL = "partner_dossier.dossier_dossier_report_label"
LABEL_NAME = "partner_dossier.report_dossier_label"


class ReadOnlyCase(StatsCase):
    """A month (March 2026) with dossiers, loans, copies and an assessment."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        with at("2026-03-02"):
            cls.dossier = cls._open(cls._dossier("RO Co"))
            cls._archive(cls.dossier)
            cls.reading = cls._lend(cls.dossier)
            cls._give_back(cls.reading)
            cls.photocopy = cls._lend(cls.dossier, "photocopy", copies=(2, 3, True))
            cls.confidential = cls._open(
                cls._dossier("RO Secret Co", confidentiality="confidential")
            )
        with at("2026-04-02"):
            cls.assessment = (
                cls.env["dossier.assessment"]
                .with_user(cls.manager)
                .create(
                    {
                        "custodian_id": cls.archivist.id,
                        "date_from": "2026-03-01",
                        "date_to": "2026-03-31",
                    }
                )
            )
        cls.env.flush_all()

    def _march(self):
        return {"company_id": self.company.id, "year": 2026, "month": "3"}


@tagged("post_install", "-at_install")
class TestReadOnlyPaths(ReadOnlyCase):
    def _readonly_env(self, user):
        """An environment on a read-only cursor, like a request served by a
        replica: every INSERT or UPDATE raises ReadOnlySqlTransaction."""
        self.env.flush_all()
        self.registry_enter_test_mode()
        cr = self.registry.cursor(readonly=True)
        self.addCleanup(cr.close)
        # The test cursor opens its savepoint (and turns read-only) on its first
        # query: now, before any other cursor the code may open.
        cr.execute("SELECT 1")
        return api.Environment(cr, user.id, {"tz": "Asia/Shanghai", "lang": "en_US"})

    def test_the_cursor_refuses_writes(self):
        env = self._readonly_env(self.manager)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ReadOnlySqlTransaction),
        ):
            env.cr.execute("UPDATE res_partner SET ref = ref WHERE id = 1")

    @at("2026-04-10")
    def test_read_paths_write_nothing(self):
        env = self._readonly_env(self.manager)
        Report = env["ir.actions.report"]

        # Monthly statistics on screen: the form's onchange, and the PDF.
        Monthly = env["dossier.monthly.report"]
        values = Monthly.onchange(
            {"company_id": self.company.id, "year": 2026, "month": "3"},
            ["month"],
            {"company_id": {}, "year": {}, "month": {}, "summary_html": {}},
        )["value"]
        self.assertIn(self.photocopy.name, values["summary_html"])
        html, _type = Report._render_qweb_pdf(
            MONTHLY, data={"statistics": self._march()}
        )
        self.assertIn("March 2026", html.decode())
        self.assertIn(self.photocopy.name, html.decode())

        # Registers and the scorecard.
        loans = env["dossier.loan"].browse((self.reading | self.photocopy).ids)
        html, _type = Report._render_qweb_pdf(LOAN_REGISTER, loans.ids)
        self.assertIn(self.reading.name, html.decode())
        batches = self.photocopy.copy_batch_ids
        html, _type = Report._render_qweb_pdf(COPY_REGISTER, batches.ids)
        self.assertIn(self.photocopy.name, html.decode())
        html, _type = Report._render_qweb_pdf(SCORECARD, self.assessment.ids)
        self.assertIn(self.archivist.name, html.decode())

        # Analyses as the pivot and the list ask for them.
        groups = env["dossier.loan.report"].formatted_read_group(
            [], ["loan_type"], ["loan_count:sum", "copies:sum"]
        )
        self.assertEqual(
            {group["loan_type"]: group["loan_count:sum"] for group in groups},
            {"reading": 1, "photocopy": 1},
        )
        groups = env["dossier.dossier"].formatted_read_group(
            [], ["state"], ["__count", "completeness:avg"]
        )
        self.assertTrue(groups)
        env["dossier.assessment"].web_search_read(
            [], {"overall_score": {}, "custodian_id": {"fields": {}}}
        )
        env["dossier.loan.report"].web_read_group(
            [], ["state"], ["loan_count:sum", "hours_out:avg"]
        )
        # As Odoo does at the end of a request: what the ORM holds is written now.
        env.flush_all()

    def test_recording_reports_are_those_of_logged_models(self):
        """The routes serve RECORDING_REPORTS read/write: every report of the
        addon on a model whose prints are logged (ir_actions_report.py)."""
        reports = self.env["ir.actions.report"].search(
            [
                ("report_name", "=like", "partner_dossier.%"),
                ("model", "in", ("dossier.dossier", "dossier.clearout")),
            ]
        )
        self.assertEqual(set(reports.mapped("report_name")), RECORDING_REPORTS)

    @at("2026-04-10")
    def test_a_print_that_records_fails_early_on_the_replica(self):
        """Printing a confidential dossier's label writes its access log and the
        label stamp: on the read-only cursor the first write fails (and Odoo
        serves the request again on the primary), before any PDF is made."""
        env = self._readonly_env(self.archivist)
        Report = env["ir.actions.report"]
        rendered = []
        original = type(Report)._render_qweb_html

        def spy(report, *args, **kwargs):
            rendered.append(args)
            return original(report, *args, **kwargs)

        self.patch(type(Report), "_render_qweb_html", spy)
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.ReadOnlySqlTransaction),
        ):
            Report._render_qweb_pdf(LABEL, self.confidential.ids)
        self.assertEqual(rendered, [], "nothing rendered before the write failed")


@tagged("post_install", "-at_install")
class TestReadOnlyRoutes(ReadOnlyCase, HttpCase):
    """Through the web client's routes, as Odoo serves them: read-only first,
    again on a read/write cursor when a write is refused."""

    def _logs(self, dossier):
        return self.env["dossier.access.log"].search([("dossier_id", "=", dossier.id)])

    def _download(self, url):
        return self.url_open(
            "/report/download",
            data={
                "data": json.dumps([url, "qweb-pdf"]),
                "context": json.dumps({"lang": "en_US"}),
                "token": "t",
                "csrf_token": self.csrf_token(),
            },
        )

    def csrf_token(self):
        from odoo.http import Request

        return Request.csrf_token(self)

    @at("2026-04-10")
    def test_label_printed_once_on_a_read_write_cursor(self):
        """A print that records is served read/write at once: no ERROR from a
        write refused by a read-only cursor, no second run of the request."""
        self.authenticate(self.archivist.login, self.archivist.login)
        self.assertFalse(self._logs(self.confidential))
        with (
            self.assertNoLogs("odoo.http", "WARNING"),
            self.assertNoLogs("odoo.sql_db", "ERROR"),
        ):
            response = self._download(
                f"/report/pdf/{LABEL_NAME}/{self.confidential.id}"
            )
        self.assertEqual(response.status_code, 200, response.text[:500])
        log = self._logs(self.confidential)
        self.assertEqual(len(log), 1, "one access-log line")
        self.assertEqual((log.access_type, log.user_id), ("print", self.archivist))
        self.confidential.invalidate_recordset()
        self.assertTrue(self.confidential.label_printed)
        self.assertEqual(self.confidential.date_label_printed, date(2026, 4, 10))

    @at("2026-04-10")
    def test_monthly_statistics_pdf_needs_no_write(self):
        self.authenticate(self.manager.login, self.manager.login)
        options = json.dumps({"statistics": self._march()})
        with self.assertNoLogs("odoo.http", "WARNING"):
            response = self._download(f"/report/pdf/{MONTHLY}?options={options}")
        self.assertEqual(response.status_code, 200, response.text[:500])

    @at("2026-04-10")
    def test_a_pdf_whose_replica_is_lost_is_made_on_the_primary(self):
        """The replica stops while a PDF is being made on it: the download is
        served again on the primary instead of ending in an error."""
        self.authenticate(self.manager.login, self.manager.login)
        Report = type(self.env["ir.actions.report"])
        original = Report._render_qweb_pdf
        cursors = []

        def replica_lost(report, *args, **kwargs):
            cursors.append(report.env.cr.readonly)
            if report.env.cr.readonly:
                raise psycopg2.OperationalError("server closed the connection")
            return original(report, *args, **kwargs)

        self.patch(Report, "_render_qweb_pdf", replica_lost)
        options = json.dumps({"statistics": self._march()})
        with (
            self.assertLogs("odoo.http", "WARNING") as logs,
            mute_logger("odoo.addons.web.controllers.report"),
        ):
            response = self._download(f"/report/pdf/{MONTHLY}?options={options}")
        self.assertEqual(response.status_code, 200, response.text[:500])
        self.assertIn("March 2026", response.text)
        self.assertEqual(cursors, [True, False], "replica first, then the primary")
        self.assertIn("the replica was lost during the print", "\n".join(logs.output))
