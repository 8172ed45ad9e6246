from odoo import api, models
from odoo.fields import Domain

from .mail_message import DOSSIER_THREADS

# What a file holds, as opposed to its name and type.
FILE_CONTENT_FIELDS = {"datas", "raw", "db_datas", "index_content"}
# The records a file of a dossier hangs on, and the path to the dossier.
DOSSIER_FILE_OWNERS = {**DOSSIER_THREADS, "dossier.document": "dossier_id"}


class IrAttachment(models.Model):
    """A file of a dossier (attached to it, to one of its documents, loans or
    disposals) read by RPC follows the rule of opening the dossier, like its
    download through /web/content (ir_binary.py): a secret dossier's reason
    first, a line in the access log for a confidential one. Its content is
    not searchable before that either."""

    _inherit = "ir.attachment"

    def _dossiers_of_files(self):
        """The dossiers the files of self belong to; one query per kind of
        owner."""
        dossiers = self.env["dossier.dossier"]
        for model, path in DOSSIER_FILE_OWNERS.items():
            ids = {a.res_id for a in self if a.res_model == model and a.res_id}
            if not ids:
                continue
            if path == "id":
                dossiers |= dossiers.browse(ids)
            else:
                # sudo: only the link to the dossier is followed; whether the
                # reader may open the dossier is checked by the caller.
                owners = (
                    self.env[model].sudo().search_fetch([("id", "in", list(ids))], [])
                )
                dossiers |= owners.mapped(path).sudo(False)
        return dossiers.with_env(self.env)

    def _read_format(self, fnames, load="_classic_read"):
        if not self.env.su and FILE_CONTENT_FIELDS & set(fnames or ()):
            # sudo: the owner of a file the reader may read is looked up.
            self.sudo()._dossiers_of_files().with_env(self.env)._check_consultation()
        return super()._read_format(fnames, load=load)

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """A search on the files' text must not tell which secret dossier's
        file holds the words."""
        if not self.env.su and self._dossier_domain_reads_content(domain):
            domain = Domain(domain) & ~self._dossier_unexplained_files_domain()
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    @api.model
    def _dossier_domain_reads_content(self, domain):
        if not domain:
            return False
        return any(
            condition.field_expr.split(".")[0] in FILE_CONTENT_FIELDS
            for condition in Domain(domain).iter_conditions()
        )

    @api.model
    def _dossier_unexplained_files_domain(self):
        secret = self.env["mail.message"]._dossier_unexplained_secret_query(
            self.env.user
        )
        domain = Domain.FALSE
        for model, path in DOSSIER_FILE_OWNERS.items():
            # sudo: only links are compared, nothing is returned.
            owners = self.env[model].sudo()._search([(path, "in", secret)])
            domain |= Domain("res_model", "=", model) & Domain("res_id", "in", owners)
        return domain
