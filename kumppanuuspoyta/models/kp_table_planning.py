from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import ValidationError

from ..tools.calendar import next_working_day

CADENCE_STEP = {
    "weekly": relativedelta(weeks=1),
    "biweekly": relativedelta(weeks=2),
    "monthly": relativedelta(months=1),
    "bimonthly": relativedelta(months=2),
    "quarterly": relativedelta(months=3),
    "agreed": relativedelta(months=1),
}


class KpTable(models.Model):
    """A table's meetings: the next one planned on the table's cadence, who
    is invited, whether the table can meet, and how its meetings are named.
    The meeting itself lives in kp_meeting.py."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.table"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def _next_meeting_start(self):
        """The next start after the last meeting, one cadence step later.

        Steps are taken in local time so a meeting at 9:00 stays at 9:00
        across the change to and from summer time.
        """
        self.ensure_one()
        step = CADENCE_STEP[self.cadence]
        now = self._now_local()
        last = self.meeting_ids.filtered(lambda m: m.state != "cancelled").sorted(
            "start"
        )[-1:]
        if last:
            local = self._to_local(last.start)
        else:
            local = datetime.combine(self._today(), time(9, 0))
        local += step
        while local <= now:
            local += step
        # never on a weekend or a public holiday (New Year's Day, Midsummer)
        local = datetime.combine(next_working_day(local.date()), local.time())
        return self._to_utc(local)

    def action_plan_next_meeting(self):
        """A new meeting on the next date of the cadence, with the same chair
        and secretary as the last meeting (or the table's chair and secretary)."""
        self.ensure_one()
        self._check_can_meet()
        # who runs the table plans its meetings (the gate asks write access)
        self._check_transition("plan_meeting")
        last = self.meeting_ids.sorted("start")[-1:]
        start = self._next_meeting_start()
        # who leads a meeting has joined the table, not only been invited
        joined = self.participant_ids._joined()

        def with_role(xmlid):
            role = self.env.ref(xmlid)
            return joined.filtered(lambda p: role in p.role_ids)[:1]

        chair = (
            last.chair_id
            if last.chair_id in joined
            else with_role("kumppanuuspoyta.kp_role_chair")
        )
        secretary = (
            last.secretary_id
            if last.secretary_id in joined
            else with_role("kumppanuuspoyta.kp_role_secretary")
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan Next Meeting"),
            "res_model": "kp.meeting",
            "view_mode": "form",
            "target": "current",
            "context": {
                "default_table_id": self.id,
                "default_name": self.name,
                "default_start": fields.Datetime.to_string(start),
                "default_duration": self.default_duration,
                "default_location": last.location,
                "default_videocall_location": last.videocall_location,
                "default_chair_id": chair.id,
                "default_secretary_id": secretary.id,
            },
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _meeting_partners(self):
        """The people invited to the table's meetings: who has joined it."""
        return self.participant_ids._joined().partner_id

    def _plan_meeting_error(self):
        """Why the next meeting cannot be planned from the table now, or False:
        a meeting needs a saved, running table and someone who has joined it
        to invite."""
        self.ensure_one()
        if not self._origin.id:
            return self.env._("Save the table before planning its meetings.")
        if self.state == "ended" or not self.active:
            return self._cannot_meet_message()
        if self.state == "paused":
            return self.env._(
                "The table %(table)s is paused: activate it before planning a meeting.",
                table=self.display_name,
            )
        if not self.participant_ids._joined():
            return self.env._(
                "No one has joined the table %(table)s yet: seat the participants "
                "before planning a meeting.",
                table=self.display_name,
            )
        return False

    def _check_can_meet(self):
        for table in self:
            if table.state == "ended" or not table.active:
                raise ValidationError(table._cannot_meet_message())

    def _cannot_meet_message(self):
        return self.env._(
            "The table %(table)s has ended or is archived: "
            "no meetings can be planned for it.",
            table=self.display_name,
        )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _meeting_name(self, name, start, lang=None):
        """A meeting's ``name`` with the local date of its ``start`` (naive
        UTC) in the reader's language (or ``lang``), unless the name already
        shows it."""
        if not self or not start or not name:
            return name
        self.ensure_one()
        day = self._to_local(fields.Datetime.to_datetime(start)).date()
        formatted = self._format_day(day, lang=lang)
        return name if formatted in name else f"{name} {formatted}"

    def _event_lang(self):
        """The language of what the table's calendar events carry for all
        attendees alike (the .ics summary, the agenda in the description): its
        municipality's."""
        self.ensure_one()
        return self.company_id.partner_id.lang or self.env.lang
