from .common import grant_consultation

SECRET_WORDS = "Settlement of 2.4 million with the bank"


class SecretMessagesMixin:
    """Posting on a dossier as ``cls.author`` and granting a consultation of a
    secret dossier (for the tests of a secret dossier's messages)."""

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

    def _grant(self, user, dossier):
        grant_consultation(user, dossier)

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
