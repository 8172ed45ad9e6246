from collections import defaultdict

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, models
from odoo.fields import Domain
from odoo.tools import SQL

from odoo.addons.mail.tools.discuss import Store

# What a message says, as opposed to where and when it was posted.
CONTENT_FIELDS = {
    "body",
    "subject",
    "preview",
    "attachment_ids",
    "message_link_preview_ids",
    "linked_message_ids",
    "tracking_value_ids",
}


class MailMessage(models.Model):
    """A message posted on a dossier, one of its loans or incidents, or a disposal
    listing it, is that dossier's content: read under the content rule
    (dossier.content.mixin), like the dossier's notes. Mail derives the access to
    messages from their thread and Odoo's rules: the rule is enough for every
    read, search and route. Two doors run as superuser and are kept here: the
    notification Discuss pushes to followers at posting time, and the name of a
    thread its reader may not open; e-mails never carry such a message's content
    (mail_thread.py, mail_mail.py)."""

    _name = "mail.message"
    _inherit = ["mail.message", "dossier.content.mixin"]

    @api.model
    def _dossier_withheld_sql(self, alias, owners):
        return self._dossier_owned_pair(
            SQL.identifier(alias, "model"), SQL.identifier(alias, "res_id"), owners
        )

    @api.depends_context("uid")
    def _compute_record_name(self):
        """Mail names a message's thread as superuser to whoever may read the
        message (a user mentioned in it): a dossier, loan, incident or disposal
        is named only to whom may read it."""
        super()._compute_record_name()
        if self.env.uid == SUPERUSER_ID:
            return
        hidden = self._dossier_unreadable_records(self.env.user)
        for message in self:
            if (message.model, message.res_id) in hidden:
                message.record_name = False

    def _read_format(self, fnames, load="_classic_read"):
        """The subject line Odoo builds from the thread's name, like the name
        itself (_compute_record_name), for whom may not read the thread."""
        result = super()._read_format(fnames, load=load)
        if self.env.su or "subject" not in (fnames or ()):
            return result
        records = self.browse([values["id"] for values in result])
        hidden = records._dossier_unreadable_records(self.env.user)
        if not hidden:
            return result
        names = self._dossier_thread_names(hidden)
        threads = {message.id: (message.model, message.res_id) for message in records}
        for values in result:
            key = threads[values["id"]]
            if key in hidden and self._dossier_subject_names(
                values["subject"], names.get(key)
            ):
                values["subject"] = False
        return result

    @api.model
    def _dossier_content_guard(self, alias):
        threads = self.env["dossier.content.thread"]._dossier_content_threads()
        return SQL("%s IN %s", SQL.identifier(alias, "model"), tuple(threads))

    def _dossier_content_candidates(self):
        threads = self.env["dossier.content.thread"]._dossier_content_threads()
        return self.filtered(lambda message: message.model in threads)

    def _dossier_withheld(self, user):
        """The messages of self whose content ``user`` may not read; for
        user False (an e-mail, whoever reads it), those of every dossier that
        needs an approved consultation."""
        if user:
            # Only messages on a dossier's threads are looked at: an inbox of
            # Odoo's own messages costs no query and no loop.
            return (
                self._dossier_content_candidates()
                .with_user(user)
                .filtered(lambda message: not message.dossier_content_readable)
                .with_env(self.env)
            )
        owners = self.env["dossier.consultation"]._withheld_owners(reader=False)
        # sudo: the dossiers' levels are compared inside the query.
        return self.sudo().search(
            Domain("id", "in", self.ids)
            & Domain.custom(
                to_sql=lambda model, alias, query: model._dossier_withheld_sql(
                    alias, owners
                )
            )
        )

    # ------------------------------------------------------------------
    # Discuss's push to each follower as a message is posted
    # ------------------------------------------------------------------

    def _to_store(self, store: Store, fields, **kwargs):
        if "message_format" not in fields:
            return super()._to_store(store, fields, **kwargs)
        user = store.target.get_user(self.env)
        # A user's own fetch found only what the rule lets them read; Discuss
        # pushes a message to each follower as it is posted, unchecked.
        withheld = self._dossier_withheld(user) if user else self.browse()
        if shown := self - withheld:
            super(MailMessage, shown)._to_store(store, list(fields), **kwargs)
        if withheld:
            super(MailMessage, withheld)._to_store(
                store,
                [
                    f
                    for f in fields
                    if getattr(f, "field_name", f) not in CONTENT_FIELDS
                ],
                **kwargs,
            )
            text = self.with_context(lang=user.lang).env._(
                "A message was posted about a dossier: open it in Odoo to read it "
                "under a consultation."
            )
            for message in withheld:
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
        self._dossier_hide_unreadable_threads(store, user)
        return None

    def _dossier_hide_unreadable_threads(self, store, user):
        """Odoo names the thread of a message (read as superuser) to whoever
        may read the message, e.g. a user mentioned in it, and uses that name
        as the subject of the e-mails it sends: a dossier, loan or disposal
        the reader may not read is not named."""
        hidden = self._dossier_unreadable_records(user)
        if not hidden:
            return
        env = self.with_context(lang=user.lang).env if user else self.env
        names = self._dossier_thread_names(hidden)
        for message in self:
            key = (message.model, message.res_id)
            if key not in hidden:
                continue
            neutral = env[message.model]._dossier_neutral_display_name()
            store.add_model_values(
                "mail.thread",
                {"id": message.res_id, "model": message.model, "display_name": neutral},
            )
            values = {
                "id": message.id,
                "record_name": False,
                "default_subject": neutral,
            }
            if self._dossier_subject_names(message.subject, names.get(key)):
                values["subject"] = neutral
            store.add_model_values("mail.message", values)

    @api.model
    def _dossier_thread_names(self, keys):
        """{(model, id): display name} of the given threads, read as superuser
        to be compared, never shown."""
        names = {}
        for model in {model for model, _id in keys}:
            ids = [rid for m, rid in keys if m == model]
            # sudo: the names are compared with a subject, not shown.
            for record in self.env[model].sudo().search_fetch([("id", "in", ids)], []):
                names[model, record.id] = record.display_name
        return names

    @api.model
    def _dossier_subject_names(self, subject, name):
        """Whether subject carries the thread's name (Odoo writes it into the
        message's subject when it sends the message by e-mail)."""
        return bool(subject and name and name in subject)

    def _dossier_unreadable_records(self, user):
        """(model, id) of the dossier threads of self that user may not read
        (or that no longer exist): one query per kind of thread."""
        threads = self.env["dossier.content.thread"]._dossier_content_threads()
        # One pass over the messages (this runs on every inbox fetch, on
        # Odoo's own messages too), then one query per kind of thread found.
        ids_by_thread = defaultdict(set)
        for model, res_id in zip(
            self.mapped("model"), self.mapped("res_id"), strict=True
        ):
            if model in threads and res_id:
                ids_by_thread[model].add(res_id)
        unreadable = set()
        for model, ids in ids_by_thread.items():
            records = self.env[model].browse(ids)
            readable = (
                records.with_user(user)._filtered_access("read")
                if user
                else records.browse()
            )
            unreadable.update((model, rid) for rid in ids - set(readable.ids))
        return unreadable
