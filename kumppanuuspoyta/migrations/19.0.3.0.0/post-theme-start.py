"""After 19.0.3.0.0 loads: no theme has its results before its start.

Until 19.0.3.0.0 a theme's start defaulted to the day it was created, also
when its results were recorded on an earlier day (the demo's bulletin showed
-7 days to results), and nothing refused it. Such a theme now starts on the
day of the first meeting that took it up (in its table's time zone), or on
its results day when there is none before: its days to results are never
negative, and the constraint that now refuses results before the start does
not block the next edit of the theme.
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    themes = (
        env["kp.theme"]
        .with_context(active_test=False)
        .search([("results_date", "!=", False), ("date_start", "!=", False)])
        .filtered(lambda theme: theme.results_date < theme.date_start)
    )
    for theme in themes:
        table = theme.table_id
        days = [
            table._to_local(meeting.start).date()
            for meeting in theme.agenda_item_ids.meeting_id
            if meeting.start
        ]
        theme.date_start = min([*days, theme.results_date])
