from . import dossier_procedure_mixin
from . import dossier_check_mixin
from . import res_company
from . import res_config_settings
from . import res_users
from . import dossier_document_type
from . import dossier_retention_policy
from . import dossier_retention_policy_archive_code
from . import dossier_category
from . import dossier_category_archive_code
from . import dossier_location
from . import dossier_dossier
from . import dossier_dossier_completeness
from . import dossier_dossier_screens
from . import dossier_dossier_disposed_location
from . import dossier_dossier_corrections
from . import dossier_dossier_label
from . import dossier_dossier_merge
from . import dossier_dossier_scan
from . import dossier_document
from . import dossier_document_removal
from . import dossier_loan
from . import dossier_copy_batch
from . import dossier_loan_report
from . import dossier_disposal
from . import dossier_disposal_line
from . import dossier_access_log
from . import dossier_key_log
from . import dossier_monthly_send
from . import dossier_assessment
from . import dossier_counter
from . import dossier_dossier_counter
from . import dossier_incident
from . import dossier_dossier_review
from . import dossier_dossier_incidents
from . import dossier_assessment_key_reviews
from . import dossier_assessment_stocktaking
from . import dossier_stocktaking
from . import dossier_stocktaking_line
from . import dossier_stocktaking_line_incident
from . import dossier_incident_stocktaking
from . import dossier_location_stocktaking
from . import ir_actions_report
from . import mail_activity_plan_template
from . import res_partner

# The procedure guards come last: their create and write run before the models' own.
from . import dossier_dossier_guard
from . import dossier_dossier_label_guard
from . import dossier_document_guard
from . import dossier_loan_guard
from . import dossier_loan_due
from . import dossier_loan_leaks
from . import dossier_copy_batch_guard
from . import dossier_disposal_guard
from . import dossier_disposal_duties
from . import dossier_disposal_line_guard
from . import dossier_access_log_guard
from . import dossier_key_log_guard
from . import dossier_monthly_send_guard
from . import dossier_assessment_guard
from . import dossier_dossier_review_guard
from . import dossier_incident_guard
from . import dossier_stocktaking_guard
from . import dossier_stocktaking_line_guard

# The database constraints, said first in Python.
from . import dossier_copy_batch_checks
from . import dossier_document_checks
from . import dossier_document_type_checks
from . import dossier_dossier_checks
from . import dossier_loan_checks
from . import dossier_location_checks
from . import dossier_retention_policy_checks
from . import dossier_disposal_checks
from . import dossier_disposal_line_checks
from . import dossier_stocktaking_line_checks
from . import res_company_checks
from . import res_company_incident_checks
from . import dossier_incident_checks

# Archive codes (档号), cover and inventory, yearly clear-out: after the guards and
# the checks, whose methods they extend.
from . import dossier_dossier_archive_code
from . import dossier_dossier_cover
from . import dossier_dossier_clearout
from . import dossier_clearout
from . import dossier_clearout_line
from . import dossier_clearout_guard

# The side doors to a dossier's content go through its consultation rule.
from . import dossier_document_access
from . import secrecy
from . import dossier_access_log_indexes
from . import dossier_loan_statistics_indexes
from . import dossier_dossier_document_stats
