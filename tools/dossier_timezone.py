"""One time zone for the archive room (issue 25): the company's.

The closing time, the day a loan is wanted and its due time are the archive's, read
in the company's time zone (its contact's, Settings › Customer Dossiers › Archive
Time Zone) whoever creates, approves, lends or recomputes the loan. A company without
one counts in UTC, never in the time zone of the user at hand, and the settings say
so. Installing the addon (or upgrading to 19.0.1.2.0) gives each company without a
time zone a default once: the administrator's, else the server's.

The registers' dates (archived, closed, decided, found, due for review or disposal,
checked at a stock-taking...) are the archive's days too (``archive_today``): the
same register gets the same day whoever clicks, and the scheduled jobs agree."""

import os
from collections import defaultdict
from pathlib import Path

import pytz

from odoo import fields
from odoo.fields import Domain
from odoo.tools.misc import format_datetime

FALLBACK_TZ = "UTC"
ZONEINFO = "zoneinfo/"


def archive_tz_name(company):
    """The name of the archive's time zone: the company's, else UTC."""
    return company.dossier_tz or FALLBACK_TZ


def archive_tz(company):
    return pytz.timezone(archive_tz_name(company))


def archive_today(company, timestamp=None):
    """The archive's day of ``company`` at ``timestamp`` (naive UTC, as stored;
    now by default): the day its registers are dated, whoever clicks and
    wherever they are, the scheduled jobs (no time zone) included."""
    return _day_in(archive_tz(company), timestamp)


def _day_in(tz, timestamp=None):
    instant = timestamp or fields.Datetime.now()
    return instant.replace(tzinfo=pytz.utc).astimezone(tz).date()


def archive_today_domain(env, condition, company_field="company_id"):
    """``condition(today)`` (a Domain) for the records of each company, with that
    company's ``archive_today``: a search agrees with the day the records are
    dated, whoever searches."""
    by_day = defaultdict(list)
    for company_id, tz_name in env["res.company"]._dossier_archive_zones():
        by_day[_day_in(pytz.timezone(tz_name))].append(company_id)
    if len(by_day) == 1:
        # Every archive is on the same day (most hours, and one company): the
        # plain condition, which the partial indexes on the dates serve.
        return condition(next(iter(by_day)))
    return Domain.OR(
        Domain(company_field, "in", company_ids) & condition(day)
        for day, company_ids in by_day.items()
    )


def format_archive_time(env, company, value, dt_format="short"):
    """``value`` (naive UTC, as stored) as the archive room reads it, with the
    zone named, e.g. "3/2/26, 6:00 PM (Asia/Shanghai)", in the language of
    ``env``: a reader in another time zone is not misled."""
    if not value:
        return ""
    zone = archive_tz_name(company)
    return env._(
        "%(time)s (%(zone)s)",
        time=format_datetime(env, value, tz=zone, dt_format=dt_format),
        zone=zone,
    )


def server_tz_name():
    """The server's time zone, by name (``TZ``, ``/etc/timezone``, the target of
    ``/etc/localtime``), or None when it cannot be told."""
    candidates = [os.environ.get("TZ", "").lstrip(":")]
    timezone_file = Path("/etc/timezone")
    if timezone_file.is_file():
        candidates.append(timezone_file.read_text(encoding="utf-8").strip())
    localtime = Path("/etc/localtime")
    if localtime.is_symlink():
        target = str(localtime.resolve())
        if ZONEINFO in target:
            candidates.append(target.split(ZONEINFO, 1)[1])
    return next((name for name in candidates if name in pytz.all_timezones), None)


def set_default_archive_tz(env):
    """Give each company without a time zone one, once: the administrator's,
    else the server's, else UTC. Run at installation and by the 19.0.1.2.0
    migration; never afterwards, so no user's time zone decides it later."""
    companies = (
        env["res.company"]
        .with_context(active_test=False)
        .search([])
        .filtered(lambda company: not company.partner_id.tz)
    )
    if not companies:
        return companies
    admin = env.ref("base.user_admin", raise_if_not_found=False)
    admin_tz = admin.tz if admin and admin.tz in pytz.all_timezones else None
    companies.partner_id.write({"tz": admin_tz or server_tz_name() or FALLBACK_TZ})
    return companies
