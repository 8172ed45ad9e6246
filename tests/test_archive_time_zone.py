import importlib.util
from datetime import date, datetime, timedelta
from pathlib import Path

from odoo import fields
from odoo.fields import Domain
from odoo.tests import Form, freeze_time, new_test_user, tagged

from ..hooks import pre_init_hook
from ..tools.dossier_timezone import archive_today, archive_today_domain, server_tz_name
from .common import SIGNATURE
from .loan_common import LoanCase

# 02:00 UTC on 2 March: 10:00 in the Shanghai archive, 21:00 on the 1st in New
# York, 03:00 in Brussels, 15:00 in Auckland.
MORNING = "2026-03-02 02:00:00"
# 18:00 in Shanghai, the archive's closing time, in UTC.
CLOSING = datetime(2026, 3, 2, 10, 0)
# 18:00 UTC on 2 March: 02:00 on the 3rd in the Shanghai archive, 13:00 on the
# 2nd in New York, 19:00 on the 2nd in Brussels.
EVENING = "2026-03-02 18:00:00"
ARCHIVE_DAY = date(2026, 3, 3)
ELSEWHERE_DAY = date(2026, 3, 2)


def zoned_user(env, login, role, tz):
    user = new_test_user(
        env, login=login, groups=f"partner_dossier.group_dossier_{role}", tz=tz
    )
    user.sudo().dossier_clearance = "internal"
    return user


@tagged("post_install", "-at_install")
class TestArchiveTimeZone(LoanCase):
    """Issue 25: one time zone for the archive room. Whoever registers, decides,
    lends or recomputes a loan, and wherever they are, it is due at the closing
    time of the archive, in the company's time zone, and shown with that zone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.requester = zoned_user(cls.env, "tz_requester", "user", "America/New_York")
        cls.archivist_bru = zoned_user(
            cls.env, "tz_archivist", "archivist", "Europe/Brussels"
        )
        cls.manager_akl = zoned_user(
            cls.env, "tz_manager", "manager", "Pacific/Auckland"
        )
        cls.people = cls.requester | cls.archivist_bru | cls.manager_akl
        cls.other_dossiers = [
            cls._archived_dossier(cls._new_customer(name))
            for name in ("Zone Two Co.", "Zone Three Co.")
        ]

    def _form_request(self, user, dossier):
        form = Form(self.env["dossier.loan"].with_user(user))
        form.dossier_id = dossier
        form.purpose = "Check the delivery terms"
        return form

    def _recompute_as(self, user, loan):
        """What any later touch of the loan does: recompute its due time, as
        ``user``, in their time zone."""
        as_user = loan.with_user(user)
        self.env.add_to_compute(as_user._fields["date_due"], as_user)
        as_user.flush_recordset()
        loan.invalidate_recordset()
        return loan.date_due

    @freeze_time(MORNING)
    def test_three_people_in_three_zones_one_due_time(self):
        dossiers = [self.dossier, *self.other_dossiers]
        loans = self.env["dossier.loan"]
        for user, dossier in zip(self.people, dossiers, strict=True):
            form = self._form_request(user, dossier)
            # New York is still on the 1st: the archive's day counts.
            self.assertEqual(form.date_wanted, date(2026, 3, 2), user.tz)
            self.assertEqual(form.date_due, CLOSING, user.tz)
            loans |= form.save()
        self.assertEqual(set(loans.mapped("date_due")), {CLOSING})
        for loan in loans:
            for user in self.people:
                self.assertEqual(
                    self._recompute_as(user, loan), CLOSING, f"{loan.name}, {user.tz}"
                )
        # A requested loan edited by someone elsewhere: the archive's day again.
        with Form(loans[0].with_user(self.archivist_bru)) as form:
            form.date_wanted = date(2026, 3, 3)
            self.assertEqual(form.date_due, datetime(2026, 3, 3, 10, 0))
            form.date_wanted = date(2026, 3, 2)
        self.assertEqual(loans[0].date_due, CLOSING)

        requested, by_archivist, by_manager = loans
        requested.with_user(self.manager_akl).action_approve()
        by_archivist.with_user(self.manager_akl).action_approve()
        by_manager.with_user(self.archivist_bru).action_approve()
        # Lent at 10:00 in Shanghai by the Brussels archivist (03:00 for him).
        requested.with_user(self.archivist_bru).action_checkout(signature=SIGNATURE)
        by_manager.with_user(self.archivist).action_checkout(signature=SIGNATURE)
        self.assertEqual(set(loans.mapped("date_due")), {CLOSING})
        for user in self.people:
            self.assertEqual(self._recompute_as(user, requested), CLOSING, user.tz)
        # Lent after the room closed (20:00 in Shanghai, 13:00 in Brussels): the
        # end of the archive's day, not of the archivist's.
        with freeze_time("2026-03-02 12:00:00"):
            by_archivist.with_user(self.archivist_bru).action_checkout(
                signature=SIGNATURE
            )
        self.assertEqual(by_archivist.date_due, datetime(2026, 3, 2, 15, 59, 59))

        # Shown in the archive's time, its zone named, to each of them.
        for user in self.people:
            label = requested.with_user(user).date_due_label
            self.assertIn("6:00", label, user.tz)
            self.assertIn("(Asia/Shanghai)", label, user.tz)
        counter = self.env["dossier.counter"].with_user(self.archivist_bru)
        scanned = str(counter.scan(requested.dossier_id.name))
        self.assertIn("3/2/26, 6:00", scanned)
        self.assertIn("(Asia/Shanghai)", scanned)
        slip, _type = (
            self.env["ir.actions.report"]
            .with_user(self.archivist_bru)
            ._render_qweb_html(
                "partner_dossier.dossier_loan_report_slip", requested.ids
            )
        )
        self.assertIn("3/2/26, 6:00", slip.decode())
        self.assertIn("(Asia/Shanghai)", slip.decode())

    @freeze_time(MORNING)
    def test_a_company_without_time_zone_counts_in_utc_for_everyone(self):
        self.company.partner_id.tz = False
        for user in self.people:
            with self.subTest(user=user.tz):
                form = self._form_request(user, self.dossier)
                self.assertEqual(form.date_wanted, date(2026, 3, 2))
                self.assertEqual(form.date_due, datetime(2026, 3, 2, 18, 0))
                self.assertIn("(UTC)", form.date_due_label)

    def test_the_settings_ask_for_the_time_zone(self):
        self.company.partner_id.tz = False
        admin = self.env.ref("base.user_admin")
        settings = Form(self.env["res.config.settings"].with_user(admin))
        self.assertFalse(settings.dossier_tz)
        view = self.env.ref("partner_dossier.res_config_settings_view_form")
        self.assertIn('invisible="dossier_tz"', view.arch_db)
        self.assertIn("The company has no time zone", view.arch_db)
        settings.dossier_tz = "Asia/Shanghai"
        settings.save().execute()
        self.assertEqual(self.company.partner_id.tz, "Asia/Shanghai")
        self.assertEqual(self.company.dossier_tz, "Asia/Shanghai")

    def test_a_default_is_taken_once_at_installation(self):
        admin = self.env.ref("base.user_admin")
        admin.tz = "Europe/Brussels"
        self.company.partner_id.tz = False
        pre_init_hook(self.env)
        self.assertEqual(self.company.dossier_tz, "Europe/Brussels", "the admin's")
        # Later, nobody's time zone moves it.
        admin.tz = "Asia/Tokyo"
        pre_init_hook(self.env)
        with freeze_time(MORNING):
            self._form_request(self.manager_akl, self.dossier).save()
        self.assertEqual(self.company.dossier_tz, "Europe/Brussels")
        # Without the admin's, the server's, else UTC.
        admin.tz = False
        self.company.partner_id.tz = False
        pre_init_hook(self.env)
        self.assertEqual(self.company.dossier_tz, server_tz_name() or "UTC")

    def test_the_upgrade_takes_it_once_too(self):
        """Databases made before 19.0.1.2.0: the migration gives a company without
        a time zone the same default, and leaves a company that has one."""
        script = Path(__file__).parents[1] / "migrations/19.0.1.2.0/post-migrate.py"
        spec = importlib.util.spec_from_file_location("tz_post_migrate", script)
        migration = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(migration)
        self.env.ref("base.user_admin").tz = "Asia/Kolkata"
        self.company.partner_id.tz = False
        migration.migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(self.company.dossier_tz, "Asia/Kolkata")
        self.env.ref("base.user_admin").tz = "Europe/Brussels"
        migration.migrate(self.env.cr, "19.0.1.1.0")
        self.env.invalidate_all()
        self.assertEqual(self.company.dossier_tz, "Asia/Kolkata")


@tagged("post_install", "-at_install")
class TestArchiveDay(LoanCase):
    """The registers are dated by the archive's day, in the company's time zone:
    the same day whoever clicks, wherever they are, and for the scheduled jobs,
    which run without a time zone; the searches of what is late or due agree."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.partner_id.tz = "Asia/Shanghai"
        cls.archivist_ny = zoned_user(
            cls.env, "day_archivist", "archivist", "America/New_York"
        )
        cls.manager_bru = zoned_user(
            cls.env, "day_manager", "manager", "Europe/Brussels"
        )
        cls.people = cls.archivist_ny | cls.manager_bru

    def _assert_days_apart(self):
        """The instant of the test is one at which the archive is a day ahead
        of its people and of UTC: else it would pass by chance."""
        self.assertEqual(archive_today(self.company), ARCHIVE_DAY)
        for user in self.people:
            record = self.env["dossier.dossier"].with_user(user)
            self.assertEqual(fields.Date.context_today(record), ELSEWHERE_DAY)
        self.assertEqual(self.env.tz.zone, "UTC", "the job's user has no zone")

    @freeze_time(EVENING)
    def test_registers_dated_by_the_archive_day_whoever_clicks(self):
        self._assert_days_apart()
        dossier = self._new_dossier(
            custodian_id=self.archivist_ny.id, location_id=self.box.id
        )
        dossier.with_user(self.archivist_ny).action_open()
        self._add_documents(dossier, self.type_contract | self.type_licence)
        dossier.with_user(self.archivist_ny).action_archive_formally()
        dossier.with_user(self.manager_bru).action_close()
        self.assertEqual(
            (dossier.date_opened, dossier.date_archived, dossier.date_closed),
            (ARCHIVE_DAY, ARCHIVE_DAY, ARCHIVE_DAY),
        )
        incident = Form(self.env["dossier.incident"].with_user(self.archivist_ny))
        self.assertEqual(incident.date_found, ARCHIVE_DAY, "a default too")
        hold = Form(
            self.env["dossier.legal.hold"]
            .with_user(self.manager_bru)
            .with_context(active_model="dossier.dossier", active_ids=dossier.ids)
        )
        self.assertEqual(hold.date, ARCHIVE_DAY)

    @freeze_time(EVENING)
    def test_searches_and_jobs_agree_with_the_archive_day(self):
        self._assert_days_apart()
        # To be archived by the 2nd: late on the archive's 3rd, not in New York.
        late = self._new_dossier(
            custodian_id=self.archivist_ny.id, date_opened=date(2026, 2, 2)
        )
        late.action_open()
        late.date_completed = ELSEWHERE_DAY - timedelta(
            days=self.company.dossier_archive_days
        )
        self.assertEqual(late.archive_deadline, ELSEWHERE_DAY)
        # Kept until the 2nd: due for disposal on the archive's 3rd.
        due = self._archived_dossier(
            self._new_customer("Kept Ten Years Co."),
            retention_policy_id=self.env.ref(
                "partner_dossier.retention_policy_10_years"
            ).id,
        )
        due._procedure().write({"state": "closed", "date_closed": date(2016, 3, 2)})
        self.assertEqual(due.retention_until, ELSEWHERE_DAY)
        for user in self.people:
            Dossier = self.env["dossier.dossier"].with_user(user)
            self.assertIn(late, Dossier.search([("is_late", "=", True)]), user.tz)
            self.assertTrue(late.with_user(user).is_late, user.tz)
            self.assertIn(
                due, Dossier.search([("is_due_for_disposal", "=", True)]), user.tz
            )
            self.assertTrue(due.with_user(user).is_due_for_disposal, user.tz)

        self._run_cron_method("dossier.dossier", "_cron_remind_late_archiving")
        reminder = late.activity_ids.filtered(
            lambda activity: (
                activity.activity_type_id
                == self.env.ref("partner_dossier.mail_activity_dossier_late")
            )
        )
        self.assertEqual(reminder.user_id, self.archivist_ny)
        self._run_cron_method("dossier.disposal", "_cron_propose_disposals")
        proposal = due.disposal_line_ids.disposal_id
        self.assertEqual(len(proposal), 1)
        self.assertEqual(proposal.date, ARCHIVE_DAY)

    @freeze_time(EVENING)
    def test_search_by_the_day_costs_no_query(self):
        """The companies' zones are cached: a search by the archive's day
        stays one query (the due-for-disposal search on its partial index,
        bench figure 7), and a change of a company's zone counts at once."""
        self._assert_days_apart()

        def before(today):
            return Domain("retention_until", "<", today)

        self.env["res.company"]._dossier_archive_zones()
        with self.assertQueryCount(0):
            domain = archive_today_domain(self.env, before)
        # One company: the plain condition, on the archive's day.
        self.assertEqual(
            (domain.field_expr, domain.value), ("retention_until", ARCHIVE_DAY)
        )
        # Through the company's address, as its settings write it.
        self.company.partner_id.tz = "America/New_York"
        domain = archive_today_domain(self.env, before)
        self.assertEqual(domain.value, ELSEWHERE_DAY)
        self.company.dossier_tz = "Asia/Shanghai"
        domain = archive_today_domain(self.env, before)
        self.assertEqual(domain.value, ARCHIVE_DAY)

    @freeze_time(EVENING)
    def test_each_company_counts_its_own_day(self):
        """Two archives a day apart: one click dates each dossier by its own
        company's day, and a search applies each company's day to its own."""
        branch = self.env["res.company"].create({"name": "New York Branch"})
        branch.partner_id.tz = "America/New_York"
        self.assertEqual(archive_today(branch), ELSEWHERE_DAY)
        here = self._new_dossier()
        there = self._new_dossier(company_id=branch.id)
        (here | there).action_open()
        self.assertEqual(here.date_opened, ARCHIVE_DAY)
        self.assertEqual(there.date_opened, ELSEWHERE_DAY)
        self.company.dossier_archive_days = branch.dossier_archive_days = 5
        (here | there)._procedure().write(
            {
                "date_opened": date(2026, 2, 2),
                "date_completed": ELSEWHERE_DAY - timedelta(days=5),
            }
        )
        self.assertEqual(
            set((here | there).mapped("archive_deadline")), {ELSEWHERE_DAY}
        )
        late = self.env["dossier.dossier"].search(
            [("id", "in", (here | there).ids), ("is_late", "=", True)]
        )
        self.assertEqual(late, here, "late in Shanghai, due today in New York")
        self.assertEqual((here | there).mapped("is_late"), [True, False])
