from datetime import datetime, time, timedelta

from dateutil import rrule
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.calendar.models.calendar_recurrence import (
    BYDAY_SELECTION,
    WEEKDAY_SELECTION,
)

# the most occurrences one season may have
MAX_OCCURRENCES = 100
RRULE_DAYS = {
    "MON": rrule.MO,
    "TUE": rrule.TU,
    "WED": rrule.WE,
    "THU": rrule.TH,
    "FRI": rrule.FR,
    "SAT": rrule.SA,
    "SUN": rrule.SU,
}


class KpActivitySeasonWizard(models.TransientModel):
    """Plans a season of a joint activity: the dates of a recurrence between
    two dates, each with the next organisation of the roster."""

    _name = "kp.activity.season.wizard"
    _description = "Plan a Season of a Joint Activity"

    activity_id = fields.Many2one(
        "kp.joint.activity", string="Joint Activity", required=True
    )
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="Until", required=True)
    frequency = fields.Selection(
        [
            ("weekly", "Weekly"),
            ("biweekly", "Every Two Weeks"),
            ("monthly", "Monthly"),
        ],
        required=True,
        default="monthly",
    )
    weekday = fields.Selection(WEEKDAY_SELECTION, required=True, default="TUE")
    week_of_month = fields.Selection(
        BYDAY_SELECTION,
        string="Week of the Month",
        default="1",
        help="For a monthly activity: which of the month's weekdays.",
    )
    start_hour = fields.Float(
        string="Starts At",
        compute="_compute_from_activity",
        store=True,
        readonly=False,
    )
    preview = fields.Html(compute="_compute_preview", sanitize=False)
    occurrence_count = fields.Integer(compute="_compute_preview")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("activity_id")
    def _compute_from_activity(self):
        for wizard in self:
            wizard.start_hour = wizard.activity_id.start_hour

    @api.depends(
        "activity_id", "date_from", "date_to", "frequency", "weekday", "week_of_month"
    )
    def _compute_preview(self):
        for wizard in self:
            dates = wizard._dates() if wizard.date_from and wizard.date_to else []
            wizard.occurrence_count = len(dates)
            if not dates or len(dates) > MAX_OCCURRENCES or not wizard.activity_id:
                wizard.preview = False
                continue
            try:
                turns = wizard.activity_id._roster_turns(len(dates))
            except UserError as error:
                wizard.preview = Markup("<p>%s</p>") % error.args[0]
                continue
            rows = Markup("").join(
                Markup("<li>%s: %s</li>")
                % (
                    wizard.activity_id.table_id._format_day(day),
                    organisation.display_name,
                )
                for day, organisation in zip(dates, turns, strict=True)
            )
            wizard.preview = Markup("<ol>%s</ol>") % rows

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_generate(self):
        """Create the season's occurrences, each the next turn of the roster."""
        self.ensure_one()
        activity = self.activity_id
        activity.table_id.check_access("write")
        if self.date_to < self.date_from:
            raise UserError(self.env._("The season cannot end before it starts."))
        dates = self._dates()
        if not dates:
            raise UserError(
                self.env._(
                    "The recurrence gives no dates between %(start)s and %(end)s: "
                    "check the weekday and the dates.",
                    start=activity.table_id._format_day(self.date_from),
                    end=activity.table_id._format_day(self.date_to),
                )
            )
        if len(dates) > MAX_OCCURRENCES:
            raise UserError(
                self.env._(
                    "The recurrence gives %(count)s dates; a season has at most "
                    "%(max)s. Choose a shorter season or a sparser recurrence.",
                    count=len(dates),
                    max=MAX_OCCURRENCES,
                )
            )
        turns = activity._roster_turns(len(dates))
        hours = timedelta(hours=self.start_hour)
        table = activity.table_id
        occurrences = self.env["kp.activity.occurrence"].create(
            [
                {
                    "activity_id": activity.id,
                    "start": table._to_utc(datetime.combine(day, time()) + hours),
                    "organisation_id": organisation.id,
                    "rostered_organisation_id": organisation.id,
                }
                for day, organisation in zip(dates, turns, strict=True)
            ]
        )
        action = activity.action_view_occurrences()
        action["domain"] = [("id", "in", occurrences.ids)]
        action["views"] = [(False, "list"), (False, "calendar"), (False, "form")]
        action["view_mode"] = "list,calendar,form"
        return action

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _dates(self):
        """The local dates of the recurrence between the two dates (at most
        one more than a season may have, so a huge range costs nothing)."""
        self.ensure_one()
        if not (self.date_from and self.date_to) or self.date_to < self.date_from:
            return []
        day = RRULE_DAYS[self.weekday or "MON"]
        first = self.date_from
        if self.frequency == "monthly":
            freq, interval = rrule.MONTHLY, 1
            byweekday = day(int(self.week_of_month or "1"))
        else:
            freq = rrule.WEEKLY
            interval = 2 if self.frequency == "biweekly" else 1
            byweekday = day
            # every second week counts from the first such weekday
            first += timedelta(days=(day.weekday - first.weekday()) % 7)
        rule = rrule.rrule(
            freq,
            dtstart=datetime.combine(first, time()),
            until=datetime.combine(self.date_to, time()),
            interval=interval,
            byweekday=byweekday,
            count=None,
        )
        dates = []
        for occurrence in rule:
            dates.append(occurrence.date())
            if len(dates) > MAX_OCCURRENCES:
                break
        return dates
