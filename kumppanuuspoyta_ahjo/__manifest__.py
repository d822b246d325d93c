{
    "name": "Kumppanuuspöytä Ahjo",
    "summary": "Decisions of Helsinki's Ahjo brought back to the hand-offs "
    "of the partnership tables, by case number",
    "version": "19.0.1.0.0",
    "category": "Productivity",
    "website": "https://github.com/kumppanuuspoyta/kumppanuuspoyta",
    "author": "Kumppanuuspoyta contributors",
    "maintainers": ["kumppanuuspoyta"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["kumppanuuspoyta"],
    "data": [
        "data/kp_ahjo_cron.xml",
        "views/kp_decision_handoff_views.xml",
        "views/res_config_settings_views.xml",
    ],
}
