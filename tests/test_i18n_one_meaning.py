from pathlib import Path

import polib

from odoo.tests import tagged
from odoo.tests.common import TransactionCase

I18N = Path(__file__).resolve().parent.parent / "i18n"

# English words that mean two things in the addon (i18n/GLOSSARY.md). Odoo translates
# a source string once per addon, so each keeps one meaning: its Chinese, and the
# places (.pot occurrences) where the other meaning would show up if the word came
# back there. The other meaning has its own English ("Close Dossier", "Viewed",
# "Loan Number"…).
ONE_MEANING = {
    # Closing a dialog, not closing a dossier (结案).
    "Close": ("关闭", ("dossier_dossier_view_form",)),
    # A dossier opened (started) in the statistics, not a consultation (查阅).
    "Opened": ("启用", ("access_log",)),
    # The dossier's number, not a loan's, a copy batch's or a disposal's.
    "Reference": (
        "档案编号",
        ("dossier_loan", "copy_batch", "disposal", "loan_register", "copy_register"),
    ),
    # One word for photocopies: 复印, not 影印.
    "Copy Register": ("复印登记簿", ()),
}


@tagged("post_install", "-at_install")
class TestOneSourceStringPerMeaning(TransactionCase):
    def test_each_ambiguous_word_keeps_one_meaning(self):
        pot = {
            entry.msgid: entry
            for entry in polib.pofile(str(I18N / "partner_dossier.pot"))
        }
        po = {
            entry.msgid: entry.msgstr for entry in polib.pofile(str(I18N / "zh_CN.po"))
        }
        for msgid, (chinese, elsewhere) in ONE_MEANING.items():
            with self.subTest(msgid=msgid):
                self.assertEqual(po.get(msgid), chinese)
                places = [place for place, _line in pot[msgid].occurrences]
                wrong = [
                    place for place in places if any(key in place for key in elsewhere)
                ]
                self.assertEqual(
                    wrong,
                    [],
                    f"{msgid!r} is used with another meaning there: give that use "
                    "its own English words",
                )

    def test_photocopies_are_fuyin_everywhere(self):
        po = polib.pofile(str(I18N / "zh_CN.po"))
        self.assertEqual([e.msgid for e in po if "影印" in e.msgstr], [])
