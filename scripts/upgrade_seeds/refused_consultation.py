"""`make check-upgrade FROM=<ref before 19.0.1.3.0> SEED=<this file>`: the rows of
migrations/19.0.1.3.0, which the demo data lacks. scripts/check_upgrade.sh runs it
in `odoo shell` with CHECK_UPGRADE_PHASE=before on the earlier version's database
and =after on the upgraded one; an exception fails the check.

Before: a refused consultation in the earlier names (reject_reason, date_approved,
state "rejected"), its changes tracked. After: the same consultation refused
(refuse_reason, date_decided, state "refused"), its tracked changes still linked
to its fields, under their new names."""

import os

from odoo import fields

env = globals()["env"]  # odoo shell's
PURPOSE = "check-upgrade: a refused consultation"
REASON = "Not needed"


def before():
    dossier = env["dossier.dossier"].search(
        [("confidentiality", "=", "secret")], limit=1
    )
    consultation = env["dossier.consultation"].create(
        {"dossier_id": dossier.id, "purpose": PURPOSE}
    )
    # Odoo tracks no change of a record created in the same transaction.
    env.cr.commit()
    consultation._procedure().write(
        {
            "state": "rejected",
            "reject_reason": REASON,
            "approver_id": env.ref("base.user_admin").id,
            "date_approved": fields.Datetime.now(),
        }
    )
    env.cr.commit()


def after():
    consultation = env["dossier.consultation"].search([("purpose", "=", PURPOSE)])
    found = (
        consultation.state,
        consultation.refuse_reason,
        bool(consultation.date_decided),
    )
    assert found == ("refused", REASON, True), found
    tracked = set(consultation.message_ids.tracking_value_ids.field_id.mapped("name"))
    assert {"state", "refuse_reason"} <= tracked, tracked


{"before": before, "after": after}[os.environ["CHECK_UPGRADE_PHASE"]]()
