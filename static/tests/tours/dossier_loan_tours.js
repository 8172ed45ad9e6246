import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A staff member requests a reading loan from the customer's contact.
registry.category("web_tour.tours").add("partner_dossier_loan_request_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("contacts.menu_contacts", "Open Contacts"),
        {
            content: "Search the customer",
            trigger: ".o_searchview_input",
            run: "edit Lotus Tour Trading",
        },
        { trigger: ".o_searchview_input", run: "press Enter" },
        {
            content: "Open the customer",
            trigger:
                ".o_kanban_record:contains(Lotus Tour Trading), .o_data_row:contains(Lotus Tour Trading) td.o_data_cell",
            run: "click",
        },
        {
            content: "Request a loan of the customer's dossier",
            trigger: "button[name=action_request_dossier_loan]",
            run: "click",
        },
        {
            content: "The request is for the customer's dossier",
            trigger: ".o_field_widget[name=dossier_id] input:value(DOS/)",
        },
        {
            content: "Reading of the originals",
            trigger: ".o_field_widget[name=loan_type] input[data-value=reading]:checked",
        },
        {
            content: "Say why",
            trigger: ".o_field_widget[name=purpose] textarea",
            run: "edit Check the signed contract before the renewal meeting",
        },
        { content: "Save the request", trigger: ".o_form_button_save", run: "click" },
        {
            content: "The loan is registered as requested",
            trigger:
                ".o_form_saved .o_statusbar_status button.o_arrow_button_current:contains(Requested)",
        },
    ],
});

// An archivist approves the request, checks the dossier out and checks its return:
// one document comes back damaged and goes to repair.
registry.category("web_tour.tours").add("partner_dossier_loan_return_tour", {
    url: "/odoo/action-partner_dossier.dossier_loan_action_to_approve",
    steps: () => [
        {
            content: "Open the request",
            trigger: ".o_data_row:contains(Lotus Tour Trading) td.o_data_cell",
            run: "click",
        },
        { content: "Approve it", trigger: "button[name=action_approve]", run: "click" },
        {
            content: "Approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            content: "The borrower signs on the archivist's screen",
            trigger: ".o_field_widget[name=pending_signature] .o_signature",
            run: "click",
        },
        {
            content: "Adopt the signature (the borrower's name, written)",
            trigger:
                ".modal:has(.o_web_sign_name_and_signature) .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "The signature is on the form",
            trigger: ".o_field_widget[name=pending_signature] img.o_signature",
        },
        { content: "Check it out", trigger: "button[name=action_checkout]", run: "click" },
        {
            content: "Checked out",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Checked Out)",
        },
        { content: "Return", trigger: "button[name=action_return]", run: "click" },
        {
            content: "The return check lists the lent documents",
            trigger: ".modal .o_data_row:contains(Tour invoice)",
        },
        {
            content: "Edit the invoice's line",
            trigger: ".modal .o_data_row:contains(Tour invoice) td[name=status]",
            run: "click",
        },
        {
            content: "The invoice comes back damaged",
            trigger:
                ".modal .o_data_row:contains(Tour invoice) .o_field_widget[name=status] input[data-value=damaged]:enabled",
            run: "click",
        },
        {
            content: "The contract came back in order: mark the rest present",
            trigger: ".modal button[name=action_all_present]",
            run: "click",
        },
        {
            content: "The contract is present, the invoice still damaged",
            trigger:
                ".modal .o_data_row:contains(Tour contract) .o_field_widget[name=status] input[data-value=present]:checked",
        },
        {
            content: "The archivist signs the return check",
            trigger: ".modal .o_field_widget[name=signature] .o_signature",
            run: "click",
        },
        {
            content: "Adopt the signature (the archivist's name, written)",
            trigger:
                ".modal:has(.o_web_sign_name_and_signature) .modal-footer .btn-primary:enabled",
            run: "click",
        },
        {
            content: "The signature is on the return check",
            trigger: ".modal .o_field_widget[name=signature] img.o_signature",
        },
        {
            content: "Confirm the return",
            trigger: ".modal button[name=action_confirm]",
            run: "click",
        },
        {
            content: "Everything is back: the loan is returned",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Returned)",
        },
        {
            content: "Open the dossier",
            trigger: "button[name=action_view_dossier]",
            run: "click",
        },
        {
            content: "The damaged document is under repair",
            trigger:
                ".o_field_widget[name=document_ids] .o_data_row:contains(Tour invoice):contains(Under Repair)",
        },
    ],
});

// A manager approves a disposal proposal with two witnesses; the certificate prints.
registry.category("web_tour.tours").add("partner_dossier_disposal_tour", {
    url: "/odoo/action-partner_dossier.dossier_disposal_action",
    steps: () => [
        {
            content: "Open the proposal",
            trigger: ".o_data_row:contains(Proposed) td.o_data_cell",
            run: "click",
        },
        {
            content: "First witness",
            trigger: ".o_field_widget[name=witness_1_id] input",
            run: "edit Tour Witness One",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Witness One)",
            run: "click",
        },
        {
            content: "Second witness",
            trigger: ".o_field_widget[name=witness_2_id] input",
            run: "edit Tour Witness Two",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Witness Two)",
            run: "click",
        },
        { content: "Approve", trigger: "button[name=action_approve]", run: "click" },
        {
            content: "Approved",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Approved)",
        },
        {
            content: "Open the print menu",
            trigger: ".o_cp_action_menus button:has(.fa-print), .o_cp_action_menus .dropdown-toggle",
            run: "click",
        },
        {
            content: "The certificate is in the Print menu",
            trigger: ".o-dropdown--menu .dropdown-item:contains(Disposal Inventory and Certificate)",
        },
    ],
});
