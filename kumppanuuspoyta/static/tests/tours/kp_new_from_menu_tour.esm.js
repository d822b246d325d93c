import {
    openApp,
    openMeeting,
    openMenu,
    pickMany2one,
} from "@kumppanuuspoyta/../tests/tours/kp_tour_steps.esm";
import {registry} from "@web/core/registry";

// On a 1366 x 768 laptop, in Finnish: a participant proposes an agenda item
// from the menu, a coordinator records a contribution from the menu and
// opens the minutes of a held meeting to write its discussion, a manager
// sees the whole menu bar. The data is prepared by
// kumppanuuspoyta/tests/test_new_from_menu_tour.py.

const TABLE = "Kirjastopöytä";
const ORGANISATION = "Kirjaston ystävät ry";
const PROPOSAL = "Kirjaston aukioloajat";
const MEETING = "Kirjastopöydän tapaaminen";
const FORM = ".o_form_view";

// Every section of the bar is in it, none behind the "+" of a bar too full
function wholeMenuBar(lastSection) {
    return [
        {
            content: "The last section is in the bar",
            trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid="kumppanuuspoyta.${lastSection}"]`,
        },
        {
            content: "No section hides behind the bar's +",
            trigger: `.o_main_navbar .o_menu_sections [data-menu-xmlid="kumppanuuspoyta.${lastSection}"]`,
            run: async () => {
                // The bar adapts to its width a moment after it is drawn
                await new Promise((resolve) => setTimeout(resolve, 600));
                if (document.querySelector(".o_main_navbar .o_menu_sections_more")) {
                    throw new Error("Sections of the menu bar hide behind its +");
                }
            },
        },
    ];
}

function save(title) {
    return [
        {
            content: "Save",
            trigger: `${FORM} .o_form_button_save`,
            run: "click",
        },
        {
            content: "Saved",
            trigger: `.o_breadcrumb .active:contains("${title}")`,
        },
    ];
}

registry.category("web_tour.tours").add("kp_proposal_from_menu_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...wholeMenuBar("kp_menu_top_joint"),
        ...openMenu("kp_menu_top_meetings", "kp_menu_proposals", "Open the proposals"),
        {
            content: "New proposal",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        {
            content: "Title",
            trigger: `${FORM} .o_field_widget[name="name"] input`,
            run: `edit ${PROPOSAL}`,
        },
        ...pickMany2one(FORM, "table_id", "Kirjasto", TABLE),
        {
            content: "The participant proposes from their own seat",
            trigger: `${FORM} .o_field_widget[name="proposer_id"] input:value("Paula Participant")`,
        },
        ...save(PROPOSAL),
    ],
});

registry.category("web_tour.tours").add("kp_contribution_from_menu_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...wholeMenuBar("kp_menu_reporting"),
        ...openMenu(
            "kp_menu_top_joint",
            "kp_menu_contributions",
            "Open the contributions"
        ),
        {
            content: "New contribution",
            trigger: ".o_list_view .o_list_button_add",
            run: "click",
        },
        ...pickMany2one(FORM, "table_id", "Kirjasto", TABLE),
        ...pickMany2one(FORM, "organisation_id", "Kirjaston", ORGANISATION),
        ...pickMany2one(FORM, "kind_id", "Vapaaehto", "Vapaaehtoistunnit"),
        {
            content: "Four hours",
            trigger: `${FORM} .o_field_widget[name="quantity"] input`,
            run: "edit 4",
        },
        {
            content: "The unit is the kind's, in Finnish",
            trigger: `${FORM} .o_field_widget[name="unit"]:contains("h")`,
        },
        ...save(ORGANISATION),
        {
            content: "Back to the contributions",
            trigger: ".o_breadcrumb .o_back_button",
            run: "click",
        },
        {
            content: "The list reads the hours with their unit",
            trigger: `.o_list_view .o_data_row:contains("${ORGANISATION}") .o_data_cell[name="amount_text"]:contains("4 h")`,
        },
        // --- the secretary writes the discussion of a held meeting ---------
        ...openMeeting(MEETING, "Open the meetings"),
        {
            content: "The discussion has room to be written",
            trigger: `${FORM} div[name="agenda_item_ids"] th[data-name="discussion"]`,
            run: () => {
                const table = document.querySelector(
                    `${FORM} div[name="agenda_item_ids"] table`
                );
                const header = (name) => table.querySelector(`th[data-name="${name}"]`);
                const width = header("discussion").getBoundingClientRect().width;
                if (width < 300) {
                    throw new Error(`The discussion column is ${width} px wide`);
                }
                const label = header("duration").querySelector(".text-truncate");
                if (label.scrollWidth > label.clientWidth + 1) {
                    throw new Error(`"${label.textContent}" is cut off`);
                }
                // The agenda's time once: its column's total, no second line
                const totals = [...table.querySelectorAll("tfoot td")].filter((td) =>
                    td.textContent.trim()
                );
                if (totals.length !== 1 || totals[0].textContent.trim() !== "25") {
                    throw new Error("The agenda's time is not its column's one total");
                }
                const page = table.closest(".tab-pane");
                if (page.textContent.replace(table.textContent, "").includes("min")) {
                    throw new Error("The agenda's time is shown twice");
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("kp_menu_bar_tour", {
    url: "/odoo",
    steps: () => [...openApp(), ...wholeMenuBar("kp_menu_configuration")],
});
