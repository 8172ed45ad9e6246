"""Prepare a demo database for bench/load.py: load-test users (staff and archivists
with a known password) and a small pool of archived dossiers to fight over.
Prints the pool's dossier ids, comma-separated."""

# A command-line tool: it reports on stdout.
# pylint: disable=print-used

import argparse

from load import PASSWORD


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--pool", type=int, default=5)
    args = parser.parse_args()

    from odoo.tools import config

    # Nothing is served; the interface only spares the warning Odoo 19 prints
    # when none is given.
    config.parse_config(
        [
            "-d",
            args.database,
            f"--addons-path={args.addons_path}",
            "--log-level=warn",
            "--http-interface=127.0.0.1",
        ],
        setup_logging=True,
    )
    from odoo import SUPERUSER_ID, Command, api
    from odoo.modules.registry import Registry

    with Registry(args.database).cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        staff = env.ref("partner_dossier.group_dossier_user")
        archivist = env.ref("partner_dossier.group_dossier_archivist")
        for number in range(args.clients):
            for role, group in (("staff", staff), ("archivist", archivist)):
                env["res.users"].create(
                    {
                        "name": f"Load {role} {number}",
                        "login": f"load_{role}_{number}",
                        "password": PASSWORD,
                        "group_ids": [Command.link(group.id)],
                        "dossier_clearance": "internal",
                    }
                )
        contract = env.ref("partner_dossier.document_type_contract")
        box = env["dossier.location"].search([], limit=1) or env[
            "dossier.location"
        ].create({"name": "Load cabinet"})
        dossiers = env["dossier.dossier"]
        for number in range(args.pool):
            partner = env["res.partner"].create(
                {"name": f"Load Customer {number}", "is_company": True}
            )
            dossier = env["dossier.dossier"].create(
                {
                    "partner_id": partner.id,
                    "confidentiality": "internal",
                    "location_id": box.id,
                }
            )
            dossier.action_open()
            env["dossier.document"].create(
                [
                    {
                        "dossier_id": dossier.id,
                        "document_type_id": contract.id,
                        "name": f"Doc {n}",
                    }
                    for n in range(3)
                ]
            )
            dossier.action_archive_formally()
            dossiers |= dossier
        print(",".join(str(i) for i in dossiers.ids))


if __name__ == "__main__":
    main()
