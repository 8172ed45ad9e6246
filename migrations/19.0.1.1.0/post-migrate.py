from odoo import SUPERUSER_ID, api

# Registers auditors read: a number is used only by a record that was really created.
GAPLESS_CODES = ("dossier.loan", "dossier.copy.batch", "dossier.disposal")


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    sequences = env["ir.sequence"].search(
        [("code", "in", GAPLESS_CODES), ("implementation", "=", "standard")]
    )
    for sequence in sequences:
        # Read before the switch drops the PostgreSQL sequence holding it.
        number_next = sequence.number_next_actual
        sequence.write({"implementation": "no_gap", "number_next": number_next})
