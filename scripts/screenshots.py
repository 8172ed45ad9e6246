"""Screenshots of the main screens for README.md, taken from a running Odoo with the
demo data (make run) in headless Chromium. Usage (make screenshots looks the ids up
in the demo database):
    python scripts/screenshots.py --url http://localhost:8069 --out DIR \
        --ids PARTNER,DOSSIER,LOAN,INCIDENT --counter-code BARCODE [--only FILE]
Then, with the administrator reading Chinese for a moment (zh_CN must be loaded:
make run loads it), the statistics dialog and the first page of its PDF (through
poppler's pdftoppm), in Chinese.
"""

# A command-line tool: it reports on stdout.
# pylint: disable=print-used

import argparse
import shutil
import subprocess
import tempfile

from playwright.sync_api import sync_playwright

CHROME_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def counter_scan(page, args):
    """The counter after the label of a dossier out on loan was read: its return
    check, the first document ticked present."""
    page.fill(".o_dossier_counter_input", args.counter_code)
    page.press(".o_dossier_counter_input", "Enter")
    page.wait_for_selector(".o_dossier_counter_return")
    page.click(".o_dossier_counter_document button[data-status=present]")
    page.wait_for_timeout(500)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--out", required=True)
    parser.add_argument(
        "--ids", required=True, help="partner,dossier,loan,incident ids"
    )
    parser.add_argument(
        "--counter-code", help="the label of the dossier out on loan, for the counter"
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
    if args.counter_code:
        shots.append(("counter.png", "/odoo/dossier-counter", counter_scan))
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
            if callable(click):
                click(page, args)
            elif click:
                page.click(click)
                page.wait_for_timeout(1500)
            page.screenshot(path=f"{args.out}/{name}")
            print(f"{args.out}/{name}")
        chinese_shots(page, args)
        browser.close()


def call(page, url, model, method, args, kwargs=None):
    response = page.request.post(
        f"{url}/web/dataset/call_kw/{model}/{method}",
        data={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": args,
                "kwargs": kwargs or {},
            },
        },
    )
    reply = response.json()
    if "error" in reply:
        raise RuntimeError(reply["error"]["data"]["message"])
    return reply["result"]


def chinese_shots(page, args):
    """The statistics dialog and its PDF's first page in Chinese; the
    administrator's language is put back afterwards."""
    session = page.request.post(
        f"{args.url}/web/session/get_session_info",
        data={"jsonrpc": "2.0", "method": "call", "params": {}},
    ).json()["result"]
    uid = session["uid"]
    [admin] = call(page, args.url, "res.users", "read", [[uid], ["lang"]])
    call(page, args.url, "res.users", "write", [[uid], {"lang": "zh_CN"}])
    try:
        page.goto(
            args.url + "/odoo/action-partner_dossier.dossier_monthly_report_action"
        )
        page.wait_for_timeout(2500)
        name = f"{args.out}/monthly_statistics_zh_CN.png"
        page.screenshot(path=name)
        print(name)
        report_id = call(
            page,
            args.url,
            "dossier.monthly.report",
            "create",
            [{}],
            {"context": {"lang": "zh_CN"}},
        )
        pdf = page.request.get(
            f"{args.url}/report/pdf/partner_dossier.report_monthly_statistics/"
            f"{report_id}",
            timeout=120000,
        )
        with tempfile.TemporaryDirectory() as tmp:
            with open(f"{tmp}/statistics.pdf", "wb") as file:
                file.write(pdf.body())
            subprocess.run(
                [
                    "pdftoppm",
                    "-png",
                    "-r",
                    "100",
                    "-f",
                    "1",
                    "-l",
                    "1",
                    "-singlefile",
                    f"{tmp}/statistics.pdf",
                    f"{args.out}/monthly_statistics_pdf_zh_CN",
                ],
                check=True,
            )
        print(f"{args.out}/monthly_statistics_pdf_zh_CN.png")
    finally:
        call(page, args.url, "res.users", "write", [[uid], {"lang": admin["lang"]}])


if __name__ == "__main__":
    main()
