"""Helpers of the statistics and assessments: periods in a company's time zone, and
conditional counts aggregated by the database in one query."""

from datetime import datetime, time, timedelta

import pytz
from babel.dates import format_skeleton

from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, get_lang

from .dossier_timezone import archive_tz


def company_tz(env, company):
    """The time zone in which a company's days and months are counted: the
    archive room's, whoever asks (see dossier_timezone)."""
    return archive_tz(company)


def utc_bounds(env, company, date_from, date_to):
    """The UTC datetimes (naive, as stored) at which ``date_from`` begins and the
    day after ``date_to`` begins, in the company's time zone: datetimes of the
    period are ``>= start`` and ``< end``."""
    tz = company_tz(env, company)

    def midnight(day):
        local = tz.localize(datetime.combine(day, time.min))
        return local.astimezone(pytz.utc).replace(tzinfo=None)

    return midnight(date_from), midnight(date_to + timedelta(days=1))


def month_label(env, month):
    """ "March 2026" in the language of ``env``."""
    return format_skeleton(
        "yMMMM", month, locale=babel_locale_parse(get_lang(env).code)
    )


def count_if(condition):
    return SQL("COUNT(*) FILTER (WHERE %s)", condition)


def sum_if(expression, condition):
    return SQL("COALESCE(SUM(%s) FILTER (WHERE %s), 0)", expression, condition)


def aggregate(model, domain, measures, groupby=None):
    """Evaluate ``measures`` over the records of ``model`` that match ``domain``,
    in a single query, per value of the stored field ``groupby`` or over all of
    them. As for ``_read_group()``, access rights and record rules apply.

    ``measures`` maps a name to a function that receives ``column`` (which gives
    the SQL of a field of ``model``, adding the joins it needs) and returns an
    aggregate expression, typically ``count_if(...)`` or ``sum_if(...)``.

    Returns ``{group value: {name: value}}``: the group value is a record id
    (or None) with ``groupby``, None without it.
    """
    query = model._search(domain)
    names = list(measures)
    if query.is_empty():
        return {}

    def column(fname):
        return model._field_to_sql(model._table, fname, query)

    terms = [measures[name](column) for name in names]
    if groupby:
        key = column(groupby)
        query.groupby = key
        terms.insert(0, key)
    rows = model.env.execute_query(query.select(*terms))
    if not groupby:
        return {None: dict(zip(names, rows[0], strict=True))}
    return {row[0]: dict(zip(names, row[1:], strict=True)) for row in rows}
