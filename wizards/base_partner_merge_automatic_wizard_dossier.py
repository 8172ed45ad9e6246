from odoo import api, models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        # Odoo repoints every foreign key in SQL, and the unique index of one open
        # dossier per customer is no constraint it knows how to treat: the dossiers
        # move first, through the ORM (checked, tracked, their labels to reprint).
        self.env["dossier.dossier"]._follow_partner_merge(src_partners, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)
