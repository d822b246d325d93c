import {
    openApp,
    openMeeting,
    openMenu,
    stateIs,
} from "@kumppanuuspoyta/../tests/tours/kp_tour_steps.esm";
import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A coordinator plans the next meeting of a table, puts a participant's
// proposal on its agenda and sends the agenda. The data (table, participants,
// proposal, user) is prepared by kumppanuuspoyta/tests/test_meeting_tour.py.
// Selectors avoid translated texts: buttons by name, menus by XML id, fields
// by name, states by their value; only names of the test data are matched.

const TABLE = "Testikylän kumppanuuspöytä";
const CHAIR = "Kaisa Koollekutsuja";
const PROPOSAL = "Kylätien talvikunnossapito";
const STANDING_ITEM = "Kokouksen avaus";
const LOCATION = "Haapakosken kylätalo";
const AGENDA = 'div[name="agenda_item_ids"]';

registry.category("web_tour.tours").add("kp_meeting_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        {
            content: "Open the table",
            trigger: `.o_kanban_view .o_kanban_record:contains("${TABLE}")`,
            run: "click",
        },
        {
            content: "The table's form is open",
            trigger: `.o_form_view .oe_title [name="name"] input:value("${TABLE}")`,
        },
        {
            content: "Plan the next meeting",
            trigger:
                '.o_form_view .o_form_statusbar button[name="action_plan_next_meeting"]',
            run: "click",
        },
        // --- the new meeting, proposed by the table's cadence ---------------
        {
            content: "The meeting belongs to the table",
            trigger: `.o_form_view .o_field_widget[name="table_id"] input:value("${TABLE}")`,
        },
        {
            content: "The meeting is named after the table",
            trigger: `.o_form_view .oe_title .o_field_widget[name="name"] input:value("${TABLE}")`,
        },
        {
            content: "A start date is proposed",
            trigger:
                '.o_form_view .o_field_widget[name="start"] button[data-field="start"]:contains(/\\d/)',
        },
        {
            content: "The default length of the table is proposed",
            trigger:
                '.o_form_view .o_field_widget[name="duration"] input:value("01:30")',
        },
        {
            content: "The table's chair is proposed as the chair",
            trigger: `.o_form_view .o_field_widget[name="chair_id"] input:value("${CHAIR}")`,
        },
        {
            content: "Set the place",
            trigger: '.o_form_view .o_field_widget[name="location"] input',
            run: `edit ${LOCATION}`,
        },
        ...stepUtils.saveForm(),
        {
            content: "The meeting is planned",
            trigger: stateIs("planned"),
        },
        {
            content: "The standing item is already on the agenda",
            trigger: `${AGENDA} .o_data_row .o_data_cell[name="name"]:contains("${STANDING_ITEM}")`,
        },
        // --- the proposal goes on the agenda -------------------------------
        ...openMenu(
            "kp_menu_top_meetings",
            "kp_menu_proposals",
            "Go to the agenda proposals"
        ),
        {
            content: "Open the proposal",
            trigger: `.o_list_view .o_data_row .o_data_cell[name="name"]:contains("${PROPOSAL}")`,
            run: "click",
        },
        {
            content: "The proposal is a proposal",
            trigger: stateIs("proposed"),
        },
        {
            content: "Accepting needs a meeting first",
            trigger:
                '.o_form_view .o_form_statusbar:not(:has(button[name="action_accept"]))',
        },
        {
            content: "Search the meeting",
            trigger: '.o_form_view .o_field_widget[name="meeting_id"] input',
            run: `edit ${TABLE}`,
        },
        {
            content: "Pick the planned meeting",
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item .dropdown-item:contains("${TABLE}")`,
            run: "click",
        },
        {
            content: "The meeting is chosen",
            trigger: `.o_form_view .o_field_widget[name="meeting_id"] input:value("${TABLE}")`,
        },
        {
            content: "Accept the proposal into the agenda",
            trigger: '.o_form_view .o_form_statusbar button[name="action_accept"]',
            run: "click",
        },
        {
            content: "The proposal is on the agenda",
            trigger: stateIs("accepted"),
        },
        {
            content: "Nothing is left to accept",
            trigger:
                '.o_form_view .o_form_statusbar:not(:has(button[name="action_accept"]))',
        },
        // --- back to the meeting: send the agenda --------------------------
        ...openMeeting(TABLE),
        {
            content: "Open the agenda tab",
            trigger: '.o_form_view .o_notebook_headers a[name="agenda"]',
            run: "click",
        },
        {
            content: "The accepted proposal is on the agenda",
            trigger: `${AGENDA} .o_data_row .o_data_cell[name="name"]:contains("${PROPOSAL}")`,
        },
        {
            content: "The agenda has the standing item and the proposal",
            trigger: `${AGENDA} .o_data_row:count(2)`,
        },
        {
            content: "Send the agenda",
            trigger: '.o_form_view .o_form_statusbar button[name="action_send_agenda"]',
            run: "click",
        },
        {
            content: "The preview names the recipients",
            trigger: `.modal .o_field_widget[name="recipient_ids"] .o_tag:contains("${CHAIR}")`,
        },
        {
            content: "The preview shows the agenda to be sent",
            trigger: `.modal .o_field_widget[name="agenda_html"]:contains("${PROPOSAL}")`,
        },
        {
            content: "Confirm sending",
            trigger: '.modal .modal-footer button[name="action_send"]',
            run: "click",
        },
        {
            content: "The agenda is sent",
            trigger: stateIs("agenda_sent"),
        },
        {
            content: "The sending date is shown",
            trigger: '.o_form_view .o_field_widget[name="agenda_sent_date"]',
        },
    ],
});
