from odoo import api, fields, models

from ..tools.dossier_stats import aggregate, count_if, utc_bounds
from .dossier_dossier_review import key_review_conditions


class DossierAssessment(models.Model):
    """Key customers' reviews and loss or damage incidents in the assessment.

    - Timeliness also counts the monthly reviews of key customers' dossiers: at
      the end of the period (or now), each key customer's dossier the custodian
      holds that was opened at least a month before needed a review during the
      month before; it is on time when the Reviewed button was used then.
    - The incidents (loss, damage, missing pages) found during the period are
      listed: those on the custodian's dossiers, and those the custodian is the
      person responsible for. They do not change the scores: a borrower's
      damage found at a return check already lowers the custodian's accuracy."""

    _inherit = "dossier.assessment"

    key_review_due_count = fields.Integer(
        string="Key Customer Reviews Due", readonly=True, copy=False
    )
    key_review_overdue_count = fields.Integer(
        string="Key Customer Reviews Overdue", readonly=True, copy=False
    )
    incident_count = fields.Integer(
        string="Loss and Damage on the Dossiers", readonly=True, copy=False
    )
    own_incident_count = fields.Integer(
        string="Loss and Damage Caused", readonly=True, copy=False
    )

    @api.model
    def _count_records(self, company, date_from, date_to, custodians):
        counts = super()._count_records(company, date_from, date_to, custodians)
        start, end = utc_bounds(self.env, company, date_from, date_to)
        horizon = min(end, fields.Datetime.now())

        def due(column):
            return key_review_conditions(self.env, column, horizon)[0]

        def overdue(column):
            return key_review_conditions(self.env, column, horizon)[1]

        reviews = aggregate(
            self.env["dossier.dossier"],
            [
                ("company_id", "=", company.id),
                ("custodian_id", "in", custodians.ids),
                ("customer_type", "=", "key"),
            ],
            {
                "key_review_due_count": lambda column: count_if(due(column)),
                "key_review_overdue_count": lambda column: count_if(overdue(column)),
            },
            groupby="custodian_id",
        )
        Incident = self.env["dossier.incident"]
        period = [
            ("company_id", "=", company.id),
            ("date_found", ">=", date_from),
            ("date_found", "<=", date_to),
        ]
        on_dossiers = dict(
            Incident._read_group(
                [*period, ("custodian_id", "in", custodians.ids)],
                ["custodian_id"],
                ["__count"],
            )
        )
        caused = dict(
            Incident._read_group(
                [*period, ("responsible_id", "in", custodians.ids)],
                ["responsible_id"],
                ["__count"],
            )
        )
        for custodian in custodians:
            values = counts[custodian.id]
            values.update(
                reviews.get(
                    custodian.id,
                    {"key_review_due_count": 0, "key_review_overdue_count": 0},
                )
            )
            values["incident_count"] = on_dossiers.get(custodian, 0)
            values["own_incident_count"] = caused.get(custodian, 0)
        return counts

    @api.model
    def _scores(self, counts):
        due = counts.get("key_review_due_count", 0)
        overdue = counts.get("key_review_overdue_count", 0)
        # The reviews join the archivings in the timeliness share: in the counts
        # given to the shared computation only, the stored counts stay as they are.
        return super()._scores(
            {
                **counts,
                "archiving_due_count": counts["archiving_due_count"] + due,
                "archiving_on_time_count": counts["archiving_on_time_count"]
                + due
                - overdue,
            }
        )

    def action_view_incidents(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_incident_action"
        )
        action.update(
            name=self.env._(
                "Loss and Damage: %(assessment)s", assessment=self.display_name
            ),
            domain=[
                ("company_id", "=", self.company_id.id),
                ("date_found", ">=", self.date_from),
                ("date_found", "<=", self.date_to),
                "|",
                ("custodian_id", "=", self.custodian_id.id),
                ("responsible_id", "=", self.custodian_id.id),
            ],
            context={},
        )
        return action
