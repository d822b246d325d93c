import {formatDate} from "@web/core/l10n/dates";
import {openApp} from "@kumppanuuspoyta/../tests/tours/kp_tour_steps.esm";
import {registry} from "@web/core/registry";

// A coordinator plans the spring season of a joint activity and sees the
// rotation of the responsible organisations. The activity, its roster and
// the table are prepared by kumppanuuspoyta/tests/test_joint_activity_tour.py.
// Selectors avoid translated texts.

const ACTIVITY = "Kahvia ja kohtaamisia";
const ROTATION = [
    "Keurusseudun sydänyhdistys",
    "Muistiyhdistys, Keuruun alaosasto",
    "Keuruun kirjastotoimi",
];

function field(name) {
    return `.modal .o_field_widget[name="${name}"]`;
}

function setDate(name, iso) {
    const text = formatDate(luxon.DateTime.fromISO(iso));
    return [
        {
            content: `Open the ${name} field`,
            trigger: `${field(name)} button, ${field(name)} input`,
            run: "click",
        },
        {
            content: `${name}: ${text}`,
            trigger: `${field(name)} input`,
            run: `edit ${text}`,
        },
        {
            content: "Leave the field",
            trigger: ".modal .modal-header .modal-title",
            run: "click",
        },
    ];
}

registry.category("web_tour.tours").add("kp_joint_activity_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        {
            content: "Open the joint activities' section",
            trigger:
                '.o_main_navbar [data-menu-xmlid="kumppanuuspoyta.kp_menu_top_joint"]',
            run: "click",
        },
        {
            content: "Go to the joint activities",
            trigger:
                '.dropdown-menu [data-menu-xmlid="kumppanuuspoyta.kp_menu_joint_activities"]',
            run: "click",
        },
        {
            content: `Open ${ACTIVITY}`,
            trigger: `.o_list_view .o_data_row .o_data_cell[name="name"]:contains("${ACTIVITY}")`,
            run: "click",
        },
        {
            content: "Plan a season",
            trigger: '.o_form_view .o_form_statusbar button[name="action_plan_season"]',
            run: "click",
        },
        ...setDate("date_from", "2030-01-01"),
        ...setDate("date_to", "2030-03-31"),
        // Monthly, on the first Tuesday: the defaults
        {
            content: "Three dates in the season",
            trigger: `${field("occurrence_count")}:contains("3")`,
        },
        {
            content: "The preview shows three turns in the roster's order",
            trigger: `${field("preview")}:contains("${ROTATION[2]}")`,
        },
        {
            content: "Create the occurrences",
            trigger: '.modal footer button[name="action_generate"]',
            run: "click",
        },
        ...ROTATION.map((organisation, index) => ({
            content: `Turn ${index + 1}: ${organisation}`,
            trigger: `.o_list_view .o_data_row:nth-child(${index + 1}) .o_data_cell[name="organisation_id"]:contains("${organisation}")`,
        })),
    ],
});
