import {openApp} from "@kumppanuuspoyta/../tests/tours/kp_tour_steps.esm";
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A coordinator founds a partnership table, seats a person of two
// organisations of different sectors and sees the "Who Should Be Invited"
// map change. The data (organisations, people, user) is prepared by
// kumppanuuspoyta/tests/test_tour.py. Selectors avoid translated texts.

const PARTICIPANTS = 'div[name="participant_ids"]';

// The line is the table's row-th participant: typing waits for its own row,
// not the previous line still being saved
function addParticipant(search, fullName, organisation, row) {
    return [
        {
            content: `Add a participant line for ${fullName}`,
            trigger: `${PARTICIPANTS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            // The new line, once the table's onchange has answered (not
            // the line before it, still selected meanwhile)
            content: `Search ${search} in the Person field`,
            trigger: `${PARTICIPANTS} .o_data_row:nth-child(${row}).o_selected_row .o_list_many2one[name="partner_id"] input`,
            run: `edit ${search}`,
        },
        {
            content: `Pick ${fullName}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item .dropdown-item:contains("${fullName}")`,
            run: "click",
        },
        {
            content: `${fullName} is set`,
            trigger: `${PARTICIPANTS} .o_selected_row [name="partner_id"] input:value("${fullName}")`,
        },
        {
            content: `The organisation ${organisation} follows from the person`,
            trigger: `${PARTICIPANTS} .o_selected_row [name="organisation_id"] input:value("${organisation}")`,
        },
    ];
}

registry.category("web_tour.tours").add("kp_table_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        {
            content: "The tables kanban is shown",
            trigger: ".o_kanban_view",
        },
        {
            content: "Create a new table",
            trigger: ".o_control_panel .o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name the table",
            trigger: '.o_form_view .oe_title .o_field_widget[name="name"] input',
            run: "edit Tour Partnership Table",
        },
        {
            content: "Make it a regional table",
            trigger:
                '.o_form_view .o_field_widget[name="kind"] input[data-value="regional"]',
            run: "click",
        },
        {
            content: "The kind is regional",
            trigger:
                '.o_form_view .o_field_widget[name="kind"] input[data-value="regional"]:checked',
        },
        ...stepUtils.saveForm(),
        {
            content: "The founder now sits at the table as its convener",
            trigger: `${PARTICIPANTS} .o_data_row:count(1)`,
        },
        {
            content: "Open the Who Should Be Invited tab",
            trigger: '.o_notebook_headers a[name="sector_map"]',
            run: "click",
        },
        {
            content: "No sector is represented yet",
            trigger:
                '.o_field_widget[name="sector_map"] .o_kp_sector_map:has(.o_kp_seat_missing):not(:has(.o_kp_seat_represented))',
        },
        {
            content: "Back to the Participants tab",
            trigger: '.o_notebook_headers a[name="participants"]',
            run: "click",
        },
        ...addParticipant("Virpi", "Virpi Viranhaltija", "Testikaupunki", 2),
        ...addParticipant("Ville", "Ville Vapaaehtoinen", "Testikylien yhdistys ry", 3),
        ...stepUtils.saveForm(),
        {
            content: "Three people sit at the table",
            trigger: `${PARTICIPANTS} .o_data_row:count(3)`,
        },
        {
            content: "Open the Who Should Be Invited tab again",
            trigger: '.o_notebook_headers a[name="sector_map"]',
            run: "click",
        },
        {
            content: "The map shows the two sectors as represented",
            trigger:
                '.o_field_widget[name="sector_map"] .o_kp_sector_map .o_kp_seat_represented[data-sector-id]:count(2)',
        },
        {
            content: "The represented sectors are listed",
            trigger: '.o_field_widget[name="represented_sector_ids"] .o_tag:count(2)',
        },
    ],
});
