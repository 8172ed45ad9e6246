from odoo.tools import SQL

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .models.dossier_consultation import WITHHELD_FUNCTION
from .tools.dossier_timezone import set_default_archive_tz

# The addon's own records, referencing models before the models they reference.
DOSSIER_MODELS = (
    "dossier.backup.check",
    "dossier.backup",
    "dossier.alert",
    "dossier.incident",
    "dossier.clearout.line",
    "dossier.clearout",
    "dossier.stocktaking.line",
    "dossier.stocktaking",
    "dossier.copy.batch",
    "dossier.loan",
    "dossier.disposal.line",
    "dossier.disposal",
    "dossier.access.log",
    "dossier.share",
    "dossier.consultation",
    "dossier.key.log",
    "dossier.assessment",
    "dossier.monthly.send",
    "dossier.document",
    "dossier.content",
    "dossier.dossier",
    "dossier.location",
    "dossier.category",
    "dossier.retention.policy",
    "dossier.document.type",
)


def pre_init_hook(env):
    """The archive's time zone, taken once before anything of the addon is loaded
    (its demo loans included): see tools/dossier_timezone.py."""
    set_default_archive_tz(env)


def uninstall_hook(env):
    """Remove what Odoo's uninstall cannot attribute to this addon, or cannot delete.

    - The per-company dossier sequences: ``dossier.dossier._next_reference`` copies
      the template sequence for each company on first use, and archive codes have
      one sequence per company and prefix; they have no xml id, so Odoo would
      leave them (and their PostgreSQL sequences) behind.
    - The records of the addon's models, before Odoo removes the addon's data: a
      dossier holds its customer, category and cabinet with ``ondelete='restrict'``,
      so one made by a user for a demo customer kept that customer (and its xml id)
      from being deleted. Deleted through the ORM, their xml ids, chatter and scans
      go with them; the draft-only and archived-inventory guards do not apply
      (``at_uninstall=False``).
    - Favourite filters on the addon's models, which would point to nothing.
    - The restore check reminders scheduled on a company (when nothing was ever
      backed up): their activity type goes with the addon, and an activity holds
      its type with ``ondelete='restrict'``.
    - The PostgreSQL function of the content rule (dossier.consultation.init): the
      rest of the uninstall runs as superuser, whom the rule lets through without
      calling it."""
    env = env(
        context=dict(env.context, active_test=False, **{MODULE_UNINSTALL_FLAG: True})
    )
    env["ir.sequence"].search(
        [
            "|",
            ("code", "=", "dossier.dossier"),
            ("code", "=like", "dossier.archive.code:%"),
        ]
    ).unlink()
    for model in DOSSIER_MODELS:
        env[model].search([]).unlink()
    reminder = env.ref(
        "partner_dossier.mail_activity_dossier_restore_check", raise_if_not_found=False
    )
    if reminder:
        env["mail.activity"].search([("activity_type_id", "=", reminder.id)]).unlink()
    own_models = [
        name
        for name, model in env.registry.items()
        if model._original_module == "partner_dossier"
    ]
    env["ir.filters"].search([("model_id", "in", own_models)]).unlink()
    env.cr.execute(SQL("DROP FUNCTION IF EXISTS %s", SQL.identifier(WITHHELD_FUNCTION)))
