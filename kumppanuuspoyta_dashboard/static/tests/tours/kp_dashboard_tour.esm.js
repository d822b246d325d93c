import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_utils";

// A manager working in Finnish opens the Dashboards app and reads the
// partnership tables' dashboard. The data is what
// kumppanuuspoyta_dashboard/tests/test_dashboard_tour.py prepares in a
// municipality of its own: three commitments, one of them done. The grid
// is drawn on a canvas: its cells are read from the spreadsheet's model, as
// the dashboard evaluated them.

const TIMEOUT = 8000;

function cell(model, xc) {
    const sheetId = model.getters.getActiveSheetId();
    const col = xc.charCodeAt(0) - 65;
    const row = Number(xc.slice(1)) - 1;
    return model.getters.getEvaluatedCell({sheetId, col, row});
}

async function waitForCells(expected, property = "value") {
    const loader = odoo.__WOWL_DEBUG__.root.env.services.spreadsheet_dashboard_loader;
    const start = Date.now();
    let seen = {};
    while (Date.now() - start < TIMEOUT) {
        const dashboard = loader.getActiveDashboard();
        if (dashboard && dashboard.model) {
            seen = {};
            let ok = true;
            for (const [xc, value] of Object.entries(expected)) {
                seen[xc] = cell(dashboard.model, xc)[property];
                if (seen[xc] !== value) {
                    ok = false;
                }
            }
            if (ok) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(
        `The dashboard shows ${JSON.stringify(seen)}, not ${JSON.stringify(expected)}`
    );
}

// A day as Finnish and Finland-Swedish write it: 30.11.2026, not the
// 30/11/2026 Odoo's spreadsheet makes of Finnish's "%d.%m.%Y"
const FINNISH_DAY = /^[1-9][0-9]?\.[1-9][0-9]?\.[0-9]{4}$/;

async function waitForDay(xc) {
    const loader = odoo.__WOWL_DEBUG__.root.env.services.spreadsheet_dashboard_loader;
    const start = Date.now();
    let seen = "";
    while (Date.now() - start < TIMEOUT) {
        const dashboard = loader.getActiveDashboard();
        if (dashboard && dashboard.model) {
            seen = cell(dashboard.model, xc).formattedValue;
            if (FINNISH_DAY.test(seen)) {
                return;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error(`The dashboard writes the day in ${xc} as ${seen}`);
}

registry.category("web_tour.tours").add("kp_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Dashboards app",
            trigger:
                '.o_app[data-menu-xmlid="spreadsheet_dashboard.spreadsheet_dashboard_menu_root"]',
            run: "click",
        },
        {
            content: "The partnership tables' group is listed in Finnish",
            trigger:
                '.o_spreadsheet_dashboard_search_panel header:contains("Kumppanuuspöydät")',
        },
        {
            content: "Open the partnership tables' dashboard, named in Finnish",
            trigger:
                '.o_search_panel_category_value[data-name="Kumppanuuspöydät yhdellä silmäyksellä"]',
            run: "click",
        },
        {
            content: "The dashboard is drawn",
            trigger:
                '.o_search_panel_category_value.active[data-name="Kumppanuuspöydät yhdellä silmäyksellä"]',
        },
        {
            content: "The spreadsheet is on screen",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
        },
        {
            content: "Headings in Finnish, the commitments' figures loaded",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            run: () =>
                waitForCells({
                    A3: "Sovitut tehtävät",
                    A4: "Yhteensä",
                    B4: 3,
                    A5: "Tehdyt",
                    B5: 1,
                    B6: 2,
                    B7: 1,
                    A10: "Läsnäolo",
                }),
        },
        {
            content: "The overdue commitment's deadline as Finnish writes a day",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            run: () => waitForDay("D32"),
        },
        {
            content: "The completion rate reads as a person reads it: 1 of 3 done",
            trigger: ".o_spreadsheet_dashboard_action .o-grid canvas",
            run: () => waitForCells({B8: "33,3%"}, "formattedValue"),
        },
    ],
});
