import re
from pathlib import Path

import polib

from odoo.tests import tagged
from odoo.tests.common import TransactionCase
from odoo.tools.translate import TranslationModuleReader

I18N = Path(__file__).resolve().parent.parent / "i18n"
PLACEHOLDER = re.compile(r"%\([a-z_]+\)s|%[sd]")


@tagged("post_install", "-at_install")
class TestTranslations(TransactionCase):
    """zh_CN ships complete: every term the addon shows has a translation."""

    def test_zh_cn_complete_and_in_sync(self):
        reader = TranslationModuleReader(self.env.cr, modules=["partner_dossier"])
        terms = {source for _module, _type, _name, _id, source, _value, _c in reader}
        self.assertGreater(len(terms), 100)
        pot = {entry.msgid for entry in polib.pofile(str(I18N / "partner_dossier.pot"))}
        self.assertEqual(
            sorted(terms - pot), [], "terms missing from the .pot: run make i18n"
        )
        po = polib.pofile(str(I18N / "zh_CN.po"))
        translated = {entry.msgid: entry.msgstr for entry in po if entry.msgstr}
        self.assertEqual(
            sorted(terms - translated.keys()), [], "untranslated in zh_CN.po"
        )
        for msgid, msgstr in translated.items():
            self.assertEqual(
                sorted(PLACEHOLDER.findall(msgid)),
                sorted(PLACEHOLDER.findall(msgstr)),
                f"placeholders differ in the translation of {msgid!r}",
            )
