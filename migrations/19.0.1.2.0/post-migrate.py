from odoo import SUPERUSER_ID, api

from odoo.addons.partner_dossier.tools.dossier_timezone import set_default_archive_tz


def migrate(cr, version):
    """Issue 25: a loan's due time no longer falls back to the time zone of the
    user at hand; a company without a time zone gets one now, once (the
    administrator's, else the server's). Loans already registered keep the due
    time they were given."""
    set_default_archive_tz(api.Environment(cr, SUPERUSER_ID, {}))
