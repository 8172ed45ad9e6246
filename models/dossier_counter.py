from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..const import (
    ARCHIVIST_GROUP,
    FROZEN_STATES,
    LOAN_UNDER_WAY_STATES,
    OPEN_LOAN_STATES,
)
from ..tools.dossier_timezone import format_archive_time
from .dossier_dossier import OPEN_READING_LOAN_DOMAIN
from .dossier_loan import _selection_label

# A location scan lists at most this many of the dossiers it should hold (the loans
# out are always all listed): the screen is for the counter, the stock-taking walks
# a whole cabinet.
LOCATION_LIST_LIMIT = 200
RETURN_STATUSES = ("present", "missing", "damaged")
# A label's code is short; a longer one was not scanned from a label.
MAX_CODE_LENGTH = 256


class DossierCounter(models.AbstractModel):
    """The lending counter (借阅台): what a scanned code at the counter calls for.

    One method per scan, in a constant number of queries whatever the size of the
    archive, returning what the screen shows. Every step goes through the loans'
    own procedures (check-out, return check) and the dossiers' record rules: a
    code of a dossier the archivist may not see is an unknown code."""

    _name = "dossier.counter"
    _description = "Dossier Lending Counter"

    @api.model
    def scan(self, code):
        """What the scanned (or typed) ``code`` calls for: a dossier's loan to check
        out or to check back in, the content of a location, or an unknown code."""
        self._check_counter_user()
        code = self._text(code)
        if len(code) > MAX_CODE_LENGTH:
            raise UserError(
                self.env._(
                    "A label's code has at most %(max)s characters: scan it again.",
                    max=MAX_CODE_LENGTH,
                )
            )
        dossier = self._find_dossier(code) if code else None
        if dossier:
            return self._dossier_result(dossier, code)
        location = self._find_location(code) if code else None
        if location:
            return self._location_result(location, code)
        return {
            "kind": "unknown",
            "code": code,
            "message": self.env._(
                "Unknown code “%(code)s”: no dossier or cabinet location you have "
                "access to carries it.",
                code=code,
            ),
        }

    @api.model
    def check_out(self, loan_id, signature=None):
        """The confirmation of a check-out, signed by the borrower on the counter's
        screen (``signature``: a PNG, base64): the loan's own Check Out button."""
        self._check_counter_user()
        loan = self.env["dossier.loan"].browse(self._record_id(loan_id))
        loan.check_access("read")
        loan.action_checkout(signature=self._text(signature))
        result = self._dossier_result(loan.dossier_id, loan.dossier_id.barcode)
        result["done"] = self.env._(
            "Loan %(loan)s checked out to %(borrower)s, due %(due)s.",
            loan=loan.name,
            borrower=loan.borrower_id.name,
            due=self._format_due(loan),
        )
        return result

    @api.model
    def check_return(self, loan_id, statuses, signature=None):
        """Finish a return check with the loan's return check wizard: ``statuses``
        maps the id of each document still out to present, missing or damaged;
        ``signature`` (a PNG, base64) is the archivist's who checked them."""
        self._check_counter_user()
        loan = self.env["dossier.loan"].browse(self._record_id(loan_id))
        loan.check_access("read")
        statuses = self._return_statuses(statuses)
        wizard = self.env["dossier.loan.return"].create(
            {"loan_id": loan.id, "signature": self._text(signature) or False}
        )
        for line in wizard.line_ids:
            if line.document_id.id in statuses:
                line.status = statuses[line.document_id.id]
        wizard.action_confirm()
        result = self._dossier_result(loan.dossier_id, loan.dossier_id.barcode)
        if loan.state == "returned":
            result["done"] = self.env._(
                "Loan %(loan)s is returned: file dossier %(dossier)s back in %(place)s.",
                loan=loan.name,
                dossier=loan.dossier_id.name,
                place=loan.dossier_id.location_id.complete_name or "—",
            )
        else:
            result["done"] = self.env._(
                "Return of loan %(loan)s recorded: %(documents)s still missing, "
                "the loan stays open.",
                loan=loan.name,
                documents=", ".join(
                    loan.sudo().missing_document_ids.mapped("display_name")
                ),
            )
        return result

    # ------------------------------------------------------------------ input

    # What the screen sends is checked before it is used: a client that sends
    # something else (a list for an id, a number for a code) gets a sentence,
    # not Python's error.
    @api.model
    def _invalid_input(self):
        return UserError(
            self.env._(
                "The counter did not understand what the screen sent: reload the "
                "page and scan again."
            )
        )

    @api.model
    def _record_id(self, value):
        if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
            raise self._invalid_input()
        return value

    @api.model
    def _text(self, value):
        if value is None or value is False:
            return ""
        if not isinstance(value, str):
            raise self._invalid_input()
        return value.strip()

    @api.model
    def _return_statuses(self, statuses):
        """{document id: status} from the screen's {"<id>": status}."""
        if statuses is None or statuses is False:
            return {}
        if not isinstance(statuses, dict):
            raise self._invalid_input()
        result = {}
        for key, value in statuses.items():
            if not isinstance(value, str) or value not in RETURN_STATUSES:
                raise UserError(
                    self.env._("A document is either present, missing or damaged.")
                )
            try:
                result[self._record_id(int(key))] = value
            except (TypeError, ValueError):
                raise self._invalid_input() from None
        return result

    # ------------------------------------------------------------------ lookups

    @api.model
    def _check_counter_user(self):
        if not self.env.user.has_group(ARCHIVIST_GROUP):
            raise AccessError(
                self.env._("Only dossier archivists work at the lending counter.")
            )

    @api.model
    def _find_dossier(self, code):
        """The dossier whose label carries ``code`` (its barcode, which defaults to
        its reference, or its reference typed by hand), among those the user may
        see; the current company's first when several companies are active."""
        Dossier = self.env["dossier.dossier"]
        fnames = ["name", "barcode", "company_id", "confidentiality_level", "state"]
        dossiers = Dossier
        # One indexed lookup per kind of code, the label's first: an unknown code
        # costs one query per kind, never an OR that no single index serves.
        for fname in self._dossier_code_fields():
            dossiers = Dossier.search_fetch([(fname, "=", code)], fnames, limit=2)
            if dossiers:
                break
        if len(dossiers) > 1:
            dossiers = dossiers.sorted(lambda d: d.company_id != self.env.company)
        return dossiers[:1]

    @api.model
    def _dossier_code_fields(self):
        """The dossier fields a code scanned at the counter may be, in the order
        they are tried: the label's barcode, its archive code (档号, printed on
        the label when the company numbers them), then the reference typed by
        hand."""
        return ["barcode", "archive_code", "name"]

    @api.model
    def _find_location(self, code):
        locations = self.env["dossier.location"].search_fetch(
            [("barcode", "=", code)], ["complete_name", "company_id"], limit=2
        )
        if len(locations) > 1:
            locations = locations.sorted(lambda loc: loc.company_id != self.env.company)
        return locations[:1]

    # ------------------------------------------------------------------ results

    @api.model
    def _dossier_result(self, dossier, code):
        # Showing its loans and documents consults the dossier: recorded when it
        # is confidential, as opening its form would be.
        dossier._log_form_consultation()
        loans = self.env["dossier.loan"].search_fetch(
            [
                ("dossier_id", "=", dossier.id),
                ("state", "in", LOAN_UNDER_WAY_STATES),
            ],
            [
                "name",
                "dossier_id",
                "state",
                "loan_type",
                "purpose",
                "borrower_id",
                "date_due",
                "document_scope",
                "document_ids",
                "missing_document_ids",
            ],
            order="date_due, id",
        )
        # sudo: the counter hands over and checks every document of a loan, by
        # type and pages; a title is shown under the content rule (display_name).
        loans = loans.sudo()
        # One read of every document shown, whichever loan lists it.
        (
            loans.document_ids
            | loans.missing_document_ids
            | dossier.sudo().document_ids
        ).fetch(["name", "document_type_id", "pages", "condition"])
        loans.borrower_id.fetch(["name"])
        result = {
            "kind": "dossier",
            "code": code,
            "dossier": self._dossier_values(dossier),
            "action": "none",
            "loans": [],
            "loan": False,
            "waiting": [loan.name for loan in loans if loan.state == "requested"],
        }
        out = loans.filtered(
            lambda loan: loan.state in OPEN_LOAN_STATES and loan.loan_type == "reading"
        )[:1]
        approved = loans.filtered(lambda loan: loan.state == "approved")
        if out:
            result.update(
                action="return",
                loan=self._loan_values(out, out.missing_document_ids),
                message=self.env._(
                    "Dossier %(dossier)s is out on loan %(loan)s: check what comes "
                    "back.",
                    dossier=dossier.name,
                    loan=out.name,
                ),
            )
        elif approved:
            result.update(
                action="checkout",
                loans=[
                    self._loan_values(loan, self._documents_to_lend(loan))
                    for loan in approved
                ],
                message=self.env._(
                    "Dossier %(dossier)s: confirm the check-out (click Check Out, or "
                    "scan the label again).",
                    dossier=dossier.name,
                )
                if len(approved) == 1
                else self.env._(
                    "Dossier %(dossier)s has several approved loans: check out the "
                    "one of the borrower at the counter.",
                    dossier=dossier.name,
                ),
            )
        else:
            result["message"] = self._nothing_due_message(dossier, loans)
        return result

    @api.model
    def _nothing_due_message(self, dossier, loans):
        copies_out = loans.filtered(lambda loan: loan.state in OPEN_LOAN_STATES)
        if copies_out:
            return self.env._(
                "Dossier %(dossier)s: photocopies of loan %(loan)s are out; record "
                "their return in the copy register.",
                dossier=dossier.name,
                loan=copies_out[0].name,
            )
        if loans:
            return self.env._(
                "Dossier %(dossier)s has no approved loan: loan %(loan)s waits for "
                "its approval.",
                dossier=dossier.name,
                loan=loans[0].name,
            )
        return self.env._(
            "Dossier %(dossier)s is in its place and has no approved loan: nothing "
            "to check out or in.",
            dossier=dossier.name,
        )

    def _dossier_values(self, dossier):
        return {
            "id": dossier.id,
            "name": dossier.name,
            "partner": dossier.partner_id.name,
            "state": _selection_label(dossier, "state"),
            "confidentiality": _selection_label(dossier, "confidentiality"),
            "location": dossier.location_id.complete_name or "",
        }

    @api.model
    def _loan_values(self, loan, documents):
        return {
            "id": loan.id,
            "name": loan.name,
            "type": _selection_label(loan, "loan_type"),
            "borrower": loan.borrower_id.name,
            "purpose": loan.purpose,
            "due": self._format_due(loan),
            "overdue": bool(loan.date_due and loan.date_due < fields.Datetime.now()),
            "documents": [
                {
                    "id": document.id,
                    "name": document.display_name,
                    "type": document.document_type_id.name,
                    "pages": document.pages,
                }
                for document in documents
            ],
        }

    @api.model
    def _documents_to_lend(self, loan):
        """What the check-out of ``loan`` will hand over (as its procedure counts
        it): the originals of a reading loan, nothing for photocopies."""
        if loan.loan_type != "reading":
            return self.env["dossier.document"]
        if loan.document_scope == "all":
            return loan.dossier_id.document_ids.filtered(
                lambda document: document.condition != "repair"
            )
        return loan.document_ids

    @api.model
    def _format_due(self, loan):
        # In the archive room's time zone, named: the counter's clock.
        return format_archive_time(self.env, loan.company_id, loan.date_due)

    @api.model
    def _location_result(self, location, code):
        Dossier = self.env["dossier.dossier"]
        domain = [
            ("location_id", "child_of", location.id),
            ("state", "not in", FROZEN_STATES),
        ]
        total = Dossier.search_count(domain)
        dossiers = Dossier.search_fetch(
            domain,
            ["name", "partner_id", "location_id", "state"],
            order="name, id",
            limit=LOCATION_LIST_LIMIT,
        )
        out = self.env["dossier.loan"].search_fetch(
            [
                ("dossier_id.location_id", "child_of", location.id),
                *OPEN_READING_LOAN_DOMAIN,
            ],
            ["name", "dossier_id", "borrower_id", "date_due"],
            order="date_due, id",
        )
        (dossiers | out.dossier_id).partner_id.fetch(["name"])
        (dossiers | out.dossier_id).location_id.fetch(["complete_name"])
        out.borrower_id.fetch(["name"])
        out_by_dossier = {loan.dossier_id.id: loan for loan in out}
        return {
            "kind": "location",
            "code": code,
            "location": {"id": location.id, "name": location.complete_name},
            "total": total,
            "dossiers": [
                {
                    "id": dossier.id,
                    "name": dossier.name,
                    "partner": dossier.partner_id.name,
                    "place": dossier.location_id.complete_name,
                    "out": dossier.id in out_by_dossier,
                }
                for dossier in dossiers
            ],
            "out": [
                {
                    "id": loan.id,
                    "name": loan.name,
                    "dossier": loan.dossier_id.name,
                    "partner": loan.dossier_id.partner_id.name,
                    "borrower": loan.borrower_id.name,
                    "due": self._format_due(loan),
                    "overdue": loan.date_due < fields.Datetime.now(),
                }
                for loan in out
            ],
            "message": self.env._(
                "%(location)s: the dossiers it should hold, and those out on loan.",
                location=location.complete_name,
            ),
        }
