"""Screenshots of the main screens for README.md, taken from a running Odoo with the
demo data (make run) in headless Chromium. Usage (make screenshots looks the ids up
in the demo database):
    python scripts/screenshots.py --url http://localhost:8069 --out DIR \
        --ids PARTNER,DOSSIER,LOAN
"""

# A command-line tool: it reports on stdout.
# pylint: disable=print-used

import argparse
import shutil

from playwright.sync_api import sync_playwright

CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--ids", required=True, help="partner,dossier,loan,incident ids"
    )
    parser.add_argument("--only", help="take only this screenshot (file name)")
    args = parser.parse_args()
    partner, dossier, loan, incident = args.ids.split(",")
    chrome = shutil.which("chromium") or shutil.which("google-chrome")
    shots = [
        ("contact_dossier_button.png", f"/odoo/contacts/{partner}", None),
        (
            "dossier_form.png",
            f"/odoo/action-partner_dossier.dossier_dossier_action/{dossier}",
            None,
        ),
        (
            "loan_return_check.png",
            f"/odoo/action-partner_dossier.dossier_loan_action/{loan}",
            "button[name=action_return]",
        ),
        (
            "monthly_statistics.png",
            "/odoo/action-partner_dossier.dossier_monthly_report_action",
            None,
        ),
        (
            "dossier_incident_form.png",
            f"/odoo/action-partner_dossier.dossier_incident_action/{incident}",
            None,
        ),
    ]
    if args.only:
        shots = [shot for shot in shots if shot[0] == args.only]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chrome, args=CHROME_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 860})
        page.goto(f"{args.url}/web/login")
        page.fill("input[name=login]", "admin")
        page.fill("input[name=password]", "admin")
        page.click("button[type=submit]")
        page.wait_for_selector(".o_main_navbar")
        for name, path, click in shots:
            page.goto(args.url + path)
            page.wait_for_timeout(2500)
            if click:
                page.click(click)
                page.wait_for_timeout(1500)
            page.screenshot(path=f"{args.out}/{name}")
            print(f"{args.out}/{name}")
        browser.close()


if __name__ == "__main__":
    main()
