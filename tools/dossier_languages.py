"""In which language a job or a procedure writes (issue 12: language follows the
reader).

- A text for one person (an activity, a mail) is in that person's language, its
  dates in their format and its times in their time zone.
- A note addressed to named people (``partner_ids``) is posted once per language
  of its recipients, each copy addressed to those who read that language: in a
  one-language office that is a single note, and nobody is sent a text in a
  language they did not choose.
- A chatter note that no one in particular receives, read by whoever opens the
  record: written by a job, in the company's language (its contact's), which is
  the office's, rather than in the job user's (OdooBot writes English); written
  by a person's procedure, in that person's language, as if they had typed it,
  which is what Odoo does anyway.
"""

from odoo.tools.misc import get_lang


def company_lang(env, company):
    """The language of ``company``'s office: its contact's, else the current one."""
    return company.partner_id.lang or get_lang(env).code


def by_lang(env, people):
    """``people`` (users or partners) grouped by language, {code: records}, in
    the order of their first appearance; without a language, the current one."""
    groups = {}
    for person in people:
        lang = person.lang or get_lang(env).code
        groups[lang] = groups.get(lang, people.browse()) | person
    return groups


def post_note_per_lang(record, partners, body, lang=None):
    """Post ``body(env)`` on ``record`` as a note to ``partners``, one note per
    language of theirs, each rendered with an ``env`` in that language; to no
    one, a single note in ``lang`` (else the current language)."""
    if not partners:
        localized = record.with_context(lang=lang) if lang else record
        return localized.message_post(
            body=body(localized.env), subtype_xmlid="mail.mt_note"
        )
    messages = record.env["mail.message"]
    for lang, group in by_lang(record.env, partners).items():
        localized = record.with_context(lang=lang)
        messages |= localized.message_post(
            body=body(localized.env),
            partner_ids=group.ids,
            subtype_xmlid="mail.mt_note",
        )
    return messages
