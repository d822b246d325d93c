import {stepUtils} from "@web_tour/tour_utils";

// Steps the addon's tours share. Selectors avoid translated texts.

// The Partnership Tables app, from the apps menu
export function openApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Partnership Tables app",
            trigger: '.o_app[data-menu-xmlid="kumppanuuspoyta.kp_menu_root"]',
            run: "click",
        },
    ];
}

// An entry of a section of the app's menu bar: open the section, then the entry
export function openMenu(section, xmlid, content) {
    return [
        {
            content: `${content}: open the section`,
            trigger: `.o_main_navbar [data-menu-xmlid="kumppanuuspoyta.${section}"]`,
            run: "click",
        },
        {
            content,
            trigger: `.dropdown-menu [data-menu-xmlid="kumppanuuspoyta.${xmlid}"]`,
            run: "click",
        },
    ];
}

// The meeting whose name contains `name`, from the menu: the meetings open
// in the calendar, shown as a list, the meeting's row opened
export function openMeeting(name, content = "Go to the meetings") {
    return [
        ...openMenu("kp_menu_top_meetings", "kp_menu_meetings", content),
        {
            content: "The meetings open in the calendar",
            trigger: ".o_action_manager .o_calendar_view",
        },
        {
            content: "Show the meetings as a list",
            trigger: ".o_control_panel .o_switch_view.o_list",
            run: "click",
        },
        {
            content: `Open the meeting ${name}`,
            trigger: `.o_list_view .o_data_row .o_data_cell[name="name"]:contains("${name}")`,
            run: "click",
        },
    ];
}

// The form's status bar shows the state `value`
export function stateIs(value) {
    return `.o_form_view .o_field_widget[name="state"] .o_arrow_button_current[data-value="${value}"]`;
}

// A many2one of `scope` (a form, a list's row) picked by typing `search`
// and choosing `text` among the suggestions
export function pickMany2one(scope, field, search, text = search) {
    return [
        {
            content: `Search ${search}`,
            trigger: `${scope} .o_field_widget[name="${field}"] input`,
            run: `edit ${search}`,
        },
        {
            content: `Pick ${text}`,
            trigger: `.o-autocomplete--dropdown-menu .o-autocomplete--dropdown-item .dropdown-item:contains("${text}")`,
            run: "click",
        },
        {
            content: `${text} is chosen`,
            trigger: `${scope} .o_field_widget[name="${field}"] input:value("${text}")`,
        },
    ];
}
