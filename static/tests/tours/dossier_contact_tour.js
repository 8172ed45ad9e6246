import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

// A staff member finds a customer in Contacts and opens its dossier.
registry.category("web_tour.tours").add("partner_dossier_contact_tour", {
    url: "/odoo",
    steps: () => [
        ...stepUtils.goToAppSteps("contacts.menu_contacts", "Open Contacts"),
        {
            content: "Search the customer",
            trigger: ".o_searchview_input",
            run: "edit Lotus Tour Trading",
        },
        {
            content: "Validate the search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the customer",
            trigger: ".o_kanban_record:contains(Lotus Tour Trading), .o_data_row:contains(Lotus Tour Trading) td.o_data_cell",
            run: "click",
        },
        {
            content: "The Dossier smart button shows the dossier's state",
            trigger: "button[name=action_open_dossier] .o_stat_value:contains(Temporary)",
            run: "click",
        },
        {
            content: "The dossier opens on its customer",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains(Lotus Tour Trading)",
        },
        {
            content: "Its inventory is listed",
            trigger: ".o_field_widget[name=document_ids] .o_data_row:contains(Tour contract)",
        },
    ],
});
