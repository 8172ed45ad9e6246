from odoo import api, models
from odoo.exceptions import UserError

from .dossier_dossier import ACTIVE_STATES


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    @api.model
    def _follow_partner_merge(self, src_partners, dst_partner):
        """Contacts › Merge (base.partner.merge.automatic.wizard) absorbs
        ``src_partners`` into ``dst_partner``: their dossiers go to the kept
        customer (its commercial entity, like every dossier) before the wizard
        repoints the rest in SQL. The dossier records stay as they are (loans,
        access log, chatter keep pointing to them); only their customer changes,
        which the chatter records and which puts their label to reprint.

        Refused when the kept customer would then have two dossiers that are not
        closed in one company: the database would refuse it too."""
        # sudo: a merge moves every dossier of the merged contacts, whatever the
        # merging user may read; the refusal below names only those they may read.
        dossiers = self.sudo().search(
            [
                (
                    "partner_id",
                    "in",
                    (src_partners | dst_partner.commercial_partner_id).ids,
                )
            ]
        )
        moving = dossiers.filtered(lambda dossier: dossier.partner_id in src_partners)
        if not moving:
            return moving
        target = dst_partner.commercial_partner_id
        active = dossiers.filtered(lambda dossier: dossier.state in ACTIVE_STATES)
        for company, open_dossiers in active.grouped("company_id").items():
            if len(open_dossiers) > 1:
                raise UserError(
                    self._merge_refusal(
                        src_partners | dst_partner, company, open_dossiers
                    )
                )
        moved_from = {dossier: dossier.partner_id.display_name for dossier in moving}
        moving.write({"partner_id": target.id})
        for dossier in moving:
            dossier._message_log(
                body=self.env._(
                    "Contacts merged: %(absorbed)s was merged into %(kept)s, "
                    "to whom this dossier now belongs.",
                    absorbed=moved_from[dossier],
                    kept=target.display_name,
                )
            )
        return moving.with_env(self.env)

    def _merge_refusal(self, partners, company, open_dossiers):
        readable = open_dossiers.with_env(self.env)._filtered_access("read")
        message = self.env._(
            "%(contacts)s cannot be merged: more than one of them has a dossier that "
            "is not closed in %(company)s, and a customer keeps one open dossier. "
            "Close one of these dossiers first (or move its documents into the other "
            "and close it), then merge the contacts.",
            contacts=", ".join(partners.mapped("display_name")),
            company=company.name,
        )
        # Only the dossiers this user may read are named.
        if readable:
            message += " " + self.env._(
                "Dossiers: %(references)s.",
                references=", ".join(readable.mapped("name")),
            )
        return message
