# The mixins that the registers and the holders of a dossier's content inherit in
# their own files, then each model's own file, then the feature sub-packages, each
# holding its models and its extensions of the models above.
from . import dossier_procedure_mixin
from . import dossier_signing_mixin
from . import dossier_request_mixin
from . import dossier_content_mixin
from . import dossier_content_thread
from . import dossier_access_log
from . import dossier_assessment
from . import dossier_backup
from . import dossier_backup_check
from . import dossier_category
from . import dossier_consultation
from . import dossier_content
from . import dossier_copy_batch
from . import dossier_counter
from . import dossier_disposal
from . import dossier_disposal_line
from . import dossier_document
from . import dossier_document_type
from . import dossier_dossier
from . import dossier_incident
from . import dossier_key_log
from . import dossier_loan
from . import dossier_loan_report
from . import dossier_location
from . import dossier_monthly_send
from . import dossier_retention_policy
from . import dossier_share
from . import ir_actions_report
from . import mail_activity
from . import mail_activity_plan_template
from . import res_company
from . import res_config_settings
from . import res_partner
from . import res_users

from . import archive_code
from . import clearout
from . import secrecy
from . import stocktaking
from . import alarm
from . import history
