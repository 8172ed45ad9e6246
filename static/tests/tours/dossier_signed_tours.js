import { registry } from "@web/core/registry";

// Adopt the signature drawn in Odoo's signature dialog.
const ADOPT_SIGNATURE =
    ".modal:has(.o_web_sign_name_and_signature) .modal-footer .btn-primary:enabled";

/**
 * A hand drawing on the signature pad: the pointer pressed, moved and released
 * over the canvas, as a pen or a mouse does. The form's signature fields name no
 * signer, so the dialog asks for a drawn signature.
 */
function drawSignature(canvas) {
    const box = canvas.getBoundingClientRect();
    const at = (x, y, buttons) => ({
        clientX: box.left + box.width * x,
        clientY: box.top + box.height * y,
        buttons,
        isPrimary: true,
        pointerId: 1,
        pointerType: "mouse",
        bubbles: true,
        cancelable: true,
    });
    canvas.dispatchEvent(new PointerEvent("pointerdown", at(0.2, 0.6, 1)));
    for (const [x, y] of [
        [0.35, 0.3],
        [0.5, 0.7],
        [0.65, 0.3],
        [0.8, 0.6],
    ]) {
        canvas.dispatchEvent(new PointerEvent("pointermove", at(x, y, 1)));
    }
    canvas.dispatchEvent(new PointerEvent("pointerup", at(0.8, 0.6, 0)));
}

/** Sign the form's pending signature on the screen: the steps of one signature. */
function signOnTheForm(who) {
    return [
        {
            content: `${who} signs on the screen`,
            trigger: ".o_field_widget[name=pending_signature] .o_signature_empty",
            run: "click",
        },
        {
            content: `${who} draws their signature`,
            trigger:
                ".modal:has(.o_web_sign_draw_button.active) canvas.o_web_sign_signature",
            run() {
                drawSignature(
                    document.querySelector(".modal canvas.o_web_sign_signature")
                );
            },
        },
        {
            content: "Adopt the signature drawn",
            trigger: ADOPT_SIGNATURE,
            run: "click",
        },
        {
            content: "The signature is on the form",
            trigger: ".o_field_widget[name=pending_signature] img.o_signature",
        },
    ];
}

// An archivist registers copies kept in the building as taken out, the borrower
// signing for them; when they come back, the archivist signs for them received.
registry.category("web_tour.tours").add("partner_dossier_copy_batch_signed_tour", {
    url: "/odoo/action-partner_dossier.dossier_copy_batch_action",
    steps: () => [
        {
            content: "The copy register: open the batch of copies made",
            trigger: ".o_data_row:contains(Kept In-house) td.o_data_cell",
            run: "click",
        },
        {
            content: "The copies are in the building",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Kept In-house)",
        },
        {
            content: "No signature is asked while they stay in",
            trigger: ".o_form_view:not(:has(.o_field_widget[name=pending_signature]))",
        },
        {
            content: "They are taken out of the building",
            trigger: ".o_field_widget[name=taken_out] input[type=checkbox]",
            run: "click",
        },
        {
            content: "Where to",
            trigger: ".o_field_widget[name=destination] input",
            run: "edit Auditor's office",
        },
        ...signOnTheForm("The borrower"),
        { content: "Save", trigger: ".o_form_button_save", run: "click" },
        {
            content: "Taken out: the borrower's signature is in the register",
            trigger:
                ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Taken Out)",
        },
        {
            content: "The borrower's signature shows, the draft is cleared",
            trigger:
                ".o_form_view:has(.o_field_widget[name=pending_signature] .o_signature_empty) .o_field_widget[name=out_signature] img.o_signature",
        },
        {
            content: "The copies came back",
            trigger: ".o_field_widget[name=copies_returned] input",
            run: "edit 2",
        },
        ...signOnTheForm("The archivist"),
        {
            content: "Copies Returned",
            trigger: "button[name=action_return_copies]",
            run: "click",
        },
        {
            content: "Returned: the archivist's signature is in the register",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains(Returned)",
        },
        {
            content: "Both signatures show",
            trigger:
                ".o_form_view:has(.o_field_widget[name=out_signature] img.o_signature) .o_field_widget[name=return_signature] img.o_signature",
        },
    ],
});

// With the company's signed openings, an archivist signs a draft dossier's
// opening, then opens it.
registry.category("web_tour.tours").add("partner_dossier_signed_opening_tour", {
    url: "/odoo/action-partner_dossier.dossier_dossier_action",
    steps: () => [
        {
            content: "The customer's draft dossier",
            trigger: ".o_data_row:contains(Lotus Opening Trading) td.o_data_cell",
            run: "click",
        },
        {
            content: "A draft dossier",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Draft)",
        },
        ...signOnTheForm("The archivist opening it"),
        { content: "Open it", trigger: "button[name=action_open]", run: "click" },
        {
            content: "Opened: a temporary dossier",
            trigger:
                ".o_statusbar_status button.o_arrow_button_current:contains(Temporary)",
        },
        {
            content: "The opening's signature shows",
            trigger: ".o_field_widget[name=opening_signature] img.o_signature",
        },
    ],
});
