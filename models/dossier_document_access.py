from odoo import api, fields, models
from odoo.fields import Domain

from .dossier_dossier import CONSULTATION_SPAN, REASON_LEVEL


class DossierDocument(models.Model):
    """The documents of a confidential or secret dossier are its content: the
    Documents menu and their scans go through the same rule as opening the
    dossier (dossier.dossier._check_consultation): a secret dossier's documents
    only after the reason was given, each consultation in the access log."""

    _inherit = "dossier.document"

    @api.model
    @api.readonly
    def web_search_read(
        self, domain, specification, offset=0, limit=None, order=None, count_limit=None
    ):
        if not self.env.su:
            domain = Domain(domain or []) & self._explained_domain()
        result = super().web_search_read(
            domain,
            specification,
            offset=offset,
            limit=limit,
            order=order,
            count_limit=count_limit,
        )
        if not self.env.su:
            ids = [row["id"] for row in result["records"]]
            self.browse(ids).dossier_id._check_consultation()
        return result

    @api.readonly
    def web_read(self, specification):
        if not self.env.su:
            self.dossier_id._check_consultation()
        return super().web_read(specification)

    @api.model
    @api.readonly
    def search_read(
        self, domain=None, fields=None, offset=0, limit=None, order=None, **kwargs
    ):
        """Plain RPC lists like the Documents menu."""
        if not self.env.su:
            domain = Domain(domain or []) & self._explained_domain()
        return super().search_read(
            domain, fields, offset=offset, limit=limit, order=order, **kwargs
        )

    def _read_format(self, fnames, load="_classic_read"):
        """Every read by RPC (read, search_read, web_read) of what a document
        holds, its scan included, is a consultation of its dossier."""
        if not self.env.su and set(fnames or ()) - {"id", "display_name"}:
            self.dossier_id._check_consultation()
        return super()._read_format(fnames, load=load)

    @api.model
    def _explained_domain(self):
        """Documents of dossiers below the secret level, or of secret dossiers
        the user gave the reason for consulting, recently."""
        # sudo: users cannot read the access log; this only looks up their own
        # recent consultations with a reason.
        explained = (
            self.env["dossier.access.log"]
            .sudo()
            .search_fetch(
                [
                    ("user_id", "=", self.env.uid),
                    ("access_type", "=", "view"),
                    ("reason", "!=", False),
                    ("date", ">=", fields.Datetime.now() - CONSULTATION_SPAN),
                ],
                ["dossier_id"],
            )
            .dossier_id
        )
        return Domain("dossier_id.confidentiality_level", "<", REASON_LEVEL) | Domain(
            "dossier_id", "in", explained
        )
