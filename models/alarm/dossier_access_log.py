import functools
import logging
from datetime import timedelta

from odoo import SUPERUSER_ID, api, fields, models

_logger = logging.getLogger(__name__)

# What counts as consulting a dossier: reading it, printing it, or being
# granted it (a secret dossier's consultation is logged once, by its grant).
CONSULTING = ("view", "print", "consultation", "break_glass")
# What the consulting user does at that very moment (a grant is logged when a
# manager approves it, not when its requester reads).
CONSULTING_NOW = ("view", "print", "break_glass")
# Where a transaction keeps the refusals it met until it ends.
REFUSED_KEY = "partner_dossier_refused"


class DossierAccessLog(models.Model):
    """The detection of the alarms: each line written runs the rules about it,
    at a constant cost (one indexed query per user and company of the lines)."""

    _inherit = "dossier.access.log"

    # A user's lines of the last minutes, for the alarms: a range of this
    # index, whatever the size of the log, read without the table.
    _alarm_window = models.Index(
        "(user_id, date) INCLUDE (company_id, access_type, dossier_id)"
    )

    @api.model_create_multi
    def create(self, vals_list):
        logs = super().create(vals_list)
        logs._detect_alarms()
        return logs

    def _detect_alarms(self):
        consulted = self.filtered(lambda log: log.access_type in CONSULTING)
        for (user, company), logs in consulted.grouped(
            lambda log: (log.user_id, log.company_id)
        ).items():
            logs._detect_volume(user, company)
            logs._detect_off_hours(user, company)
        refused = self.filtered(lambda log: log.access_type == "refused")
        for user in refused.user_id:
            self._detect_refused(user)

    def _window_start(self, company):
        return fields.Datetime.now() - timedelta(minutes=company.dossier_alarm_window)

    def _recent(self, user, access_types, since, company=None):
        """The distinct dossiers of ``user``'s lines of ``access_types`` since
        ``since`` (in ``company``), and how many lines: one query on the
        alarm index."""
        domain = [
            ("user_id", "=", user.id),
            ("date", ">=", since),
            ("access_type", "in", access_types),
        ]
        if company:
            domain.append(("company_id", "=", company.id))
        # sudo: the detection counts the lines of the user it is about, whoever
        # reads; no one else reads them here.
        [(dossier_ids, lines)] = self.sudo()._read_group(
            domain, aggregates=["dossier_id:array_agg_distinct", "__count"]
        )
        return [dossier_id for dossier_id in dossier_ids or () if dossier_id], lines

    def _detect_volume(self, user, company):
        """Rule (a): more than N confidential or secret dossiers consulted by
        one user within the window."""
        threshold = company.dossier_alarm_consult_count
        if not threshold:
            return
        dossier_ids, _lines = self._recent(
            user, CONSULTING, self._window_start(company), company
        )
        if len(dossier_ids) > threshold:
            self.env["dossier.alert"]._raise_alert(
                "volume", company, user, len(dossier_ids), threshold, dossier_ids
            )

    def _detect_off_hours(self, user, company):
        """Rule (b): a consultation outside the company's office hours."""
        if not company.dossier_alarm_office_hours:
            return
        late = self.filtered(
            lambda log: (
                log.access_type in CONSULTING_NOW
                and log.user_id.id == self.env.uid
                and company._dossier_outside_office_hours(log.date)
            )
        )
        if late:
            self.env["dossier.alert"]._raise_alert(
                "off_hours", company, user, len(late), 0, late.dossier_id.ids, add=True
            )

    def _detect_refused(self, user):
        """Rule (d): more than N refused attempts of one user within the window,
        on dossiers of any company; the alert goes to the user's company."""
        company = user.company_id
        threshold = company.dossier_alarm_refused_count
        if not threshold:
            return
        dossier_ids, lines = self._recent(
            user, ("refused",), self._window_start(company)
        )
        if lines > threshold:
            self.env["dossier.alert"]._raise_alert(
                "refused", company, user, lines, threshold, dossier_ids
            )

    # ------------------------------------------------------------ refusals

    @api.model
    def _refused_later(self, dossiers):
        """Record that the current user was refused ``dossiers``, once the
        refusal has rolled the transaction back: the lines are written by a
        transaction of their own, after it. A refusal that did not reach the
        user (the ORM's prefetching of records around the one read, or code
        that catches it) is followed by a commit, and is not an attempt: it is
        dropped with the rollback callbacks."""
        cr = self.env.cr
        pending = cr.postrollback.data.get(REFUSED_KEY)
        if pending is None:
            pending = cr.postrollback.data[REFUSED_KEY] = []
            cr.postrollback.add(
                functools.partial(
                    _record_refusals, self.env.registry, cr.dbname, pending
                )
            )
        pending.append((self.env.uid, fields.Datetime.now(), dossiers.ids))

    @api.model
    def _record_refusals(self, pending):
        """Write one refused line per dossier and attempt (superuser), for the
        users and dossiers that exist (a transaction rolled back may have made
        them)."""
        users = self.env["res.users"].browse({uid for uid, _d, _i in pending}).exists()
        dossiers = (
            self.env["dossier.dossier"]
            .browse({dossier_id for _u, _d, ids in pending for dossier_id in ids})
            .exists()
        )
        vals_list = [
            {
                "dossier_id": dossier.id,
                "company_id": dossier.company_id.id,
                "confidentiality": dossier.confidentiality,
                "user_id": uid,
                "date": date,
                "access_type": "refused",
            }
            for uid, date, ids in pending
            if uid in users.ids
            for dossier in dossiers.browse(ids)
            if dossier in dossiers
        ]
        if vals_list:
            self._procedure_create(vals_list)


def _record_refusals(registry, dbname, pending):
    """After the transaction that met the refusals rolled back: write them in a
    new one.
    Nothing may go wrong for the request here: a failure is logged."""
    if not pending:
        return
    try:
        with registry.cursor() as cr:
            env = api.Environment(cr, SUPERUSER_ID, {})
            env["dossier.access.log"]._record_refusals(list(pending))
    except Exception:
        _logger.exception("Refused attempts on dossiers of %s not recorded", dbname)
    pending.clear()
