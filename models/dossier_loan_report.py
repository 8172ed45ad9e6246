from odoo import fields, models
from odoo.tools import SQL

from .dossier_loan import LOAN_STATES, LOAN_TYPES


class DossierLoanReport(models.Model):
    _name = "dossier.loan.report"
    _description = "Loan Analysis"
    _auto = False
    _order = "date_requested desc"
    _rec_name = "name"

    loan_id = fields.Many2one("dossier.loan", readonly=True)
    name = fields.Char(string="Loan Number", readonly=True)
    date_requested = fields.Datetime(string="Requested On", readonly=True)
    date_checkout = fields.Datetime(string="Checked Out On", readonly=True)
    date_due = fields.Datetime(string="Due", readonly=True)
    dossier_id = fields.Many2one("dossier.dossier", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    borrower_id = fields.Many2one("res.users", readonly=True)
    loan_type = fields.Selection(LOAN_TYPES, string="Type", readonly=True)
    state = fields.Selection(LOAN_STATES, readonly=True)
    overdue = fields.Boolean(
        readonly=True, help="Out past its due time, or returned after it."
    )
    loan_count = fields.Integer(string="Loans", readonly=True, aggregator="sum")
    reminder_count = fields.Integer(string="Reminders", readonly=True, aggregator="sum")
    copies = fields.Integer(string="Copies Made", readonly=True, aggregator="sum")
    copy_pages = fields.Integer(string="Pages Copied", readonly=True, aggregator="sum")
    hours_out = fields.Float(readonly=True, aggregator="avg")

    @property
    def _table_query(self):
        # Aggregated by the database: the pivot never loops over loans in Python.
        return SQL(
            """
            SELECT loan.id AS id,
                   loan.id AS loan_id,
                   loan.name AS name,
                   loan.date_requested AS date_requested,
                   loan.date_checkout AS date_checkout,
                   loan.date_due AS date_due,
                   loan.dossier_id AS dossier_id,
                   loan.partner_id AS partner_id,
                   loan.company_id AS company_id,
                   loan.borrower_id AS borrower_id,
                   loan.loan_type AS loan_type,
                   loan.state AS state,
                   COALESCE(
                       (loan.state IN %(open)s AND loan.date_due < %(now)s)
                       OR loan.date_returned > loan.date_due,
                       FALSE
                   ) AS overdue,
                   1 AS loan_count,
                   loan.reminder_count AS reminder_count,
                   COALESCE(batch.copies, 0) AS copies,
                   COALESCE(batch.pages, 0) AS copy_pages,
                   EXTRACT(
                       EPOCH FROM COALESCE(loan.date_returned, %(now)s) - loan.date_checkout
                   ) / 3600.0 AS hours_out
              FROM dossier_loan loan
              LEFT JOIN (
                    SELECT loan_id, SUM(copies) AS copies, SUM(total_pages) AS pages
                      FROM dossier_copy_batch
                  GROUP BY loan_id
              ) batch ON batch.loan_id = loan.id
            """,
            open=("out", "partial"),
            now=fields.Datetime.now(),
        )
