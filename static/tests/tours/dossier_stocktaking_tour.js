import { registry } from "@web/core/registry";

// An archivist takes stock of a cabinet: one folder scanned in its place, one found
// that belongs to another cabinet; closing records the folder not found as missing.
registry.category("web_tour.tours").add("partner_dossier_stocktaking_tour", {
    url: "/odoo/action-partner_dossier.dossier_stocktaking_action",
    steps: () => [
        { content: "New stock-taking", trigger: ".o_list_button_add", run: "click" },
        {
            content: "Of the tour cabinet",
            trigger: ".o_field_widget[name=location_id] input",
            run: "edit Tour Stock Cabinet",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains(Tour Stock Cabinet)",
            run: "click",
        },
        { content: "Start", trigger: "button[name=action_start]", run: "click" },
        {
            content: "Two dossiers are listed",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Tour Listed Co.)",
        },
        {
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Tour Lost Co.)",
        },
        {
            content: "Scan the first folder: the scanner types its label",
            trigger: ".o_field_widget[name=scan_code] input",
            run: "edit TOUR-LISTED",
        },
        {
            content: "and Enter, which records it",
            trigger: ".o_field_widget[name=scan_code] input",
            run: "press Enter",
        },
        {
            content: "It is found",
            trigger: ".o_field_widget[name=last_scan_message]:contains(found)",
        },
        {
            content: "Scan a folder of another cabinet (typed, recorded by the button)",
            trigger: ".o_field_widget[name=scan_code] input",
            run: "edit TOUR-ELSEWHERE",
        },
        { content: "Record it", trigger: "button[name=action_record_scan]", run: "click" },
        {
            content: "It is misplaced",
            trigger: ".o_field_widget[name=last_scan_message]:contains(misplaced)",
        },
        {
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row:contains(Tour Elsewhere Co.):contains(Misplaced)",
        },
        { content: "Close", trigger: "button[name=action_close]", run: "click" },
        { content: "Confirm", trigger: ".modal-footer .btn-primary", run: "click" },
        {
            content: "Finished",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Finished)",
        },
        {
            content: "The folder not found is missing",
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row:contains(Tour Lost Co.):contains(Missing)",
        },
    ],
});
