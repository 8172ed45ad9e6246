from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..const import ARCHIVIST_GROUP, MAX_CODE_LENGTH
from ..tools.dossier_input import check_bounds


class DossierLocation(models.Model):
    _name = "dossier.location"
    _description = "Dossier Cabinet Location"
    _inherit = ["dossier.procedure.mixin"]
    _parent_store = True
    _order = "complete_name"
    _rec_name = "complete_name"
    _rec_names_search = ["complete_name", "barcode"]
    _check_company_auto = True

    _barcode_unique = models.UniqueIndex(
        "(barcode, company_id) WHERE barcode IS NOT NULL",
        "Another location of this company already has this barcode.",
    )
    _key_holders_differ = models.Constraint(
        "CHECK (primary_key_holder_id IS NULL OR backup_key_holder_id IS NULL "
        "OR primary_key_holder_id != backup_key_holder_id)",
        "The two keys of a cabinet are held by two different people.",
    )

    name = fields.Char(required=True)
    location_type = fields.Selection(
        [("cabinet", "Cabinet"), ("shelf", "Shelf"), ("box", "Box")],
        string="Type",
        default="cabinet",
        required=True,
    )
    complete_name = fields.Char(
        string="Full Name", compute="_compute_complete_name", store=True, recursive=True
    )
    parent_id = fields.Many2one(
        "dossier.location",
        string="Inside",
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("dossier.location", "parent_id", string="Contains")
    barcode = fields.Char(copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    notes = fields.Text()
    dossier_ids = fields.One2many("dossier.dossier", "location_id", string="Dossiers")
    # A cabinet has two keys: the one in daily use and a backup, whose every use
    # is logged (dossier.key.log).
    primary_key_holder_id = fields.Many2one(
        "res.users", domain="[('share', '=', False)]"
    )
    backup_key_holder_id = fields.Many2one(
        "res.users", domain="[('share', '=', False)]"
    )
    key_manager_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False)]",
        help="Gets an activity each time the backup key is used; when empty, the "
        "dossier managers of the company do.",
    )
    key_log_ids = fields.One2many("dossier.key.log", "location_id")
    key_log_count = fields.Integer(
        compute="_compute_key_log_count",
        groups="partner_dossier.group_dossier_archivist",
    )
    dossier_count = fields.Integer(
        compute="_compute_dossier_count",
        help="Dossiers here and in what this contains.",
    )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for location in self:
            location.complete_name = (
                f"{location.parent_id.complete_name} › {location.name}"
                if location.parent_id
                else location.name
            )

    def _compute_dossier_count(self):
        counts = dict(
            self.env["dossier.dossier"]._read_group(
                [("location_id", "child_of", self.ids)], ["location_id"], ["__count"]
            )
        )
        for location in self:
            location.dossier_count = sum(
                count
                for place, count in counts.items()
                if f"/{location.id}/" in f"/{place.parent_path}"
            )

    def _compute_key_log_count(self):
        counts = dict(
            self.env["dossier.key.log"]._read_group(
                [("location_id", "in", self.ids)], ["location_id"], ["__count"]
            )
        )
        for location in self:
            location.key_log_count = counts.get(location, 0)

    @api.constrains("parent_id")
    def _check_parent(self):
        if self._has_cycle():
            raise ValidationError(self.env._("A location cannot be inside itself."))

    def _editable_fields(self):
        # Archivists keep the cabinets. Their full name follows from the tree, and
        # when they were last checked is stamped by a stock-taking.
        return {
            None: {
                ARCHIVIST_GROUP: {
                    "name",
                    "location_type",
                    "parent_id",
                    "child_ids",
                    "barcode",
                    "company_id",
                    "active",
                    "notes",
                    "primary_key_holder_id",
                    "backup_key_holder_id",
                    "key_manager_id",
                }
            }
        }

    @api.model_create_multi
    def create(self, vals_list):
        self = self._register_create(vals_list)
        check_bounds(self, vals_list, lengths={"barcode": MAX_CODE_LENGTH})
        return super().create(vals_list)

    def write(self, vals):
        self = self._register_write(vals)
        check_bounds(self, [vals], lengths={"barcode": MAX_CODE_LENGTH})
        return super().write(vals)

    def action_view_dossiers(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_dossier_action"
        )
        action["domain"] = [("location_id", "child_of", self.id)]
        action["context"] = {"default_location_id": self.id}
        return action

    def action_view_key_logs(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "partner_dossier.dossier_key_log_action"
        )
        action["domain"] = [("location_id", "=", self.id)]
        action["context"] = {"default_location_id": self.id}
        return action
