from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import MANAGER_GROUP


class DossierCategory(models.Model):
    _name = "dossier.category"
    _description = "Dossier Category"
    _inherit = ["dossier.procedure.mixin"]
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    complete_name = fields.Char(
        compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "dossier.category", index=True, ondelete="restrict", check_company=True
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("dossier.category", "parent_id")
    company_id = fields.Many2one("res.company", index=True)
    active = fields.Boolean(default=True)
    required_type_ids = fields.Many2many(
        "dossier.document.type",
        "dossier_category_required_type_rel",
        "category_id",
        "type_id",
        string="Required Documents",
        help="A dossier of this category can only be archived formally once it "
        "holds a document of each of these types.",
    )
    # Follow-up visits: opening a dossier launches the plan of its customer type.
    plan_potential_id = fields.Many2one(
        "mail.activity.plan",
        string="Follow-up Plan for Potential Customers",
        domain="[('res_model', '=', 'dossier.dossier')]",
    )
    plan_existing_id = fields.Many2one(
        "mail.activity.plan",
        string="Follow-up Plan for Existing Customers",
        domain="[('res_model', '=', 'dossier.dossier')]",
    )
    plan_key_id = fields.Many2one(
        "mail.activity.plan",
        string="Follow-up Plan for Key Accounts",
        domain="[('res_model', '=', 'dossier.dossier')]",
    )
    retention_policy_id = fields.Many2one(
        "dossier.retention.policy",
        string="Default Retention",
        ondelete="restrict",
        check_company=True,
        help="Given to dossiers filed in this category; they are kept permanently "
        "when it is empty.",
    )
    dossier_ids = fields.One2many("dossier.dossier", "category_id")
    dossier_count = fields.Integer(compute="_compute_dossier_count")

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            category.complete_name = (
                f"{category.parent_id.complete_name} / {category.name}"
                if category.parent_id
                else category.name
            )

    def _compute_dossier_count(self):
        counts = dict(
            self.env["dossier.dossier"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.dossier_count = counts.get(category, 0)

    def _followup_plan(self, customer_type):
        """The activity plan to launch for a dossier of this category (or none)."""
        if not self:
            return self.env["mail.activity.plan"]
        self.ensure_one()
        return self[f"plan_{customer_type}_id"]

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A category cannot be its own parent."))

    def _editable_fields(self):
        # Managers set up the filing plan. A new default retention is given to
        # the dossiers filed in the category afterwards, never to those already
        # in it (see dossier.dossier._compute_retention_policy_id).
        return {
            None: {
                MANAGER_GROUP: {
                    "name",
                    "parent_id",
                    "company_id",
                    "active",
                    "required_type_ids",
                    "plan_potential_id",
                    "plan_existing_id",
                    "plan_key_id",
                    "retention_policy_id",
                }
            }
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        return super().write(vals)
