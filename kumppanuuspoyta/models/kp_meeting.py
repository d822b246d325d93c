import hashlib
from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_date

from .kp_agreement import LOCKED_STATES
from .kp_mail import notify_with_template, post_in_recipients_languages
from .kp_table import MAX_MEETING_HOURS
from .kp_text import check_titles

OPEN_STATES = ("planned", "agenda_sent")
EVENT_FIELDS = ("start", "duration", "location", "videocall_location")
# a start outside these is a typo (1925, 2205), not a meeting
EARLIEST_MEETING = datetime(2000, 1, 1)
MAX_YEARS_AHEAD = 10


class KpMeeting(models.Model):
    """A meeting of a partnership table.

    Every meeting is a calendar event with the table's current participants
    as attendees, so invitations, the .ics file and replies are Odoo's own.
    """

    _name = "kp.meeting"
    _description = "Meeting"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "start desc, id desc"
    _check_company_auto = True

    name = fields.Char(required=True, tracking=True)
    table_id = fields.Many2one(
        "kp.table",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        tracking=True,
    )
    company_id = fields.Many2one(related="table_id.company_id", store=True, index=True)
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
        group_expand="_expand_states",
    )
    cancel_reason = fields.Text(tracking=True)
    agenda_item_ids = fields.One2many("kp.agenda.item", "meeting_id", string="Agenda")
    agenda_minutes = fields.Integer(
        compute="_compute_agenda_minutes", string="Agenda Time (min)"
    )
    agenda_over_time = fields.Boolean(compute="_compute_agenda_minutes")
    agenda_digest = fields.Char(compute="_compute_agenda_digest")
    agenda_sent_digest = fields.Char(readonly=True, copy=False)
    agenda_sent_date = fields.Datetime(readonly=True, copy=False, tracking=True)
    attendance_ids = fields.One2many("kp.attendance", "meeting_id")
    present_count = fields.Integer(compute="_compute_attendance_counts")
    present_organisation_count = fields.Integer(compute="_compute_attendance_counts")
    active = fields.Boolean(default=True)
    color = fields.Integer(related="table_id.color")
    agreement_ids = fields.One2many("kp.agreement", "meeting_id", string="Agreements")
    commitment_ids = fields.One2many(
        "kp.commitment", "meeting_id", string="New Commitments"
    )
    review_commitment_ids = fields.Many2many(
        "kp.commitment",
        compute="_compute_review_commitment_ids",
        string="Earlier Commitments",
        help="Commitments from the table's earlier meetings that were open "
        "when this meeting started.",
    )
    minutes_ids = fields.One2many("kp.minutes", "meeting_id", string="Minutes Versions")
    minutes_version = fields.Integer(compute="_compute_minutes_version")
    correction_reason = fields.Text(
        readonly=True,
        copy=False,
        help="Why the approved minutes are being corrected; "
        "kept with the next version.",
    )
    next_meeting_id = fields.Many2one("kp.meeting", compute="_compute_next_meeting_id")

    # --- constraints -------------------------------------------------

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
                    or participant.state == "left"
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

    # --- computes ----------------------------------------------------

    def _expand_states(self, states, domain):
        return [key for key, _label in self._fields["state"].selection]

    @api.depends("agenda_item_ids.duration", "duration")
    def _compute_agenda_minutes(self):
        for meeting in self:
            minutes = sum(meeting.agenda_item_ids.mapped("duration"))
            meeting.agenda_minutes = minutes
            meeting.agenda_over_time = minutes > round(meeting.duration * 60)

    @api.depends(
        "agenda_item_ids.name",
        "agenda_item_ids.description",
        "agenda_item_ids.sequence",
        "agenda_item_ids.duration",
        "start",
        "duration",
        "location",
        "videocall_location",
    )
    def _compute_agenda_digest(self):
        for meeting in self:
            parts = [
                str(meeting.start),
                str(meeting.duration),
                meeting.location or "",
                meeting.videocall_location or "",
            ] + [
                f"{item.sequence}|{item.name}|{item.description or ''}|{item.duration}"
                for item in meeting.agenda_item_ids.sorted()
            ]
            meeting.agenda_digest = hashlib.sha256(
                "\n".join(parts).encode()
            ).hexdigest()

    @api.depends("attendance_ids.status", "attendance_ids.organisation_id")
    def _compute_attendance_counts(self):
        for meeting in self:
            present = meeting.attendance_ids.filtered(lambda a: a.status == "present")
            meeting.present_count = len(present)
            meeting.present_organisation_count = len(present.organisation_id)

    def _review_commitment_domain(self):
        """Commitments of the table's earlier meetings (or of none) that were
        still open when this meeting started."""
        self.ensure_one()
        return [
            ("table_id", "=", self.table_id._origin.id),
            "|",
            ("meeting_id.start", "<", self.start),
            "&",
            ("meeting_id", "=", False),
            ("create_date", "<", self.start),
            "|",
            ("state", "=", "open"),
            ("closed_date", ">=", self.start),
        ]

    def _compute_review_commitment_ids(self):
        Commitment = self.env["kp.commitment"]
        for meeting in self:
            meeting.review_commitment_ids = (
                Commitment.search(meeting._review_commitment_domain())
                if meeting.table_id and meeting.start
                else False
            )

    @api.depends("minutes_ids.version")
    def _compute_minutes_version(self):
        for meeting in self:
            meeting.minutes_version = max(meeting.minutes_ids.mapped("version") or [0])

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

    # --- ORM ---------------------------------------------------------

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        table = self.env["kp.table"].browse(values.get("table_id"))
        if table and "name" in fields_list and not values.get("name"):
            values["name"] = table.name
        if table and "duration" in fields_list and not values.get("duration"):
            values["duration"] = table.default_duration
        return values

    @api.model_create_multi
    def create(self, vals_list):
        Table = self.env["kp.table"]
        # defaults (e.g. from "Plan next meeting") include the event's fields,
        # which are taken out of the values before the ORM would add them
        vals_list = [self._add_missing_default_values(vals) for vals in vals_list]
        for vals in vals_list:
            if vals.get("event_id"):
                continue
            table = Table.browse(vals.get("table_id"))
            table._check_can_meet()
            vals["name"] = vals.get("name") or table.name
            event_vals = {key: vals.pop(key) for key in EVENT_FIELDS if key in vals}
            event_vals.setdefault("duration", table.default_duration)
            if not event_vals.get("start"):
                raise ValidationError(self.env._("A meeting needs a start time."))
            start = fields.Datetime.to_datetime(event_vals["start"])
            event_vals.update(
                start=start,
                # calendar's default stop would win over start + duration
                stop=start + timedelta(hours=event_vals["duration"]),
                name=vals.get("name") or table.name,
                partner_ids=[(6, 0, table._meeting_partners().ids)],
                privacy="private",
            )
            self._check_event_values(event_vals)
            vals["event_id"] = self.env["calendar.event"].sudo().create(event_vals).id
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
            meeting._add_standing_items()
            meeting._add_commitment_review()
        return meetings

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
            raise ValidationError(
                self.env._(
                    "The meeting start %(start)s is not plausible: a meeting "
                    "starts between %(earliest)s and %(latest)s.",
                    start=format_date(self.env, start),
                    earliest=format_date(self.env, EARLIEST_MEETING),
                    latest=format_date(self.env, latest),
                )
            )

    def write(self, vals):
        if "stop" in vals:
            # the calendar view moves and resizes a meeting by its start and
            # stop: the stop sets the length (checked below) of each meeting
            if len(self) > 1:
                return all(meeting.write(dict(vals)) for meeting in self)
            stop = fields.Datetime.to_datetime(vals.pop("stop"))
            start = fields.Datetime.to_datetime(vals.get("start")) or self.start
            if stop and start:
                vals["duration"] = (stop - start).total_seconds() / 3600
        self._check_event_values(
            {key: vals[key] for key in ("start", "duration") if key in vals}
        )
        if "state" in vals:
            self._check_minutes_state_change(vals["state"])
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

    def _check_minutes_state_change(self, state):
        """Approved minutes only move on to distributed; going back takes a
        correction (action_correct_minutes)."""
        # a context key alone could be sent over RPC: the correction writes
        # as superuser after checking who asks
        if self.env.su and self.env.context.get("kp_minutes_correction"):
            return
        for meeting in self:
            if meeting.state in LOCKED_STATES and state != meeting.state:
                if (meeting.state, state) == (
                    "minutes_approved",
                    "minutes_distributed",
                ):
                    continue
                raise UserError(
                    self.env._(
                        "Approved minutes do not change: correct them with a new "
                        "version."
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(
            self.env._(
                "Meetings are never deleted: cancel or archive the meeting instead."
            )
        )

    def _add_standing_items(self):
        items = self.table_id.standing_item_ids
        if items and self.state in OPEN_STATES:
            self.env["kp.agenda.item"].create(
                [
                    {
                        "meeting_id": self.id,
                        "table_id": self.table_id.id,
                        "name": item.name,
                        "duration": item.duration,
                        "sequence": item.sequence,
                        "source": "standing",
                        "state": "accepted",
                    }
                    for item in items
                ]
            )

    def _add_commitment_review(self):
        """Open commitments of earlier meetings come back for review."""
        if self.state not in OPEN_STATES:
            return
        open_ones = self.env["kp.commitment"].search(
            self._review_commitment_domain() + [("state", "=", "open")]
        )
        if not open_ones:
            return
        lines = [
            self.env._(
                "%(what)s — %(organisation)s, by %(deadline)s",
                what=c.name,
                organisation=c.organisation_id.name,
                deadline=format_date(self.env, c.deadline) if c.deadline else "-",
            )
            for c in open_ones
        ]
        self.env["kp.agenda.item"].create(
            {
                "meeting_id": self.id,
                "table_id": self.table_id.id,
                "name": self.env._("Review of earlier commitments"),
                "description": "\n".join(lines),
                "duration": 10,
                "sequence": 5,
                "source": "standing",
                "state": "accepted",
            }
        )

    # --- attendees ---------------------------------------------------

    def _sync_attendees(self):
        """Follow the table's current participants on open, future meetings."""
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

    # --- actions -----------------------------------------------------

    def action_send_agenda(self):
        """E-mail the agenda to every attendee, in their language and time zone."""
        template = self.env.ref("kumppanuuspoyta.kp_mail_template_agenda")
        for meeting in self:
            if meeting.state not in OPEN_STATES:
                raise UserError(
                    self.env._("Only a planned meeting's agenda can be sent.")
                )
            if not meeting.agenda_item_ids:
                raise UserError(self.env._("The agenda is empty: add items first."))
            if meeting.agenda_sent_digest == meeting.agenda_digest:
                raise UserError(
                    self.env._(
                        "This agenda was already sent on %(date)s and has not changed "
                        "since.",
                        date=fields.Datetime.to_string(meeting.agenda_sent_date),
                    )
                )
            update = bool(meeting.agenda_sent_digest)
            attendees = meeting.event_id.attendee_ids
            # the template renders with its own context (ctx)
            attendees._notify_attendees(template.with_context(kp_agenda_update=update))
            meeting.message_post(
                body=Markup("<p>%s</p>%s")
                % (
                    self.env._(
                        "Updated agenda sent to %(count)s attendees.",
                        count=len(attendees),
                    )
                    if update
                    else self.env._(
                        "Agenda sent to %(count)s attendees.", count=len(attendees)
                    ),
                    meeting._agenda_html(),
                ),
                subtype_xmlid="mail.mt_note",
            )
            meeting.write(
                {
                    "state": "agenda_sent",
                    "agenda_sent_digest": meeting.agenda_digest,
                    "agenda_sent_date": fields.Datetime.now(),
                }
            )

    def _agenda_html(self):
        return self.env["ir.qweb"]._render(
            "kumppanuuspoyta.kp_meeting_agenda_list", {"meeting": self}
        )

    def action_held(self):
        for meeting in self:
            if meeting.state not in OPEN_STATES:
                raise UserError(
                    self.env._("Only a planned meeting can be marked as held.")
                )
            if meeting.start > fields.Datetime.now():
                raise UserError(
                    self.env._("A meeting that has not started cannot be held.")
                )
        self.write({"state": "held"})
        self._create_attendance_lines()

    def _create_attendance_lines(self):
        values = []
        for meeting in self:
            known = meeting.attendance_ids.participant_id
            replies = {a.partner_id: a.state for a in meeting.event_id.attendee_ids}
            # the invited have not joined the table yet: no attendance for them
            seated = meeting.table_id._current_participants().filtered(
                lambda p: p.state == "active"
            )
            for participant in seated - known:
                reply = replies.get(participant.partner_id)
                values.append(
                    {
                        "meeting_id": meeting.id,
                        "participant_id": participant.id,
                        "status": "excused" if reply == "declined" else "present",
                    }
                )
        self.env["kp.attendance"].create(values)

    def action_cancel(self):
        """Cancel: the attendees are told, the meeting and its agenda stay."""
        for meeting in self:
            if meeting.state not in OPEN_STATES:
                raise UserError(self.env._("Only a planned meeting can be cancelled."))
        now = fields.Datetime.now()
        for meeting in self.filtered(lambda m: m.start > now):
            meeting._notify_attendees_with("kumppanuuspoyta.kp_mail_template_cancelled")
        self.write({"state": "cancelled"})
        self.event_id.sudo().action_archive()

    def _notify_attendees_with(self, template_xmlid):
        """E-mail each attendee a template of calendar.attendee, in their language."""
        template = self.env.ref(template_xmlid)
        for attendee in self.event_id.attendee_ids.filtered("email"):
            notify_with_template(self, template, attendee, attendee.partner_id)

    # --- minutes -----------------------------------------------------

    def _check_secretary_or_chair(self):
        """The chair, the secretary or a manager approves the minutes."""
        if self.env.su or self.env.user.has_group("kumppanuuspoyta.group_kp_manager"):
            return
        for meeting in self:
            users = (meeting.chair_id | meeting.secretary_id).user_id
            if self.env.user not in users:
                raise UserError(
                    self.env._(
                        "Only the chair or the secretary of %(meeting)s approves "
                        "its minutes.",
                        meeting=meeting.display_name,
                    )
                )

    def action_draft_minutes(self):
        """Close the meeting: its minutes are drafted from what was agreed."""
        for meeting in self:
            if meeting.state != "held":
                raise UserError(self.env._("Only a held meeting gets minutes."))
            if not meeting.agreement_ids:
                raise UserError(
                    self.env._(
                        "The meeting %(meeting)s has no recorded agreements: record "
                        "what was agreed before closing it. These are not coffee "
                        "meetings.",
                        meeting=meeting.display_name,
                    )
                )
        self.write({"state": "minutes_draft"})

    def action_approve_minutes(self, reason=None):
        """Freeze the minutes as a new version; agreements no longer change.

        The text is frozen in the language of the context (the approver's).
        """
        lang = self.env.context.get("lang")
        if lang and not self.env["res.lang"]._get_data(code=lang):
            # e.g. Finnish asked for in a database that does not have it
            return self.with_context(lang=self.env.user.lang).action_approve_minutes(
                reason
            )
        self.check_access("write")
        self._check_secretary_or_chair()
        for meeting in self:
            if meeting.state != "minutes_draft":
                raise UserError(self.env._("Only drafted minutes can be approved."))
            version = meeting.minutes_version + 1
            # each meeting keeps its own reason
            meeting_reason = reason or meeting.correction_reason
            if version > 1 and not meeting_reason:
                raise UserError(
                    self.env._("A correction of approved minutes needs a reason.")
                )
            self.env["kp.minutes"].sudo().create(
                {
                    "meeting_id": meeting.id,
                    "version": version,
                    "body": meeting._minutes_html(),
                    "correction_reason": meeting_reason,
                    "approved_by_id": self.env.user.id,
                    "approved_date": fields.Datetime.now(),
                }
            )
            meeting.write({"state": "minutes_approved", "correction_reason": False})
            meeting.message_post(
                body=self.env._(
                    "Minutes version %(version)s approved.", version=version
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_correct_minutes(self, reason):
        """Reopen approved minutes for a correction; the approved version stays."""
        self.check_access("write")
        self._check_secretary_or_chair()
        if not (reason or "").strip():
            raise UserError(
                self.env._("A correction of approved minutes needs a reason.")
            )
        for meeting in self:
            if meeting.state not in LOCKED_STATES:
                raise UserError(self.env._("Only approved minutes can be corrected."))
        # see _check_minutes_state_change: only this method reopens them
        self.sudo().with_context(kp_minutes_correction=True).write(
            {"state": "minutes_draft", "correction_reason": reason}
        )
        for meeting in self:
            meeting.message_post(
                body=self.env._(
                    "Minutes reopened for a correction: %(reason)s", reason=reason
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _minutes_html(self):
        return self.env["ir.qweb"]._render(
            "kumppanuuspoyta.kp_minutes_body", {"meeting": self}
        )

    def action_distribute_minutes(self):
        """Odoo's composer with the minutes template, the PDF and every participant."""
        self.ensure_one()
        if self.state not in LOCKED_STATES:
            raise UserError(self.env._("Approve the minutes before distributing them."))
        template = self.env.ref("kumppanuuspoyta.kp_mail_template_minutes")
        partners = self.table_id._current_participants().partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "kp.meeting",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_partner_ids": partners.ids,
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "kp_mark_minutes_distributed": True,
            },
        }

    def message_post(self, **kwargs):
        # sending the minutes from the composer marks them distributed
        if self.env.context.get("kp_mark_minutes_distributed"):
            self.filtered(lambda m: m.state == "minutes_approved").with_context(
                kp_mark_minutes_distributed=False
            ).write({"state": "minutes_distributed"})
            # the composer renders the minutes in one language for everyone
            template = self.env.ref("kumppanuuspoyta.kp_mail_template_minutes")
            return post_in_recipients_languages(
                self, template, super().message_post, kwargs
            )
        return super().message_post(**kwargs)

    def action_view_division_of_labour(self):
        """The meeting's commitments, grouped by the organisation that took them."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_commitment_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"group_by": "organisation_id", "create": False}
        action["view_mode"] = "list,kanban,pivot,form"
        action["views"] = [(False, mode) for mode in action["view_mode"].split(",")]
        return action

    def action_open_event(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "calendar.event",
            "res_id": self.event_id.id,
            "view_mode": "form",
        }
