SECRET_WORDS = "Settlement of 2.4 million with the bank"


class SecretMessagesMixin:
    """Posting on a dossier as ``cls.author`` and giving the reason for
    consulting a secret dossier, as its form asks (for the tests of a secret
    dossier's messages read outside its form)."""

    def _post(self, record, body=SECRET_WORDS, **kwargs):
        return (
            record.with_user(self.author)
            .with_context(mail_notify_force_send=False)
            .message_post(
                body=body,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                **kwargs,
            )
        )

    def _give_reason(self, user, dossier):
        action = dossier.with_user(user).action_open_logged()
        self.env["dossier.access.reason"].with_user(user).with_context(
            **action["context"]
        ).create({"reason": "Complaint 2026-044"}).action_confirm()

    def _attachment(self):
        return (
            self.env["ir.attachment"]
            .with_user(self.author)
            .create(
                {
                    "name": "settlement.pdf",
                    "raw": b"%PDF",
                    "res_model": "mail.compose.message",
                }
            )
        )
