from odoo import SUPERUSER_ID, api
from odoo.tools import SQL
from odoo.tools.sql import column_exists

from odoo.addons.partner_dossier.tools.dossier_timezone import set_default_archive_tz

# A dossier's words moved to dossier.content, under the content rule (issue 22).
MOVED = ("notes", "legal_hold_reason", "retention_extension_reason")


def migrate(cr, version):
    _move_dossier_content(cr)
    # Issue 25: a loan's due time no longer falls back to the time zone of the
    # user at hand; a company without a time zone gets one now, once (the
    # administrator's, else the server's). Loans already registered keep the due
    # time they were given.
    set_default_archive_tz(api.Environment(cr, SUPERUSER_ID, {}))


def _move_dossier_content(cr):
    if not all(column_exists(cr, "dossier_dossier", column) for column in MOVED):
        return
    cr.execute(
        SQL(
            """
            INSERT INTO dossier_content (dossier_id, company_id, notes,
                legal_hold_reason, retention_extension_reason,
                create_uid, create_date, write_uid, write_date)
            SELECT id, company_id, notes, legal_hold_reason,
                retention_extension_reason,
                1, NOW() AT TIME ZONE 'UTC', 1, NOW() AT TIME ZONE 'UTC'
              FROM dossier_dossier
             WHERE notes IS NOT NULL OR legal_hold_reason IS NOT NULL
                OR retention_extension_reason IS NOT NULL
            ON CONFLICT (dossier_id) DO NOTHING
            """
        )
    )
    for column in MOVED:
        cr.execute(
            SQL("ALTER TABLE dossier_dossier DROP COLUMN %s", SQL.identifier(column))
        )
