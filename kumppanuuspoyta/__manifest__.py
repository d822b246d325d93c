{
    "name": "Kumppanuuspöytä",
    "summary": "Partnership tables: cross-sector forums with goals, "
    "participants and a map of who should be invited",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/kumppanuuspoyta/kumppanuuspoyta",
    "author": "Kumppanuuspöytä contributors",
    "maintainers": ["kumppanuuspoyta"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "application": True,
    "depends": ["mail", "contacts", "calendar", "portal", "web_tour"],
    "data": [
        "security/kp_security.xml",
        "security/ir.model.access.csv",
        "security/kp_rules.xml",
        "data/kp_sector_data.xml",
        "data/kp_role_data.xml",
        "data/kp_content_type_data.xml",
        "views/kp_sector_map_templates.xml",
        "views/kp_sector_views.xml",
        "views/kp_role_views.xml",
        "views/kp_content_type_views.xml",
        "views/kp_project_views.xml",
        "views/kp_participant_views.xml",
        "views/kp_theme_views.xml",
        "views/kp_table_views.xml",
        "views/res_partner_views.xml",
        "views/kp_menus.xml",
    ],
    "demo": [
        "demo/kp_demo_partners.xml",
        "demo/kp_demo_tables.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "kumppanuuspoyta/static/src/scss/kp_sector_map.scss",
        ],
        "web.assets_tests": [
            "kumppanuuspoyta/static/tests/tours/*.js",
        ],
    },
}
