from odoo import fields, models


class DossierDossier(models.Model):
    _inherit = "dossier.dossier"

    last_location_id = fields.Many2one(
        "dossier.location",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="Where the folder was kept before it was disposed of or transferred.",
    )

    def _dispose(self, disposal):
        """A disposed or transferred folder has left its cabinet: its place is free,
        where it was stays on record."""
        result = super()._dispose(disposal)
        for location, dossiers in (
            self.filtered("location_id").grouped("location_id").items()
        ):
            dossiers._write_guarded(
                {"last_location_id": location.id, "location_id": False}
            )
            for dossier in dossiers:
                dossier._message_log(
                    body=self.env._(
                        "The folder has left %(location)s.",
                        location=location.display_name,
                    )
                )
        return result
