from lxml import html

from odoo.tests import tagged
from odoo.tests.common import TransactionCase


@tagged("post_install", "-at_install")
class TestEmptyStates(TransactionCase):
    def test_every_list_says_what_its_records_are_and_how_one_is_made(self):
        """Each window action of the addon that lists records shows a help when
        there is nothing to list yet."""
        data = self.env["ir.model.data"].search(
            [
                ("module", "=", "partner_dossier"),
                ("model", "=", "ir.actions.act_window"),
            ]
        )
        actions = self.env["ir.actions.act_window"].browse(data.mapped("res_id"))
        listing = actions.filtered(
            lambda action: (
                {"list", "kanban", "pivot", "graph"} & set(action.view_mode.split(","))
            )
        )
        self.assertGreater(len(listing), 10)
        for action in listing:
            with self.subTest(action=action.xml_id):
                self.assertTrue(action.help, f"{action.xml_id} has no help")
                tree = html.fromstring(str(action.help))
                # A smiling face invites to create; an empty folder, for the logs
                # the addon writes itself, says what will fill it.
                [title] = tree.find_class(
                    "o_view_nocontent_smiling_face"
                ) or tree.find_class("o_view_nocontent_empty_folder")
                self.assertTrue(title.text_content().strip())
                self.assertGreater(
                    len(tree.text_content()) - len(title.text_content()),
                    40,
                    f"{action.xml_id}: say what the record is and how one is made",
                )
