from markupsafe import Markup

from odoo import api, models
from odoo.fields import Domain

from odoo.addons.mail.tools.discuss import Store

from ...const import REASON_LEVEL

# What a message says, as opposed to where and when it was posted: withheld
# until the reason for consulting its secret dossier was given.
CONTENT_FIELDS = {
    "body",
    "subject",
    "preview",
    "attachment_ids",
    "message_link_preview_ids",
    "linked_message_ids",
    "tracking_value_ids",
}
# The threads whose messages concern dossiers, and the path from such a
# record to its dossiers (a loan's comments are about its dossier's papers).
DOSSIER_THREADS = {
    "dossier.dossier": "id",
    "dossier.loan": "dossier_id",
    "dossier.disposal": "line_ids.dossier_id",
}
# Which record a message was posted on: its name is shown only to a reader
# allowed to read that record.
NAME_FIELDS = {"record_name"}


class MailMessage(models.Model):
    """A secret dossier's messages are its content too: the Inbox, History,
    Starred, the message search, RPC reads and searches of mail.message and
    the notification pushed to followers at posting time show them like the
    dossier's form does (see dossier.dossier._check_consultation): only after
    the reader gave the reason for consulting the dossier, within
    CONSULTATION_SPAN. The same holds for the messages of its loans and of
    the disposals that list it. E-mails never carry them (mail_thread.py)."""

    _inherit = "mail.message"

    # ------------------------------------------------------------------
    # Discuss (Inbox, History, Starred, chatter, bus notifications)
    # ------------------------------------------------------------------

    def _to_store(self, store: Store, fields, **kwargs):
        if "message_format" not in fields:
            return super()._to_store(store, fields, **kwargs)
        user = store.target.get_user(self.env)
        withheld, by_message = self._dossier_withheld_with_dossiers(user)
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
            texts = self._dossier_withheld_texts(user, by_message)
            for message in withheld:
                store.add_model_values(
                    "mail.message",
                    {
                        "id": message.id,
                        "body": Markup("<p>%s</p>") % texts[message.id],
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
            neutral = self._dossier_neutral_name(env, message.model)
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

    @api.model
    def _dossier_neutral_name(self, env, model):
        return {
            "dossier.dossier": env._("A customer dossier"),
            "dossier.loan": env._("A dossier loan"),
            "dossier.disposal": env._("A disposal"),
        }[model]

    def _dossier_unreadable_records(self, user):
        """(model, id) of the dossier threads of self that user may not read
        (or that no longer exist): one query per kind of thread."""
        unreadable = set()
        for model in DOSSIER_THREADS:
            ids = {m.res_id for m in self if m.model == model and m.res_id}
            if not ids:
                continue
            records = self.env[model].browse(ids)
            readable = (
                records.with_user(user)._filtered_access("read")
                if user
                else records.browse()
            )
            unreadable.update((model, rid) for rid in ids - set(readable.ids))
        return unreadable

    # ------------------------------------------------------------------
    # Which messages are withheld, and what is said instead
    # ------------------------------------------------------------------

    def _dossier_concerned(self):
        """{message id: set of dossier ids} for the messages of self posted on
        a dossier, one of its loans or a disposal listing it; no query for
        the dossiers' own messages, one or two per other kind of thread."""
        concerned = {}
        for model, path in DOSSIER_THREADS.items():
            messages = self.filtered(
                lambda m, model=model: m.model == model and m.res_id
            )
            if not messages:
                continue
            res_ids = set(messages.mapped("res_id"))
            if path == "id":
                dossiers_of = {res_id: {res_id} for res_id in res_ids}
            else:
                # sudo: the link decides what is withheld, whoever reads;
                # the records themselves are not shown.
                records = (
                    self.env[model]
                    .sudo()
                    .search_fetch([("id", "in", list(res_ids))], [])
                )
                dossiers_of = {
                    record.id: set(record.mapped(path).ids) for record in records
                }
            for message in messages:
                if dossiers := dossiers_of.get(message.res_id):
                    concerned[message.id] = dossiers
        return concerned

    def _dossier_withheld(self, user):
        """The messages of self concerning a secret dossier whose reason user
        has not given recently (user False: whoever reads, e.g. an e-mail)."""
        withheld, _unexplained = self._dossier_withheld_with_dossiers(user)
        return withheld

    def _dossier_withheld_with_dossiers(self, user):
        concerned = self._dossier_concerned()
        if not concerned:
            return self.browse(), {}
        # sudo: only the level of the dossiers is compared (deleted ones
        # are not found).
        secret = (
            self.env["dossier.dossier"]
            .sudo()
            .search_fetch(
                [
                    ("id", "in", list(set().union(*concerned.values()))),
                    ("confidentiality_level", ">=", REASON_LEVEL),
                ],
                ["confidentiality_level"],
            )
        )
        if not secret:
            return self.browse(), {}
        explained = set(self._dossier_explained(user, secret.ids)) if user else set()
        unexplained = set(secret.ids) - explained
        by_message = {
            message_id: dossiers & unexplained
            for message_id, dossiers in concerned.items()
            if dossiers & unexplained
        }
        return self.browse(list(by_message)), by_message

    def _dossier_withheld_texts(self, user, by_message):
        """{message id: what the reader is told instead of each withheld
        message (by_message: its unexplained secret dossiers)}, in the
        reader's language; a dossier is named only to a reader allowed to
        open it."""
        env = self.with_context(lang=user.lang).env if user else self.env
        # sudo: the text names a dossier only to a reader allowed to open it.
        dossiers = (
            self.env["dossier.dossier"]
            .sudo()
            .browse(set().union(*by_message.values()) if by_message else ())
        )
        readable = (
            dossiers.with_user(user)._filtered_access("read")
            if user
            else dossiers.browse()
        )
        texts = {}
        for message_id, secret_ids in by_message.items():
            secret = dossiers.browse(secret_ids)
            if len(secret) == 1 and secret in readable:
                texts[message_id] = env._(
                    "This message belongs to secret dossier %(dossier)s: open the "
                    "dossier and give the reason to read it.",
                    dossier=secret.display_name,
                )
            else:
                texts[message_id] = env._("This message belongs to a secret dossier.")
        return texts

    @api.model
    def _dossier_explained(self, user, dossier_ids=None):
        """Ids of the dossiers user gave the reason for consulting, recently."""
        return (
            self.env["dossier.dossier"]._consultation_explained(user, dossier_ids).ids
        )

    @api.model
    def _dossier_unexplained_secret_query(self, user):
        """The secret dossiers user has not given the reason for recently, as
        a sub-query."""
        # sudo: only levels are compared, nothing is returned.
        return (
            self.env["dossier.dossier"]
            .sudo()
            ._search(
                [
                    ("confidentiality_level", ">=", REASON_LEVEL),
                    ("id", "not in", self._dossier_explained(user)),
                ]
            )
        )

    @api.model
    def _dossier_withheld_domain(self, user):
        """The messages user may not read whole, as a domain (sub-queries, no
        ids fetched): those concerning an unexplained secret dossier."""
        secret = self._dossier_unexplained_secret_query(user)
        domain = Domain.FALSE
        for model, path in DOSSIER_THREADS.items():
            records = self.env[model].sudo()._search([(path, "in", secret)])
            domain |= Domain("model", "=", model) & Domain("res_id", "in", records)
        return domain

    # ------------------------------------------------------------------
    # RPC: read, search_read, web_read, searches on the text
    # ------------------------------------------------------------------

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        if self.env.su or not (set(fnames or ()) & (CONTENT_FIELDS | NAME_FIELDS)):
            return result
        user = self.env.user
        records = self.browse([values["id"] for values in result])
        _withheld, by_message = records._dossier_withheld_with_dossiers(user)
        texts = records._dossier_withheld_texts(user, by_message)
        hidden = (
            records._dossier_unreadable_records(user)
            if (NAME_FIELDS | {"subject"}) & set(fnames)
            else set()
        )
        models_of = {message.id: (message.model, message.res_id) for message in records}
        names = self._dossier_thread_names(hidden) if hidden else {}
        for values in result:
            if values["id"] in by_message:
                text = texts[values["id"]]
                for fname in CONTENT_FIELDS & set(values):
                    field = self._fields[fname]
                    if fname == "body":
                        values[fname] = Markup("<p>%s</p>") % text
                    elif fname == "preview":
                        values[fname] = text
                    elif field.type in ("one2many", "many2many"):
                        values[fname] = []
                    else:
                        values[fname] = False
            key = models_of[values["id"]]
            if key in hidden:
                if "record_name" in values:
                    values["record_name"] = False
                if "subject" in values and self._dossier_subject_names(
                    values["subject"], names.get(key)
                ):
                    values["subject"] = False
        return result

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None, **kwargs):
        """A search on the messages' text must not tell which withheld
        message holds the words: it looks only into the messages the reader
        can read whole (the Discuss search, search_read by RPC, a thread's
        message_ids.body)."""
        if not self.env.su and self._dossier_domain_reads_content(domain):
            domain = Domain(domain) & ~self._dossier_withheld_domain(self.env.user)
        return super()._search(
            domain, offset=offset, limit=limit, order=order, **kwargs
        )

    @api.model
    def _dossier_domain_reads_content(self, domain):
        if not domain:
            return False
        return any(
            condition.field_expr.split(".")[0] in CONTENT_FIELDS
            for condition in Domain(domain).iter_conditions()
        )
