"""The addon's shared vocabulary: states, confidentiality levels, groups and chatter
subtypes, said once. A constant used by a single model stays in that model's file."""

from datetime import timedelta

# ---------------------------------------------------------------- confidentiality
CONFIDENTIALITY_SELECTION = [
    ("public", "Public"),
    ("internal", "Internal"),
    ("confidential", "Confidential"),
    ("secret", "Secret"),
]
# Ordered levels: record rules compare a dossier's level with a user's clearance.
CONFIDENTIALITY_LEVELS = {
    key: level for level, (key, _label) in enumerate(CONFIDENTIALITY_SELECTION)
}
# Opening, printing or exporting a dossier at or above this level is logged...
LOGGED_LEVEL = CONFIDENTIALITY_LEVELS["confidential"]
# ...and opening one at this level asks for the reason first.
REASON_LEVEL = CONFIDENTIALITY_LEVELS["secret"]
# The form reloads a record after every button and save: within this span of a
# recorded consultation, a reload is the same consultation and is not logged again.
CONSULTATION_SPAN = timedelta(hours=8)

# ---------------------------------------------------------------- dossier states
DOSSIER_STATES = [
    ("draft", "Draft"),
    ("temporary", "Temporary"),
    ("archived", "Archived"),
    ("closed", "Closed"),
    ("disposed", "Disposed"),
    ("transferred", "Transferred"),
]
# A partner and company have at most one dossier in these states.
ACTIVE_STATES = ("draft", "temporary", "archived")
# Until it is archived, staff collect a dossier's documents themselves.
STAFF_EDITABLE_STATES = ("draft", "temporary")
# Dossiers in these states can be lent (originals read in-house, or photocopied).
LOANABLE_STATES = ("temporary", "archived")
# Formally filed: the inventory changes only by a recorded correction.
FILED_STATES = ("archived", "closed")
# On a shelf and held by a custodian: what a stock-taking expects to find and an
# assessment counts.
SHELVED_STATES = ("temporary", "archived", "closed")
# Disposed of or handed to another archive: the record, its inventory and its
# history are kept exactly as they were.
FROZEN_STATES = ("disposed", "transferred")

# ---------------------------------------------------------------- loan states
# Loans whose items are out: the originals (reading) or copies taken out (photocopy).
OPEN_LOAN_STATES = ("out", "partial")
# Loans not finished yet, from the request to the last return.
LOAN_UNDER_WAY_STATES = ("requested", "approved", "out", "partial")

# ---------------------------------------------------------------- groups
USER_GROUP = "partner_dossier.group_dossier_user"
ARCHIVIST_GROUP = "partner_dossier.group_dossier_archivist"
MANAGER_GROUP = "partner_dossier.group_dossier_manager"
# Whom a register may name as witness or person responsible: an internal user of the
# record's company (inactive users, such as OdooBot and the portal template, are not
# offered). The procedure checks it again when it decides (res.users._check_dossier_staff).
STAFF_USER_DOMAIN = "[('share', '=', False), ('company_ids', 'in', company_id)]"

# ---------------------------------------------------------------- chatter subtypes
CORRECTION_SUBTYPE = "partner_dossier.mt_dossier_inventory_correction"
REVIEW_SUBTYPE = "partner_dossier.mt_dossier_reviewed"
