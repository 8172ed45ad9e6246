import { registry } from "@web/core/registry";

// A reader asks to consult a secret dossier: what for, until the end of the day.
registry.category("web_tour.tours").add("partner_dossier_consultation_request_tour", {
    url: "/odoo/action-partner_dossier.dossier_consultation_action",
    steps: () => [
        { content: "A new request", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Look the dossier up by its customer",
            trigger: ".o_field_widget[name=dossier_id] input",
            run: "edit Lotus Secret Trading",
        },
        {
            content: "Choose it",
            trigger: ".o-autocomplete--dropdown-item:contains(DOS/)",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".o_field_widget[name=purpose] textarea",
            run: "edit Complaint 2026-031: check the signed contract",
        },
        { content: "Send the request", trigger: ".o_form_button_save", run: "click" },
        {
            content: "The request waits for a manager",
            trigger:
                ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Requested)",
        },
    ],
});

// Another manager approves it from the requests to decide.
registry.category("web_tour.tours").add("partner_dossier_consultation_approve_tour", {
    url: "/odoo/action-partner_dossier.dossier_consultation_action_to_decide",
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_data_row:contains(CONS/) td.o_data_cell",
            run: "click",
        },
        {
            content: "The purpose is shown",
            trigger: ".o_field_widget[name=purpose]:contains(Complaint 2026-031)",
        },
        { content: "Approve it", trigger: "button[name=action_approve]", run: "click" },
        {
            content: "Approved: the grant",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            content: "Valid now",
            trigger: ".o_field_widget[name=is_active] input:checked",
        },
    ],
});
