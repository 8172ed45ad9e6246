import math

from odoo import models
from odoo.exceptions import AccessError, UserError

# Corrections of a filed dossier need a manager and a written reason: they write
# through the procedure path (dossier.procedure.mixin), which no RPC client can take.
# States in which the inventory is formally archived.
FILED_STATES = ("archived", "closed")


def _retention_years(policy):
    return math.inf if not policy or policy.permanent else policy.years


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    def write(self, vals):
        if (
            self.env.su
            or self._in_procedure()
            or not {"retention_policy_id", "category_id"} & set(vals)
        ):
            return super().write(vals)
        # Refused before writing. The policy also follows a new category (see
        # _compute_retention_policy_id).
        category = self.env["dossier.category"].browse(vals.get("category_id"))
        for dossier in self.filtered(lambda dossier: dossier.state != "draft"):
            old = dossier.retention_policy_id
            if "retention_policy_id" in vals:
                new = self.env["dossier.retention.policy"].browse(
                    vals["retention_policy_id"]
                )
            else:
                new = category.retention_policy_id or old
            if _retention_years(new) < _retention_years(old):
                raise UserError(
                    self.env._(
                        "Shortening the retention of dossier %(dossier)s (%(old)s to "
                        "%(new)s) needs a dossier manager and a written reason: use "
                        "Change Retention.",
                        dossier=dossier.display_name,
                        old=old.display_name,
                        new=new.display_name,
                    )
                )
        return super().write(vals)

    def _check_correction_allowed(self, reason):
        if not self.env.user.has_group("partner_dossier.group_dossier_manager"):
            raise AccessError(
                self.env._(
                    "Only dossier managers can shorten a retention period or remove "
                    "a document from a formally archived dossier."
                )
            )
        if not (reason or "").strip():
            raise UserError(
                self.env._("Write the reason for the correction: it stays on record.")
            )

    def _change_retention(self, policy, reason):
        """Change the retention policy, shorter included, with the reason kept in
        the dossier's history."""
        self._check_correction_allowed(reason)
        if not policy:
            raise UserError(self.env._("Choose the new retention policy."))
        for dossier in self:
            old = dossier.retention_policy_id
            dossier._procedure().retention_policy_id = policy
            dossier._message_log(
                body=self.env._(
                    "Retention changed from %(old)s to %(new)s by %(user)s. "
                    "Reason: %(reason)s",
                    old=old.display_name,
                    new=policy.display_name,
                    user=self.env.user.name,
                    reason=reason,
                )
            )

    def _remove_documents(self, documents, reason):
        """Remove documents from the dossier's inventory, with the reason kept in
        its history."""
        self.ensure_one()
        self._check_correction_allowed(reason)
        if not documents:
            raise UserError(self.env._("Choose the documents to remove."))
        if documents.dossier_id - self:
            raise UserError(
                self.env._(
                    "Only documents of dossier %(dossier)s can be removed here.",
                    dossier=self.display_name,
                )
            )
        self._message_log(
            body=self.env._(
                "Documents removed by %(user)s: %(documents)s. Reason: %(reason)s",
                user=self.env.user.name,
                documents=", ".join(documents.mapped("display_name")),
                reason=reason,
            )
        )
        documents._procedure().unlink()

    def _action_correction(self, correction_type):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Correct a Filed Dossier"),
            "res_model": "dossier.correction",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_dossier_id": self.id,
                "default_correction_type": correction_type,
            },
        }

    def action_change_retention(self):
        return self._action_correction("retention")

    def action_remove_documents(self):
        return self._action_correction("remove_documents")
