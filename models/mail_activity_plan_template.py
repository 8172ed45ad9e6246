from odoo import fields, models


class MailActivityPlanTemplate(models.Model):
    _inherit = "mail.activity.plan.template"

    responsible_type = fields.Selection(
        selection_add=[("dossier_custodian", "Dossier Custodian")],
        ondelete={"dossier_custodian": "set default"},
    )

    def _determine_responsible(self, on_demand_responsible, applied_on_record):
        if self.responsible_type != "dossier_custodian":
            return super()._determine_responsible(
                on_demand_responsible, applied_on_record
            )
        custodian = (
            applied_on_record.custodian_id
            if "custodian_id" in applied_on_record._fields
            else self.env["res.users"]
        )
        return {
            "responsible": custodian,
            "error": not custodian
            and self.env._(
                "%(record)s has no custodian to assign %(activity)s to.",
                record=applied_on_record.display_name,
                activity=self.summary or self.activity_type_id.name,
            ),
            "warning": False,
        }
