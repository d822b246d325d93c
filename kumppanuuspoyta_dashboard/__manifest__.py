{
    "name": "Kumppanuuspöytä Dashboard",
    "summary": "The partnership tables' headline figures in Odoo's Dashboards app",
    "version": "19.0.1.0.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/kumppanuuspoyta/kumppanuuspoyta",
    "author": "Kumppanuuspoyta contributors",
    "maintainers": ["kumppanuuspoyta"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["spreadsheet_dashboard", "kumppanuuspoyta"],
    "data": ["data/dashboards.xml"],
    "auto_install": True,
    "assets": {
        "web.assets_tests": [
            "kumppanuuspoyta_dashboard/static/tests/tours/*.esm.js",
        ],
    },
}
