from odoo import fields, models

# A signature pad's drawing, kept readable and small.
SIGNATURE_SIDE = 1024


def register_signature(string, help_text):
    """The register's field of one signed step: written by that step's button only
    (named in the register's ``_procedure_fields``), never copied."""
    return fields.Image(
        string=string,
        help=help_text,
        max_width=SIGNATURE_SIDE,
        max_height=SIGNATURE_SIDE,
        attachment=False,
        readonly=True,
        copy=False,
    )


class DossierSigningMixin(models.AbstractModel):
    """A register signed on the screen (登记签名): the signature widget writes the
    draft signature (``pending_signature``) on save, the step's button moves it
    into the register's field of that step (``register_signature``) and clears
    it. Each register says in its ``_editable_fields`` in which state the draft
    may be signed, and refuses its step without a signature in its own words.
    Kept in the record's own row (attachment=False), not in an ir.attachment that
    the attachments' own API could replace: the register's guard is the one
    door."""

    _name = "dossier.signing.mixin"
    _description = "Register Signed on the Screen"

    pending_signature = fields.Image(
        string="Signature",
        max_width=SIGNATURE_SIDE,
        max_height=SIGNATURE_SIDE,
        attachment=False,
        copy=False,
    )

    def _signed(self, signature=None):
        """The signature of the record's step: ``signature`` given to the button
        (a PNG in base64), else the draft one signed on the form just before."""
        self.ensure_one()
        return signature or self.pending_signature

    def _take_signature(self, locked_field, signature=None):
        """The values that record the step's signature in the register's
        ``locked_field`` and clear the draft (none without a signature)."""
        signed = self._signed(signature)
        return {locked_field: signed, "pending_signature": False} if signed else {}
