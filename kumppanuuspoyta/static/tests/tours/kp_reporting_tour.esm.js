import {openApp} from "@kumppanuuspoyta/../tests/tours/kp_tour_steps.esm";
import {registry} from "@web/core/registry";

// A manager opens each analysis of the Reporting menu. The data is prepared
// by kumppanuuspoyta/tests/test_reporting_tour.py. Selectors avoid
// translated texts.

function openReport(xmlid, view) {
    return [
        {
            content: "Open the Reporting menu",
            trigger:
                '.o_main_navbar [data-menu-xmlid="kumppanuuspoyta.kp_menu_reporting"]',
            run: "click",
        },
        {
            content: `Open ${xmlid}`,
            trigger: `.dropdown-menu [data-menu-xmlid="kumppanuuspoyta.${xmlid}"]`,
            run: "click",
        },
        {
            content: `The ${view} view is shown`,
            trigger: `.o_${view}_view`,
        },
    ];
}

registry.category("web_tour.tours").add("kp_reporting_tour", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...openReport("kp_menu_report_commitments", "pivot"),
        {
            content: "The pivot counts the tour's organisation",
            trigger:
                '.o_pivot_view .o_pivot_header_cell_closed:contains("Kiertueyhdistys ry")',
        },
        {
            content: "Switch to the graph",
            trigger: ".o_switch_view.o_graph",
            run: "click",
        },
        {
            content: "The graph is drawn",
            trigger: ".o_graph_view canvas",
        },
        ...openReport("kp_menu_report_attendance", "pivot"),
        ...openReport("kp_menu_report_sector_coverage", "pivot"),
        {
            content: "The tour's table is a row of the coverage",
            trigger:
                '.o_pivot_view .o_pivot_header_cell_closed:contains("Kiertuepöytä")',
        },
        ...openReport("kp_menu_report_intake", "list"),
        {
            content: "The village's matter is listed",
            trigger: '.o_list_view .o_data_row:contains("Kiertuekylä")',
        },
    ],
});
