import {
    openApp,
    openMeeting,
    pickMany2one,
    stateIs,
} from "@kumppanuuspoyta/../tests/tours/kp_tour_steps.esm";
import {formatDate} from "@web/core/l10n/dates";
import {registry} from "@web/core/registry";

// The secretary records what was agreed at a held meeting and who does what,
// closes the meeting, approves the minutes and distributes them. The data
// (table, participants, the held meeting with its agenda and attendance,
// user) is prepared by kumppanuuspoyta/tests/test_minutes_tour.py.
// Selectors avoid translated texts: buttons by name, menus by XML id, fields
// by name, states by their value; only names of the test data are matched.

const MEETING = "Minuuttikylän kevätkokous";
// The table's time zone (kumppanuuspoyta/tests/test_minutes_tour.py sets
// it): a deadline "in 14 days" counts from the table's today, as the
// product does, not from the browser's or the server's.
const TABLE_TZ = "Europe/Helsinki";
// The minutes' PDF is named after the table (and the meeting's date)
const TABLE = "Minuuttikylän kumppanuuspöytä";
const AGENDA_ITEM = "Kylätalon syystalkoot";
const AGREED = "Kylätalon syystalkoot pidetään yhdessä lokakuussa.";
const COMMITMENTS = [
    {
        what: "Talkoopäivän ilmoitus kunnan sivuille",
        organisation: "Minuuttikylän kunta",
        person: "Outi Osastopäällikkö",
        days: 14,
    },
    {
        what: "Talkooväen kahvitus",
        organisation: "Minuuttikylän kyläyhdistys ry",
        person: "Kalle Kyläläinen",
        days: 30,
    },
];
const AGREEMENTS = '.o_form_view div[name="agreement_ids"]';
const COMMITMENT_LIST = '.modal .o_form_view div[name="commitment_ids"]';
const COMMITMENT_ROW = `${COMMITMENT_LIST} .o_data_row.o_selected_row`;

function addCommitment({what, organisation, person, days}) {
    const deadline = formatDate(luxon.DateTime.now().setZone(TABLE_TZ).plus({days}));
    return [
        {
            content: "Add a commitment",
            trigger: `${COMMITMENT_LIST} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: `What: ${what}`,
            trigger: `${COMMITMENT_ROW} .o_field_widget[name="name"] input`,
            run: `edit ${what}`,
        },
        ...pickMany2one(COMMITMENT_ROW, "organisation_id", organisation),
        ...pickMany2one(COMMITMENT_ROW, "responsible_partner_id", person),
        {
            content: `By ${deadline}`,
            trigger: `${COMMITMENT_ROW} .o_field_widget[name="deadline"] input`,
            run: `edit ${deadline}`,
        },
        {
            content: "Leave the line",
            trigger: ".modal .modal-header .modal-title",
            run: "click",
        },
        {
            content: "The commitment is in the list",
            trigger: `${COMMITMENT_LIST} .o_data_row .o_data_cell[name="name"]:contains("${what}")`,
        },
    ];
}

registry.category("web_tour.tours").add("kp_minutes_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        {
            content: "The tables are shown",
            trigger: ".o_action_manager .o_kanban_view",
        },
        ...openMeeting(MEETING),
        {
            content: "The meeting was held",
            trigger: stateIs("held"),
        },
        // --- what was agreed -----------------------------------------------
        {
            content: "Open the agreements tab",
            trigger: '.o_form_view .o_notebook_headers a[name="agreements"]',
            run: "click",
        },
        {
            content: "Record an agreement",
            trigger: `${AGREEMENTS} .o_field_x2many_list_row_add a`,
            run: "click",
        },
        {
            content: "The agreement opens in a dialog",
            trigger: '.modal .o_form_view .o_field_widget[name="commitment_ids"]',
        },
        ...pickMany2one(".modal .o_form_view", "agenda_item_id", AGENDA_ITEM),
        {
            content: "What was agreed",
            trigger: '.modal .o_form_view .o_field_widget[name="name"] textarea',
            run: `edit ${AGREED}`,
        },
        ...addCommitment(COMMITMENTS[0]),
        ...addCommitment(COMMITMENTS[1]),
        {
            content: "Two commitments",
            trigger: `${COMMITMENT_LIST} .o_data_row:count(2)`,
        },
        {
            content: "Save the agreement",
            trigger: ".modal .modal-footer .o_form_button_save",
            run: "click",
        },
        {
            content: "The dialog is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The agreement is on the meeting",
            trigger: `${AGREEMENTS} .o_data_row .o_data_cell[name="agenda_item_id"]:contains("${AGENDA_ITEM}")`,
        },
        // --- the minutes ---------------------------------------------------
        {
            content: "Close the meeting and draft the minutes",
            trigger:
                '.o_form_view .o_form_statusbar button[name="action_draft_minutes"]',
            run: "click",
        },
        {
            content: "The minutes are drafted",
            trigger: stateIs("minutes_draft"),
        },
        {
            content: "Open the division of labour",
            trigger: '.o_form_view .o_notebook_headers a[name="commitments"]',
            run: "click",
        },
        {
            content: "The division of labour lists both commitments",
            trigger: '.o_form_view div[name="commitment_ids"] .o_data_row:count(2)',
        },
        {
            content: "Approve the minutes",
            trigger:
                '.o_form_view .o_form_statusbar button[name="action_approve_minutes"]',
            run: "click",
        },
        {
            content: "Approved minutes no longer change: confirm the approval",
            trigger: ".modal .modal-footer button.btn-primary",
            run: "click",
        },
        {
            content: "The minutes are approved",
            trigger: stateIs("minutes_approved"),
        },
        {
            content: "Distribute the minutes",
            trigger:
                '.o_form_view .o_form_statusbar button[name="action_distribute_minutes"]',
            run: "click",
        },
        {
            content: "The composer has the minutes' subject",
            trigger: `.modal .o_form_view .o_field_widget[name="subject"] input:value(/${MEETING}/)`,
        },
        {
            content: "The minutes' report is attached, named after the table",
            trigger: `.modal .o_form_view .o_field_widget[name="attachment_ids"]:contains("${TABLE}")`,
        },
        {
            content: "Send the minutes",
            trigger:
                '.modal .modal-footer button.o_mail_send[name="action_send_mail"]:enabled',
            run: "click",
        },
        {
            content: "The composer is closed",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "The minutes are distributed",
            trigger: stateIs("minutes_distributed"),
        },
    ],
});
