from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.text import check_titles
from .kp_table import MAX_MEETING_HOURS

OPEN_STATES = ("planned", "agenda_sent")
EVENT_FIELDS = ("start", "duration", "location", "videocall_location")
# a start outside these is a typo (1925, 2205), not a meeting
EARLIEST_MEETING = datetime(2000, 1, 1)
MAX_YEARS_AHEAD = 10


class KpMeeting(models.Model):
    """A meeting (tapaaminen) of a partnership table.

    Every meeting is a calendar event with the table's joined participants
    as attendees, so the replies (RSVP) are Odoo's own; the meeting's
    e-mails and calendar files are its own (kp_meeting_mailing.py,
    kp_meeting_ics.py).
    This file holds the meeting, its calendar event and its lifecycle; the
    agenda (kp_meeting_agenda.py), attendance (kp_meeting_attendance.py)
    and the minutes (kp_meeting_minutes.py) extend it by concern.
    """

    _name = "kp.meeting"
    _description = "Meeting"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "kp.mail.mixin",
        "kp.gate.mixin",
        "kp.table.record.mixin",
    ]
    _order = "start desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    table_id = fields.Many2one(tracking=True)
    tz = fields.Selection(related="table_id.tz")
    event_id = fields.Many2one(
        "calendar.event",
        string="Calendar Event",
        required=True,
        readonly=True,
        index=True,
        ondelete="restrict",
        copy=False,
    )
    start = fields.Datetime(related="event_id.start", readonly=False, store=True)
    stop = fields.Datetime(related="event_id.stop", store=True)
    duration = fields.Float(
        related="event_id.duration",
        readonly=False,
        string="Length",
        help="Length of the meeting in hours.",
    )
    location = fields.Char(related="event_id.location", readonly=False)
    videocall_location = fields.Char(
        related="event_id.videocall_location", readonly=False, string="Video Link"
    )
    attendee_ids = fields.One2many(
        related="event_id.attendee_ids", string="Invitation Replies"
    )
    chair_id = fields.Many2one(
        "kp.participant",
        domain="[('table_id', '=', table_id), ('state', '!=', 'left')]",
        tracking=True,
    )
    secretary_id = fields.Many2one(
        "kp.participant",
        domain="[('table_id', '=', table_id), ('state', '!=', 'left')]",
        tracking=True,
    )
    state = fields.Selection(
        [
            ("planned", "Planned"),
            ("agenda_sent", "Agenda Sent"),
            ("held", "Held"),
            ("minutes_draft", "Minutes Drafted"),
            ("minutes_approved", "Minutes Approved"),
            ("minutes_distributed", "Minutes Distributed"),
            ("cancelled", "Cancelled"),
        ],
        default="planned",
        required=True,
        tracking=True,
        group_expand=True,
    )
    cancel_reason = fields.Text(tracking=True)
    active = fields.Boolean(default=True)
    color = fields.Integer(related="table_id.color")
    next_meeting_id = fields.Many2one("kp.meeting", compute="_compute_next_meeting_id")
    # the buttons of the form: shown exactly when the gate lets the user through
    can_mark_held = fields.Boolean(compute="_compute_gate_buttons")
    can_cancel = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("name", "start", "table_id.tz")
    @api.depends_context("lang")
    def _compute_display_name(self):
        """The name with the date in the table's time zone and the reader's
        language: meetings named after their table can be told apart."""
        for meeting in self:
            meeting.display_name = meeting.table_id._meeting_name(
                meeting.name, meeting.start
            )

    def _compute_next_meeting_id(self):
        for meeting in self:
            meeting.next_meeting_id = (
                self.search(
                    [
                        ("table_id", "=", meeting.table_id._origin.id),
                        ("start", ">", meeting.start),
                        ("state", "!=", "cancelled"),
                    ],
                    order="start",
                    limit=1,
                )
                if meeting.start
                else False
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name")
    def _check_name(self):
        check_titles(self)

    @api.constrains("chair_id", "secretary_id", "table_id")
    def _check_roles_at_table(self):
        for meeting in self:
            for participant, role in (
                (meeting.chair_id, self.env._("chair")),
                (meeting.secretary_id, self.env._("secretary")),
            ):
                if participant and (
                    participant.table_id != meeting.table_id
                    or not participant._current()
                ):
                    raise ValidationError(
                        self.env._(
                            "The %(role)s of the meeting must be a participant of the "
                            "table %(table)s: %(person)s is not.",
                            role=role,
                            table=meeting.table_id.display_name,
                            person=participant.partner_id.display_name,
                        )
                    )

    @api.model
    def _stop_to_duration(self, vals, start=None):
        """An end given (the calendar view, the API) sets the length, on
        create as on write; the length is then checked like any other."""
        if "stop" not in vals:
            return
        stop = fields.Datetime.to_datetime(vals.pop("stop"))
        start = fields.Datetime.to_datetime(vals.get("start")) or start
        if stop and start:
            vals["duration"] = (stop - start).total_seconds() / 3600

    @api.model
    def _check_event_values(self, values):
        duration = values.get("duration") or 0
        if "duration" in values and (duration <= 0 or duration > MAX_MEETING_HOURS):
            raise ValidationError(
                self.env._(
                    "A meeting must last more than 0 and at most %(max)s hours.",
                    max=int(MAX_MEETING_HOURS),
                )
            )
        start = fields.Datetime.to_datetime(values.get("start"))
        latest = fields.Datetime.now() + relativedelta(years=MAX_YEARS_AHEAD)
        if start and not EARLIEST_MEETING <= start <= latest:
            table = self.table_id[:1]
            raise ValidationError(
                self.env._(
                    "The meeting start %(start)s is not plausible: a meeting "
                    "starts between %(earliest)s and %(latest)s.",
                    start=table._format_day(start),
                    earliest=table._format_day(EARLIEST_MEETING.date()),
                    latest=table._format_day(latest),
                )
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        table = self.env["kp.table"].browse(values.get("table_id"))
        if table and "name" in fields_list and not values.get("name"):
            values["name"] = table.name
        if table and "duration" in fields_list and not values.get("duration"):
            values["duration"] = table.default_duration
        return values

    @api.onchange("table_id")
    def _onchange_table_id(self):
        """A meeting planned from the menu gets its table's name and length
        once the table is picked, as one planned from the table does."""
        if self.table_id and not self.event_id:
            self.name = self.name or self.table_id.name
            self.duration = self.duration or self.table_id.default_duration

    @api.model_create_multi
    def create(self, vals_list):
        Table = self.env["kp.table"]
        # The event belongs to the meeting (res_model_id/res_id are set below):
        # without the context of the screen it was planned from, calendar
        # would link it to the table and leave a "Meeting" activity there.
        screen_free = {
            key: value
            for key, value in self.env.context.items()
            if not key.startswith(("active_", "default_"))
        }
        # the invitations wait for the agenda (below): one e-mail
        screen_free["no_mail_to_attendees"] = True
        # a plain dict: the keys must go, not get other values
        Event = self.env["calendar.event"].sudo()
        Event = Event.with_context(screen_free)  # pylint: disable=context-overridden
        # defaults (e.g. from "Plan next meeting") include the event's fields,
        # which are taken out of the values before the ORM would add them
        vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("event_id"):
                continue
            table = Table.browse(vals.get("table_id"))
            table._check_can_meet()
            vals["name"] = vals.get("name") or table.name
            self._stop_to_duration(vals)
            event_vals = {key: vals.pop(key) for key in EVENT_FIELDS if key in vals}
            event_vals.setdefault("duration", table.default_duration)
            if not event_vals.get("start"):
                raise ValidationError(self.env._("A meeting needs a start time."))
            start = fields.Datetime.to_datetime(event_vals["start"])
            event_vals.update(
                start=start,
                # calendar's default stop would win over start + duration
                stop=start + timedelta(hours=event_vals["duration"]),
                name=self._event_name(vals["name"], start, table),
                partner_ids=[(6, 0, table._meeting_partners().ids)],
                privacy="private",
            )
            self._check_event_values(event_vals)
            vals["event_id"] = Event.create(event_vals).id
        # the defaults were applied above: applied again by the ORM they would
        # overwrite, through the related fields, what the user typed
        context = {
            key: value
            for key, value in self.env.context.items()
            if key not in {f"default_{name}" for name in EVENT_FIELDS}
        }
        # a plain dict: the keys must go, not get other values
        meetings = super(
            KpMeeting,
            self.with_context(context),  # pylint: disable=context-overridden
        ).create(vals_list)
        meetings = meetings.with_env(self.env)
        for meeting in meetings:
            # the event points to the meeting so its links open the meeting
            meeting.event_id.sudo().write(
                {
                    "res_model_id": self.env["ir.model"]._get_id("kp.meeting"),
                    "res_id": meeting.id,
                }
            )
        meetings._prepare_agenda()
        meetings._send_invitations()
        return meetings

    def write(self, vals):
        if "stop" in vals:
            # the calendar view moves and resizes a meeting by its start and
            # stop: the stop sets the length (checked below) of each meeting
            if len(self) > 1:
                return all(meeting.write(dict(vals)) for meeting in self)
            self._stop_to_duration(vals, self.start)
        self._check_event_values(
            {key: vals[key] for key in ("start", "duration") if key in vals}
        )
        if "table_id" in vals and any(m.table_id.id != vals["table_id"] for m in self):
            raise UserError(self.env._("A meeting cannot move to another table."))
        event_vals = {key: vals.pop(key) for key in EVENT_FIELDS if key in vals}
        if "name" in vals:
            event_vals["name"] = vals["name"]
        result = super().write(vals)
        if event_vals:
            # whoever may edit the meeting may edit its private event, even
            # when not its organizer or an attendee; one write, so the
            # attendees are notified of a new time once
            self.check_access("write")
            self.event_id.sudo().write(event_vals)
        return result

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Meetings are never deleted: cancel or archive the meeting instead."
            )
        )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_held(self):
        for meeting in self:
            meeting._check_transition("held")
        self.write({"state": "held"})
        self._create_attendance_lines()

    def action_cancel(self):
        """Cancel: the attendees are told, the meeting and its agenda stay."""
        self.check_access("write")
        for meeting in self:
            meeting._check_transition("cancelled")
        now = fields.Datetime.now()
        coming = self.filtered(lambda m: m.start > now)
        self.write({"state": "cancelled"})
        # with the calendar file that cancels the entry people have
        coming._kp_send_to_attendees("cancel")
        self.event_id.sudo().action_archive()

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
        }

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_moves(self):
        """The meeting's moves; the gate (kp.gate.mixin) adds who may make
        them and what must be true first. The agenda and the minutes
        lifecycle extend them."""
        return {
            "agenda_sent": (OPEN_STATES, "agenda_sent"),
            "held": (OPEN_STATES, "held"),
            "cancelled": (OPEN_STATES, "cancelled"),
        }

    def _gate_buttons(self):
        return {"can_mark_held": "held", "can_cancel": "cancelled"}

    def _gate_depends(self):
        return (*super()._gate_depends(), "start")

    def _gate_error(self, transition):
        """Why the meeting may not make ``transition`` now, or False. Who may
        write the meeting at all is the record rules' to say."""
        error = super()._gate_error(transition)
        if error:
            return error
        if transition == "held" and self.start > fields.Datetime.now():
            return self.env._("A meeting that has not started cannot be held.")
        return False

    def _gate_refusal(self, transition):
        """The message for a move from a state that does not lead there."""
        return {
            "agenda_sent": self.env._("Only a planned meeting's agenda can be sent."),
            "held": self.env._("Only a planned meeting can be marked as held."),
            "cancelled": self.env._("Only a planned meeting can be cancelled."),
        }.get(transition) or super()._gate_refusal(transition)

    def _event_name(self, name, start, table=None):
        """The name of a meeting's calendar event: ``name`` with the local
        date of ``start`` in the municipality's language, as the event is the
        same for all its attendees (the .ics summary, Odoo's calendar and
        invitations)."""
        table = table or self.table_id
        return table._meeting_name(name, start, table._event_lang())

    def _send_invitations(self):
        """Odoo's invitations to a new meeting, sent (as calendar does on
        creation, to future events only) once its agenda is on the event: the
        invitation and its .ics carry the agenda."""
        self._sync_event_agenda()
        now = fields.Datetime.now()
        self.filtered(lambda m: m.start > now)._kp_send_to_attendees("invitation")

    def _sync_attendees(self):
        """Follow the table's joined participants on open, future meetings."""
        now = fields.Datetime.now()
        for meeting in self.filtered(
            lambda m: m.state in OPEN_STATES and m.start > now
        ):
            wanted = meeting.table_id._meeting_partners()
            # the event is private to its attendees (calendar rules): a manager
            # seating someone need not be invited to every coming meeting
            current = meeting.event_id.sudo().partner_ids
            if wanted != current:
                meeting.event_id.sudo().write(
                    {
                        "partner_ids": [(4, p.id) for p in wanted - current]
                        + [(3, p.id) for p in current - wanted]
                    }
                )
