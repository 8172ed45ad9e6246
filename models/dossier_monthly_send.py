import psycopg2.errors
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import mute_logger
from odoo.tools.misc import format_datetime

from ..const import MANAGER_GROUP
from ..tools.dossier_languages import by_lang, company_lang
from ..tools.dossier_stats import company_tz, month_label
from ..tools.dossier_timezone import archive_today

MONTHLY_REPORT = "partner_dossier.dossier_monthly_report_pdf"
# The name PostgreSQL gives _once_per_month: "<table>_<attribute>".
ONCE_INDEX = "dossier_monthly_send_once_per_month"


class DossierMonthlySend(models.Model):
    """One month's statistics of one company, sent to the dossier managers.

    Why a record per sending, and not a "last month sent" field on the company:
    the unique index makes "once a month" a fact of the database, even when the
    job runs on several workers at once or a manager presses Send while it runs
    (a field would need a lock on the company row, which every request reads);
    and the record keeps what was sent, when and to whom, with the very PDF.

    Why a message on this record, and not on the company's contact: every
    employee can read the company's contact and its attachments, and the
    statistics name confidential dossiers and who borrowed them. Only managers
    can read this record, so only they can read the PDF; each manager receives
    it by email or in the Odoo inbox, as they chose in their preferences."""

    _name = "dossier.monthly.send"
    _description = "Monthly Statistics Sent"
    _inherit = ["mail.thread", "dossier.procedure.mixin"]
    _order = "month desc, id desc"
    # Managers discuss the statistics without being able to change the record.
    _mail_post_access = "read"

    _once_per_month = models.UniqueIndex(
        "(company_id, month)",
        "The statistics of this month were already sent for this company.",
    )

    company_id = fields.Many2one("res.company", required=True, readonly=True)
    month = fields.Date(
        required=True, readonly=True, help="The first day of the month reported."
    )
    month_label = fields.Char(string="Month Reported", compute="_compute_month_label")
    date_sent = fields.Datetime(
        string="Sent On", required=True, readonly=True, default=fields.Datetime.now
    )
    sender_id = fields.Many2one(
        "res.users",
        string="Sent By",
        required=True,
        readonly=True,
        default=lambda self: self.env.user,
    )
    recipient_ids = fields.Many2many(
        "res.partner", string="Sent To", readonly=True, copy=False
    )
    attachment_id = fields.Many2one(
        "ir.attachment", string="Statistics", readonly=True, copy=False
    )

    @api.depends("month")
    def _compute_month_label(self):
        for send in self:
            send.month_label = send.month and month_label(self.env, send.month)

    @api.depends("company_id", "month_label")
    def _compute_display_name(self):
        for send in self:
            send.display_name = self.env._(
                "%(company)s, %(month)s",
                company=send.company_id.name,
                month=send.month_label,
            )

    def _procedure_fields(self):
        sending = self.env._(
            "the Send to Managers button of the monthly statistics, or the monthly "
            "scheduled job"
        )
        return dict.fromkeys(
            (
                "company_id",
                "month",
                "date_sent",
                "sender_id",
                "recipient_ids",
                "attachment_id",
            ),
            sending,
        )

    def _editable_fields(self):
        """Nothing: a record of statistics sent is written by the sending only,
        and never changes."""
        return {None: {}}

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("A record of statistics sent cannot be deleted."))

    # ------------------------------------------------------------------ sending

    @api.model
    def _managers(self, company):
        return (
            self.env.ref(MANAGER_GROUP)
            .all_user_ids.filtered(
                lambda user: (
                    user.active
                    and not user.share
                    and not user._is_superuser()
                    and company in user.company_ids
                )
            )
            .sorted("id")
        )

    @api.model
    def _already_sent_error(self, send):
        return UserError(
            self.env._(
                "The statistics of %(month)s for %(company)s were already sent to "
                "the managers on %(date)s: they are sent once a month. Print them "
                "instead.",
                month=send.month_label,
                company=send.company_id.name,
                date=format_datetime(self.env, send.date_sent, dt_format="short"),
            )
        )

    @api.model
    def _send_month(self, company, month, raise_if_sent=True):
        """Send the statistics of ``month`` (its first day) for ``company`` to
        its dossier managers, unless they were already sent: then raise, or
        return an empty recordset when ``raise_if_sent`` is False (the job)."""
        sent = self.search(
            [("company_id", "=", company.id), ("month", "=", month)], limit=1
        )
        if sent:
            if raise_if_sent:
                raise self._already_sent_error(sent)
            return self.browse()
        office = company_lang(self.env, company)
        # Created first: it refuses a month that is not over.
        report = self._statistics_report(company, month, office)
        managers = self._managers(company)
        try:
            # The refusal is expected and answered below: keep it out of the log.
            with mute_logger("odoo.sql_db"), self.env.cr.savepoint():
                # sudo: no one creates these records by hand (managers only read
                # them); sending the statistics is the only way in.
                send = self.sudo()._procedure_create(
                    {
                        "company_id": company.id,
                        "month": month,
                        "recipient_ids": managers.partner_id.ids,
                    }
                )
        except psycopg2.errors.UniqueViolation as error:
            # Sent by another worker, in a transaction this one could not see.
            if error.diag.constraint_name != ONCE_INDEX:
                raise
            if raise_if_sent:
                raise UserError(
                    self.env._(
                        "The statistics of %(month)s for %(company)s have just been "
                        "sent to the managers.",
                        month=month_label(self.env, month),
                        company=company.name,
                    )
                ) from None
            return self.browse()
        send = self.browse(send.id)
        # Each manager reads the statistics in their own language: one PDF and one
        # message per language of the managers, each addressed to those who read
        # it (see dossier_languages). The company's language comes first, and its
        # PDF is the record's.
        groups = by_lang(self.env, managers)
        langs = sorted(groups, key=lambda lang: lang != office) or [office]
        for lang in langs:
            if lang != office:
                report = self._statistics_report(company, month, lang)
            attachment = self._post_statistics(send, report, groups.get(lang, managers))
            if not send.attachment_id:
                send.sudo()._procedure().attachment_id = attachment
        return send

    @api.model
    def _statistics_report(self, company, month, lang):
        return (
            self.env["dossier.monthly.report"]
            .with_context(lang=lang)
            .create(
                {
                    "company_id": company.id,
                    "year": month.year,
                    "month": str(month.month),
                }
            )
        )

    def _post_statistics(self, send, report, managers):
        """The statistics ``report`` as a PDF in its language, posted to
        ``managers`` with a message in that language. Returns the PDF."""
        company = send.company_id
        month = send.month
        lang = report.env.lang
        localized = self.with_context(lang=lang)
        content, _report_type = (
            localized.env["ir.actions.report"]
            .with_context(tz=company_tz(self.env, company).zone)
            ._render_qweb_pdf(MONTHLY_REPORT, report.ids)
        )
        # sudo: managers cannot attach files to the record they only read.
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": localized.env._(
                        "Dossier Statistics %(company)s %(month)s.pdf",
                        company=company.name,
                        month=month.strftime("%Y-%m"),
                    ),
                    "raw": content,
                    "res_model": self._name,
                    "res_id": send.id,
                }
            )
        )
        send.with_context(lang=lang).message_post_with_source(
            "partner_dossier.dossier_monthly_send_message",
            render_values={"report": report, "stats": report._get_statistics()},
            subject=localized.env._(
                "Customer dossiers of %(company)s: statistics of %(month)s",
                company=company.name,
                month=report.month_label,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=managers.partner_id.ids,
            attachment_ids=attachment.ids,
        )
        return attachment

    @api.model
    def _cron_send_monthly_reports(self):
        """Each company's day (1st to 5th, in its time zone): send last month's
        statistics to its managers.

        Safe to re-run and to run on several workers: a month already sent is
        skipped, and the unique index refuses a second one. A day missed (the
        server was down) is caught up the next day."""
        todo = []
        # Every company is due its statistics, and companies are few.
        for company in self.env["res.company"].search([]):  # pylint: disable=no-search-all
            today = archive_today(company)
            if today.day >= company.dossier_monthly_report_day:
                todo.append((company, today.replace(day=1) - relativedelta(months=1)))
        sent = {
            (send.company_id, send.month)
            for send in self.search(
                [
                    ("company_id", "in", [company.id for company, _month in todo]),
                    ("month", "in", list({month for _company, month in todo})),
                ]
            )
        }
        todo = [pair for pair in todo if pair not in sent]
        self.env["ir.cron"]._commit_progress(remaining=len(todo))
        for company, month in todo:
            self._send_month(company, month, raise_if_sent=False)
            if not self.env["ir.cron"]._commit_progress(1):
                break
