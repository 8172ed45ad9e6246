import { registry } from "@web/core/registry";

// A clerk asks to share a contract with the customer's bank.
registry.category("web_tour.tours").add("partner_dossier_share_request_tour", {
    url: "/odoo/action-partner_dossier.dossier_share_action",
    steps: () => [
        { content: "A new request", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Look the dossier up by its customer",
            trigger: ".o_field_widget[name=dossier_id] input",
            run: "edit Lotus Share Trading",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item:contains(DOS/)",
            run: "click",
        },
        {
            content: "The recipient, outside the company",
            trigger: ".o_field_widget[name=recipient_id] input",
            run: "edit Peony Bank",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item:contains(Peony Bank)",
            run: "click",
        },
        {
            content: "Say what for",
            trigger: ".o_field_widget[name=purpose] textarea",
            run: "edit Loan application 2026-117",
        },
        {
            content: "The document to share",
            trigger: ".o_field_widget[name=document_ids] input",
            run: "edit Signed supply",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item:contains(Signed supply contract)",
            run: "click",
        },
        {
            content: "Until when",
            trigger: ".o_field_widget[name=date_end] input",
            run: "edit 12/31/2099",
        },
        { content: "Send the request", trigger: ".o_form_button_save", run: "click" },
        {
            content: "The request waits for a manager",
            trigger:
                ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Requested)",
        },
    ],
});

// Another manager approves it: the watermarked PDF is there to download.
registry.category("web_tour.tours").add("partner_dossier_share_approve_tour", {
    url: "/odoo/action-partner_dossier.dossier_share_action",
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_data_row:contains(SHARE/) td.o_data_cell",
            run: "click",
        },
        {
            content: "The purpose is shown",
            trigger: ".o_field_widget[name=purpose]:contains(Loan application 2026-117)",
        },
        { content: "Approve it", trigger: "button[name=action_approve]", run: "click" },
        { content: "Confirm", trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "Approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            content: "The PDF can be downloaded",
            trigger: "button[name=action_download_pdf]",
        },
        {
            content: "The PDF is the share's file, in its chatter",
            trigger: ".o-mail-AttachmentList :contains(SHARE-)",
        },
        {
            content: "With its checksum",
            trigger: ".o-mail-Message:contains(SHA-256)",
        },
    ],
});
