from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain

from odoo.addons.mail.tools.discuss import Store

from .dossier_dossier import CONSULTATION_SPAN, REASON_LEVEL

# What a message says, as opposed to where and when it was posted: withheld
# until the reason for consulting its secret dossier was given.
CONTENT_FIELDS = {
    "body",
    "subject",
    "attachment_ids",
    "message_link_preview_ids",
    "linked_message_ids",
}


class MailMessage(models.Model):
    """A secret dossier's messages are its content too: the Inbox, History,
    Starred, the message search and the notification pushed to followers at
    posting time show them like the dossier's form does (see
    dossier.dossier._check_consultation): only after the reader gave the
    reason for consulting the dossier, within CONSULTATION_SPAN."""

    _inherit = "mail.message"

    def _to_store(self, store: Store, fields, **kwargs):
        if "message_format" not in fields:
            return super()._to_store(store, fields, **kwargs)
        user = store.target.get_user(self.env)
        withheld = self._dossier_withheld(user)
        if not withheld:
            return super()._to_store(store, fields, **kwargs)
        if shown := self - withheld:
            super(MailMessage, shown)._to_store(store, list(fields), **kwargs)
        super(MailMessage, withheld)._to_store(
            store,
            [f for f in fields if getattr(f, "field_name", f) not in CONTENT_FIELDS],
            **kwargs,
        )
        # sudo: the refusal names the dossier only to a reader allowed to open it.
        dossiers = (
            self.env["dossier.dossier"].sudo().browse(set(withheld.mapped("res_id")))
        )
        readable = (
            dossiers.with_user(user)._filtered_access("read")
            if user
            else dossiers.browse()
        )
        # In the reader's language: the notification pushed at posting time is
        # built in the author's environment.
        env = self.with_context(lang=user.lang).env if user else self.env
        for message in withheld:
            dossier = dossiers.browse(message.res_id)
            if dossier in readable:
                text = env._(
                    "This message belongs to secret dossier %(dossier)s: open the "
                    "dossier and give the reason to read it.",
                    dossier=dossier.display_name,
                )
            else:
                text = env._("This message belongs to a secret dossier.")
            store.add_model_values(
                "mail.message",
                {
                    "id": message.id,
                    "body": Markup("<p>%s</p>") % text,
                    "subject": False,
                    "attachment_ids": [],
                    "message_link_preview_ids": [],
                    "linked_message_ids": [],
                    "trackingValues": [],
                },
            )
        return None

    def _dossier_withheld(self, user):
        """The messages of self posted on secret dossiers whose reason user has
        not given recently: one query for the dossiers, one for the log."""
        on_dossiers = self.filtered(
            lambda message: message.model == "dossier.dossier" and message.res_id
        )
        if not on_dossiers:
            return on_dossiers
        # sudo: the level decides what is withheld, whoever reads; the dossiers
        # themselves are not shown.
        secret = (
            self.env["dossier.dossier"]
            .sudo()
            .browse(set(on_dossiers.mapped("res_id")))
            .exists()
            .filtered(lambda dossier: dossier.confidentiality_level >= REASON_LEVEL)
        )
        if not secret:
            return on_dossiers.browse()
        explained = set()
        if user:
            explained = set(self._dossier_explained(user, secret.ids))
        unexplained = set(secret.ids) - explained
        return on_dossiers.filtered(lambda message: message.res_id in unexplained)

    @api.model
    def _dossier_explained(self, user, dossier_ids=None):
        """Ids of the dossiers user gave the reason for consulting, recently."""
        domain = Domain(
            [
                ("user_id", "=", user.id),
                ("access_type", "=", "view"),
                ("reason", "!=", False),
                ("date", ">=", fields.Datetime.now() - CONSULTATION_SPAN),
            ]
        )
        if dossier_ids is not None:
            domain &= Domain("dossier_id", "in", dossier_ids)
        # sudo: users cannot read the access log; this only looks up the
        # reader's own recent consultations with a reason.
        return (
            self.env["dossier.access.log"]
            .sudo()
            .search_fetch(domain, ["dossier_id"])
            .dossier_id.ids
        )

    @api.model
    def _message_fetch(self, domain, *, search_term=None, **kwargs):
        """A search of the messages' text must not tell which withheld
        message contains the words: it looks only into the messages the
        reader can read whole."""
        if search_term and not self.env.su:
            # sudo: only the level and id of the secret dossiers are compared.
            secret = (
                self.env["dossier.dossier"]
                .sudo()
                ._search(
                    [
                        ("confidentiality_level", ">=", REASON_LEVEL),
                        ("id", "not in", self._dossier_explained(self.env.user)),
                    ]
                )
            )
            domain = Domain(True if domain is None else domain) & ~(
                Domain("model", "=", "dossier.dossier") & Domain("res_id", "in", secret)
            )
        return super()._message_fetch(domain, search_term=search_term, **kwargs)
