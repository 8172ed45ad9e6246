import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * The demo records README's "Using it" names, one role at a time: each is opened
 * from its menu, as a reader of README would, and its button is there. Nothing is
 * clicked that changes a record. The menus keep the web client loaded: no page is
 * reloaded between two records.
 */
const app = () => stepUtils.goToAppSteps("partner_dossier.menu_dossier_root", "Open Dossiers");

function openMenu(section, item, what) {
    return [
        {
            content: `${what}: open the menu`,
            trigger: `.o_main_navbar button[data-menu-xmlid="partner_dossier.${section}"]`,
            run: "click",
        },
        {
            content: `${what}: its list`,
            trigger: `.o-dropdown--menu [data-menu-xmlid="partner_dossier.${item}"]`,
            run: "click",
        },
    ];
}

// ``column``: a column only the wanted list has, so that the row is not clicked
// in the list on screen before it (the dossiers' list names the same customers).
function openRow(section, item, row, what, column = null) {
    const list = column ? `:has(th[data-name=${column}])` : "";
    return [
        ...openMenu(section, item, what),
        {
            content: `${what}: open ${row}`,
            trigger: `.o_view_controller.o_list_view${list} .o_data_row:contains(${row}) td.o_data_cell`,
            run: "click",
            timeout: 30000,
        },
    ];
}

const LOANS = ["menu_dossier_loans", "dossier_loan_menu"];
const DOSSIERS = ["menu_dossier_main", "dossier_dossier_menu"];
const STOCKTAKINGS = ["menu_dossier_main", "dossier_stocktaking_menu"];
const CLEAROUTS = ["menu_dossier_main", "dossier_clearout_menu"];
const INCIDENTS = ["menu_dossier_main", "dossier_incident_menu"];

// A record's form may wait for the test cursor while the first page of the
// class builds its assets: more than a step's usual 10 s on a loaded machine.
function hasButton(name, what) {
    return {
        content: `${what}: the ${name} button`,
        trigger: `.o_form_view button[name=${name}]:enabled`,
        timeout: 30000,
    };
}

const DUE = {
    content: "The due time is the archive's, its zone named",
    trigger: ".o_field_widget[name=date_due_label]:contains(Asia/Shanghai)",
};

// Marc Demo (staff): his request waits for a decision, his loan is out.
registry.category("web_tour.tours").add("partner_dossier_demo_staff_tour", {
    steps: () => [
        ...app(),
        ...openRow(...LOANS, "Qingdao Ocean Foods", "Request"),
        hasButton("action_cancel", "His request"),
        DUE,
        ...openRow(...LOANS, "Summit Office Systems", "Loan out"),
        {
            content: "His loan is checked out",
            trigger: ".o_statusbar_status button.o_arrow_button_current:contains(Checked Out)",
        },
        DUE,
    ],
});

// Chen Jing (archivist): a request to decide, a loan to lend and one to take back,
// at the counter too, a key customer to review, a stock-taking to finish.
registry.category("web_tour.tours").add("partner_dossier_demo_archivist_tour", {
    steps: () => [
        ...app(),
        ...openRow(...LOANS, "Qingdao Ocean Foods", "Request"),
        hasButton("action_approve", "To approve"),
        ...openRow(...LOANS, "Kunming Flower Exports", "Approved"),
        hasButton("action_checkout", "Ready to lend"),
        DUE,
        ...openRow(...LOANS, "Summit Office Systems", "Out"),
        hasButton("action_return", "Ready to return"),
        ...openMenu("menu_dossier_loans", "dossier_counter_menu", "Lending Counter"),
        { content: "Type the approved loan's label", trigger: ".o_dossier_counter_input", run: "edit DEMO-0014" },
        { trigger: ".o_dossier_counter_input", run: "press Enter" },
        {
            content: "The counter offers the check-out, due at the archive's closing",
            trigger: ".o_dossier_counter_checkout:contains(Asia/Shanghai) .o_dossier_counter_checkout_button",
        },
        { content: "Type the lent dossier's label", trigger: ".o_dossier_counter_input", run: "edit DEMO-0009" },
        { trigger: ".o_dossier_counter_input", run: "press Enter" },
        {
            content: "The counter offers its return check",
            trigger: ".o_dossier_counter_return .o_dossier_counter_confirm_return",
        },
        ...openRow(...DOSSIERS, "Atlas Engineering Group", "Key customer"),
        hasButton("action_mark_reviewed", "Review late"),
        {
            content: "The review date is past",
            trigger: ".o_field_widget[name=review_due_date].text-danger, .o_field_widget[name=review_due_date] .text-danger",
        },
        ...openRow(...STOCKTAKINGS, "Cabinet C", "Stock-taking"),
        hasButton("action_close", "Counting"),
        ...["found_count", "misplaced_count", "unexpected_count"].map((name) => ({
            content: `Scanned already: ${name} is 1`,
            trigger: `.o_field_widget[name=${name}]:contains(1)`,
        })),
        {
            content: "Folders are still to find: closing records them as missing",
            trigger: ".o_field_widget[name=pending_count]:not(:contains(0))",
        },
    ],
});

// Mitchell Admin (manager): the clear-out to confirm, photocopies to approve; the
// incident he is responsible for is for another manager to decide.
registry.category("web_tour.tours").add("partner_dossier_demo_manager_tour", {
    steps: () => [
        ...app(),
        ...openRow(...CLEAROUTS, "Proposed", "Clear-out"),
        hasButton("action_confirm", "This year's proposal"),
        {
            content: "It proposes the customer without activity",
            trigger: ".o_field_widget[name=line_ids] .o_data_row:contains(Lanzhou Wool Traders)",
        },
        ...openRow(...LOANS, "Golden Gate Printing", "Photocopies"),
        hasButton("action_approve", "To approve"),
        ...openRow(...INCIDENTS, "Xiamen Tea Merchants", "Incident", "incident_type"),
        {
            content: "He is the person responsible: no Decide Amount for him to use",
            trigger: ".o_form_view .o_field_widget[name=responsible_id]",
        },
    ],
});

// Zhang Min (second manager): decides the incident the administrator is
// responsible for.
registry.category("web_tour.tours").add("partner_dossier_demo_second_manager_tour", {
    steps: () => [
        ...app(),
        ...openRow(...INCIDENTS, "Xiamen Tea Merchants", "Incident", "incident_type"),
        hasButton("action_decide", "To decide"),
        {
            content: "The person responsible is named",
            trigger: ".o_form_view .o_field_widget[name=responsible_id]",
        },
    ],
});
