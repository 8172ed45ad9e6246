# The history of a register is append-only: the messages of its chatter, their
# tracked values and its files are kept as they were written. Only the register's
# own deletion (where its rules allow it) and its procedures remove or change them.
from . import mail_thread
from . import mail_message
from . import mail_tracking_value
from . import ir_attachment
from . import mail_mail
