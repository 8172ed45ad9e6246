# The content of a dossier that needs an approved consultation, in the records of
# Odoo that hold it (messages, their tracked values and notifications, files),
# under the content rule (dossier.content.mixin); what runs as superuser (links
# with a token, Discuss's push, e-mails) checks it itself. The mixin of the holders
# read through their message first.
from . import dossier_content_through_message
from . import ir_attachment
from . import ir_binary
from . import mail_mail
from . import mail_message
from . import mail_notification
from . import mail_thread
from . import mail_tracking_value
