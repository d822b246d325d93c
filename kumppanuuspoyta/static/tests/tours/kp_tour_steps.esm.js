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
