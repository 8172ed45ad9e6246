import { registry } from "@web/core/registry";

// Adopt the signature Odoo's signature dialog writes from the signer's name.
const ADOPT_SIGNATURE =
    ".modal:has(.o_web_sign_name_and_signature) .modal-footer .btn-primary:enabled";

/**
 * What a barcode scanner does: the code's characters as key presses, then Enter,
 * faster than anyone types, on the page (not in an input). Odoo's barcode service
 * reads them and announces the code on its bus, as it does for a real scanner.
 */
function scan(code) {
    for (const key of [...code, "Enter"]) {
        document.body.dispatchEvent(
            new KeyboardEvent("keydown", { key, bubbles: true, cancelable: true })
        );
    }
}

// An archivist scans a dossier's label: its approved loan shows; one click, and the
// borrower's signature on the screen, check it out.
registry.category("web_tour.tours").add("partner_dossier_counter_checkout_tour", {
    url: "/odoo/dossier-counter",
    steps: () => [
        {
            content: "The counter waits for a scan",
            trigger: ".o_dossier_counter_idle",
            run: () => scan("NO-SUCH-LABEL"),
        },
        {
            content: "An unknown code is said to be unknown",
            trigger: ".o_dossier_counter_unknown:contains(NO-SUCH-LABEL)",
            run: () => scan("TOUR-COUNTER-1"),
        },
        {
            content: "The dossier's approved loan is shown with its documents",
            trigger: ".o_dossier_counter_checkout:contains(Tour contract):contains(tour_staff)",
        },
        {
            content: "Nothing is checked out before the confirmation",
            trigger: ".o_dossier_counter_message:contains(confirm the check-out)",
        },
        {
            content: "Confirm the check-out",
            trigger: ".o_dossier_counter_checkout_button",
            run: "click",
        },
        {
            content: "The borrower signs on the screen (their name, written)",
            trigger: ADOPT_SIGNATURE,
            run: "click",
        },
        {
            content: "Checked out: the screen says so",
            trigger: ".o_dossier_counter_done:contains(checked out to)",
        },
        {
            content: "The same label now opens the return check",
            trigger: ".o_dossier_counter_return .o_dossier_counter_document[data-document='Tour invoice']",
        },
    ],
});

// An archivist types the label of a dossier that is out and checks its return: the
// invoice is missing; the loan stays open.
registry.category("web_tour.tours").add("partner_dossier_counter_return_tour", {
    url: "/odoo/dossier-counter",
    steps: () => [
        {
            content: "Type the dossier's code",
            trigger: ".o_dossier_counter_input",
            run: "edit TOUR-COUNTER-1",
        },
        { trigger: ".o_dossier_counter_input", run: "press Enter" },
        {
            content: "The return check lists the documents still out",
            trigger: ".o_dossier_counter_return .o_dossier_counter_document[data-document='Tour invoice']",
        },
        {
            content: "Nothing is confirmed while a document is not ticked",
            trigger: ".o_dossier_counter_confirm_return:disabled",
        },
        {
            content: "The invoice did not come back",
            trigger: ".o_dossier_counter_document[data-document='Tour invoice'] button[data-status=missing]",
            run: "click",
        },
        {
            content: "The contract did",
            trigger: ".o_dossier_counter_document[data-document='Tour contract'] button[data-status=present]",
            run: "click",
        },
        {
            content: "Confirm the return",
            trigger: ".o_dossier_counter_confirm_return:enabled",
            run: "click",
        },
        {
            content: "The archivist signs the return check",
            trigger: ADOPT_SIGNATURE,
            run: "click",
        },
        {
            content: "The loan stays open for the missing invoice",
            trigger: ".o_dossier_counter_done:contains(still missing):contains(Tour invoice)",
        },
        {
            content: "Only the invoice is left to check",
            trigger: ".o_dossier_counter_return:not(:has(.o_dossier_counter_document[data-document='Tour contract'])) .o_dossier_counter_document[data-document='Tour invoice']",
        },
    ],
});

// Two scans for a check-out: the dossier's label, then the same label again. Before,
// the cabinet's label lists what it should hold and what is out.
registry.category("web_tour.tours").add("partner_dossier_counter_two_scans_tour", {
    url: "/odoo/dossier-counter",
    steps: () => [
        {
            content: "Scan the cabinet's label",
            trigger: ".o_dossier_counter_idle",
            run: () => scan("TOUR-COUNTER-CAB"),
        },
        {
            content: "The cabinet should hold both dossiers; one is out",
            trigger:
                ".o_dossier_counter_location .o_dossier_counter_total:contains(2)",
        },
        {
            content: "The dossier out is listed with its borrower",
            trigger: ".o_dossier_counter_out:contains(Lotus Counter Lent):contains(tour_staff)",
        },
        {
            content: "Scan the dossier's label",
            trigger: ".o_dossier_counter_held:contains(Lotus Counter Trading)",
            run: () => scan("TOUR-COUNTER-1"),
        },
        {
            content: "Its approved loan waits for the confirmation",
            trigger: ".o_dossier_counter_checkout_button",
            run: () => scan("TOUR-COUNTER-1"),
        },
        {
            content: "The borrower signs for it",
            trigger: ADOPT_SIGNATURE,
            run: "click",
        },
        {
            content: "The second scan checked it out",
            trigger: ".o_dossier_counter_done:contains(checked out to)",
        },
    ],
});
