"""The README's pictures of PDF reports: a stock-taking of a small office, closed
with one dossier missing and one misplaced, printed as a PDF whose first page is
rendered to PNG (pdftoppm). Run through `make report-screenshots`
(scripts/report_screenshots.sh), which creates and drops the scratch database.

    python scripts/report_screenshots.py --database DB --addons-path DIR --out DIR
"""

# A command-line tool: it reports on stdout.
# pylint: disable=print-used

import argparse
import os
import subprocess
import tempfile


def stocktaking_pdf(env, commit):
    Location = env["dossier.location"]
    cabinet = Location.create({"name": "Cabinet A", "barcode": "CAB-A"})
    shelf = Location.create(
        {"name": "Shelf 1", "location_type": "shelf", "parent_id": cabinet.id}
    )
    box = Location.create(
        {"name": "Box 3", "location_type": "box", "parent_id": shelf.id}
    )
    other = Location.create({"name": "Cabinet B"})
    archivist = env["res.users"].create(
        {
            "name": "Wang Fang",
            "login": "report_archivist",
            "group_ids": [(4, env.ref("partner_dossier.group_dossier_manager").id)],
        }
    )
    names = [
        ("Lotus Trading Co.", box),
        ("Golden Bridge Ltd.", box),
        ("Pearl River Foods", box),
        ("Jade Mountain Tea", shelf),
        ("Silk Road Logistics", other),
    ]
    dossiers = env["dossier.dossier"]
    for name, location in names:
        partner = env["res.partner"].create({"name": name, "is_company": True})
        dossier = env["dossier.dossier"].create(
            {
                "partner_id": partner.id,
                "location_id": location.id,
                "custodian_id": archivist.id,
            }
        )
        dossier.action_open()
        dossiers |= dossier
    env = env(user=archivist)
    stocktaking = env["dossier.stocktaking"].create({"location_id": cabinet.id})
    stocktaking.action_start()
    for dossier in dossiers[:3]:
        stocktaking._scan(dossier.name)
    stocktaking._scan(dossiers[4].name)  # Cabinet B's folder, found in Cabinet A
    stocktaking.action_close()
    commit()
    pdf, _type = (
        env["ir.actions.report"]
        .with_context(force_report_rendering=True)
        ._render_qweb_pdf(
            "partner_dossier.action_report_dossier_stocktaking", stocktaking.ids
        )
    )
    return pdf


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", required=True)
    parser.add_argument("--addons-path", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--report-url", required=True, help="an Odoo serving the same database"
    )
    args = parser.parse_args()

    from odoo.tools import config

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
    from odoo import SUPERUSER_ID, api
    from odoo.modules.registry import Registry

    registry = Registry(args.database)
    with registry.cursor() as cr:
        env = api.Environment(
            cr, SUPERUSER_ID, {"lang": "en_US", "tz": "Asia/Shanghai"}
        )
        env.company.name = "Lotus Archive Services"
        env["ir.config_parameter"].set_param("report.url", args.report_url)
        # Committed (the database is a scratch one): the server that wkhtmltopdf
        # asks for the style sheets builds them in a transaction of its own.
        pdf = stocktaking_pdf(env, cr.commit)
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "stocktaking.pdf")
        with open(path, "wb") as out:
            out.write(pdf)
        target = os.path.join(args.out, "stocktaking_report")
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "70",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                path,
                target,
            ],
            check=True,
        )
    print(f"== wrote {target}.png")


if __name__ == "__main__":
    main()
