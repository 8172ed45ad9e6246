from odoo import api, fields, models, tools
from odoo.tools import LazyTranslate

_lt = LazyTranslate(__name__)


class DossierContentThread(models.AbstractModel):
    """A record whose chatter (messages, their tracked changes, notifications,
    files) is the content of dossiers: the dossier itself, its loans, its
    incidents, the disposals listing it. Inheriting this mixin is what puts a
    model's messages and files under the content rule (dossier.content.mixin);
    ``_dossier_content_path`` leads from its records to their dossiers, and
    ``_dossier_neutral_name`` (each thread its own) names a record to whoever
    may not see its name (see _dossier_neutral_display_name)."""

    _name = "dossier.content.thread"
    _description = "Thread Holding a Dossier's Content"
    _inherit = ["mail.thread"]
    _dossier_content_path = "dossier_id"
    _dossier_neutral_name = _lt("A dossier record")

    # Mail searches a record's messages as superuser: searching the dossiers
    # by what their messages say would tell what they say.
    message_ids = fields.One2many(bypass_search_access=False)

    @api.model
    @tools.ormcache()
    def _dossier_content_threads(self):
        """{model name: path to its dossiers} of every such thread (the
        registry's, shared: read it, never change it)."""
        return {
            name: self.env[name]._dossier_content_path
            for name in self.env.registry.descendants([self._name], "_inherit")
            if not self.env[name]._abstract
        }

    @api.model
    def _dossier_neutral_display_name(self):
        """What stands for the name of a record of this thread (in the chatter,
        as an e-mail's subject) when the reader may not see it, in the
        language of ``self.env``."""
        return self.env._(self._dossier_neutral_name)
