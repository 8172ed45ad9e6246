# The secrecy of messages and files: what Discuss, attachments and e-mails may
# show of a confidential or secret dossier (through its consultation rule).
from . import ir_binary
from . import mail_message
from . import ir_attachment
from . import mail_mail
from . import mail_thread
