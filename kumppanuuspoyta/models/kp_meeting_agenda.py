import hashlib

from markupsafe import Markup

from odoo import api, fields, models
from odoo.fields import Domain

from .kp_decision_handoff import HANDED_STATES, PENDING_STATES
from .kp_meeting import OPEN_STATES


class KpMeeting(models.Model):
    """The meeting's agenda: set together, standing items and the review of
    earlier commitments added, sent to every attendee."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.meeting"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    agenda_item_ids = fields.One2many("kp.agenda.item", "meeting_id", string="Agenda")
    agenda_minutes = fields.Integer(
        compute="_compute_agenda_minutes", string="Agenda Time (min)"
    )
    agenda_over_time = fields.Boolean(compute="_compute_agenda_minutes")
    agenda_digest = fields.Char(compute="_compute_agenda_digest")
    agenda_sent_digest = fields.Char(readonly=True, copy=False)
    # not tracked: "None -> 01.06.2030 08:00:00" says less than the chatter's
    # message that the agenda was sent, and when, to whom
    agenda_sent_date = fields.Datetime(readonly=True, copy=False)
    review_commitment_ids = fields.Many2many(
        "kp.commitment",
        compute="_compute_review_commitment_ids",
        string="Earlier Commitments",
        help="Commitments from the table's earlier meetings that were open "
        "when this meeting started.",
    )
    review_handoff_ids = fields.Many2many(
        "kp.decision.handoff",
        compute="_compute_review_handoff_ids",
        string="Earlier Agreements in Decision-Making",
        help="Agreements of the table's earlier meetings in the municipality's "
        "decision-making: still pending, or decided since the previous meeting.",
    )
    can_send_agenda = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

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
        "agenda_item_ids.theme_id",
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
                f"|{item.theme_id.name or ''}"
                for item in meeting.agenda_item_ids.sorted()
            ]
            meeting.agenda_digest = hashlib.sha256(
                "\n".join(parts).encode()
            ).hexdigest()

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

    def _review_handoff_domain(self):
        """Hand-offs of agreements of the table's earlier meetings that were
        sent before this meeting and are still pending, or were decided on
        or after the day of the previous meeting (news since last time)."""
        self.ensure_one()
        previous = self.search(
            [
                ("table_id", "=", self.table_id._origin.id),
                ("start", "<", self.start),
                ("state", "!=", "cancelled"),
            ],
            order="start desc",
            limit=1,
        )
        since = [("state", "in", PENDING_STATES)]
        if previous:
            day = self.table_id._to_local(previous.start).date()
            since = Domain.OR([since, [("decision_date", ">=", day)]])
        return Domain.AND(
            [
                [
                    ("table_id", "=", self.table_id._origin.id),
                    ("agreement_id.meeting_id.start", "<", self.start),
                    ("state", "in", HANDED_STATES),
                ],
                since,
            ]
        )

    def _compute_review_handoff_ids(self):
        Handoff = self.env["kp.decision.handoff"]
        for meeting in self:
            meeting.review_handoff_ids = (
                Handoff.search(meeting._review_handoff_domain(), order="id")
                if meeting.table_id and meeting.start
                else False
            )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def name_search(self, name="", domain=None, operator="ilike", limit=100):
        """A meeting picker (the meeting an item goes on, above all) lists
        the meetings to come first, the next one on top, then the past
        ones, the latest first: by date, where the newest-first order read
        like names sorted as text (19.1.2027 above 19.12.2026)."""
        domain = Domain(domain or Domain.TRUE)
        now = fields.Datetime.now()
        coming = super().name_search(
            name, domain & Domain("start", ">=", now), operator, limit=None
        )[::-1][:limit]
        if limit and len(coming) >= limit:
            return coming
        past = super().name_search(
            name,
            domain & ~Domain("start", ">=", now),
            operator,
            limit=limit and limit - len(coming),
        )
        return coming + past

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_send_agenda(self):
        """E-mail the agenda to every attendee, in their language and time zone.

        From the form's button (context ``kp_agenda_preview``) it first shows
        what will be sent and to whom; the preview's button sends."""
        self.check_access("write")
        if self.env.context.get("kp_agenda_preview"):
            self.ensure_one()
            self._check_transition("agenda_sent")
            return {
                "type": "ir.actions.act_window",
                "name": self.env._("Send Agenda"),
                "res_model": "kp.agenda.send.wizard",
                "view_mode": "form",
                "target": "new",
                "context": {"default_meeting_id": self.id},
            }
        for meeting in self:
            meeting._check_transition("agenda_sent")
            update = bool(meeting.agenda_sent_digest)
            # each attendee's e-mail recorded; the chatter tells who got it
            meeting._kp_send_to_attendees("agenda_update" if update else "agenda")
            meeting.write(
                {
                    "state": "agenda_sent",
                    "agenda_sent_digest": meeting.agenda_digest,
                    "agenda_sent_date": fields.Datetime.now(),
                }
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_buttons(self):
        return {**super()._gate_buttons(), "can_send_agenda": "agenda_sent"}

    def _gate_depends(self):
        return (*super()._gate_depends(), "agenda_item_ids", "agenda_digest")

    def _gate_error(self, transition):
        error = super()._gate_error(transition)
        if error or transition != "agenda_sent":
            return error
        if not self.agenda_item_ids:
            return self.env._("The agenda is empty: add items first.")
        if self.agenda_sent_digest == self.agenda_digest:
            return self.env._(
                "This agenda was already sent on %(date)s and has not changed since.",
                date=self.table_id._format_meeting_time(self.agenda_sent_date),
            )
        return False

    def _prepare_agenda(self):
        """A new meeting's agenda starts with the table's standing items and
        the review of the commitments still open."""
        for meeting in self:
            meeting._add_standing_items()
            meeting._add_commitment_review()

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
        # a commitment without a deadline is named with its organisation
        # only (not "by -")
        lines = [
            self.env._(
                "%(what)s — %(organisation)s, by %(deadline)s",
                what=c.name,
                organisation=c.organisation_id.name,
                deadline=self.table_id._format_day(c.deadline),
            )
            if c.deadline
            else f"{c.name} — {c.organisation_id.name}"
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

    def _agenda_html(self):
        """The agenda as the chatter, the e-mail and the portal show it."""
        return self.env["ir.qweb"]._render(
            "kumppanuuspoyta.kp_meeting_agenda_list",
            {"items": self.agenda_item_ids},
        )

    def _sync_event_agenda(self):
        """The agenda travels with the invitation: the calendar event's
        description, which Odoo's invitation shows and its .ics carries, is
        the agenda of an open meeting (in the language of the table's
        municipality, as the event's name)."""
        # bookkeeping of the event, also when a participant proposes an item
        for meeting in self.sudo().filtered(lambda m: m.state in OPEN_STATES):
            in_lang = meeting.with_context(lang=meeting.table_id._event_lang())
            agenda = (
                Markup("<p><strong>%s</strong></p>%s")
                % (in_lang.env._("Agenda"), in_lang._agenda_html())
                if meeting.agenda_item_ids
                else False
            )
            # no notification: a new agenda is sent with "Send Agenda"
            meeting.event_id.sudo().with_context(dont_notify=True).write(
                {"description": agenda}
            )
