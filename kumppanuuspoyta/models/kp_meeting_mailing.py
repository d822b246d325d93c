from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import email_normalize, formatLang

from .kp_meeting import OPEN_STATES

# from this many attendees a meeting's e-mails are produced by a job
# (kp_cron_meeting_mails) in committed batches; fewer are sent at once
BACKGROUND_FROM = 50
BATCH_SIZE = 100
SEND_KINDS = [
    ("invitation", "Invitations"),
    ("update", "Change Notices"),
    ("agenda", "Agenda"),
    ("agenda_update", "Updated agenda"),
    ("cancel", "Cancellation Notices"),
]
# each kind's template and the iTIP method of its calendar file
SEND_TEMPLATES = {
    "invitation": ("kumppanuuspoyta.kp_mail_template_invitation", "REQUEST"),
    "update": ("kumppanuuspoyta.kp_mail_template_update", "REQUEST"),
    "agenda": ("kumppanuuspoyta.kp_mail_template_agenda", "REQUEST"),
    "agenda_update": ("kumppanuuspoyta.kp_mail_template_agenda", "REQUEST"),
    "cancel": ("kumppanuuspoyta.kp_mail_template_cancelled", "CANCEL"),
}


class KpMeeting(models.Model):
    """The e-mails of a meeting to its attendees (invitation, change notice,
    agenda, cancellation), each with the attendee's own calendar file: each
    attendee's state recorded, large tables served by a job in batches, and
    what was sent or not told truthfully on the meeting and in its chatter."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.meeting"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    send_kind = fields.Selection(
        SEND_KINDS, string="Last Send", readonly=True, copy=False
    )
    send_user_id = fields.Many2one(
        "res.users", string="Sent by", readonly=True, copy=False
    )
    send_progress = fields.Char(compute="_compute_send_progress", string="E-mails")
    send_problems = fields.Text(compute="_compute_send_progress", string="Not Sent To")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("send_kind")
    def _compute_send_progress(self):
        labels = dict(self._fields["send_kind"]._description_selection(self.env))
        for meeting in self:
            # the sender is not part of the send: Odoo does not e-mail them
            attendees = meeting.sudo().event_id.attendee_ids.filtered("kp_send_state")
            meeting.send_progress = meeting.send_problems = False
            if not meeting.send_kind or not attendees:
                continue
            counts = dict.fromkeys(("pending", "sent", "skipped", "failed"), 0)
            for attendee in attendees:
                counts[attendee.kp_send_state] += 1
            progress = self.env._(
                "%(kind)s: %(sent)s / %(total)s sent",
                kind=labels[meeting.send_kind],
                sent=formatLang(self.env, counts["sent"], digits=0),
                total=formatLang(self.env, len(attendees), digits=0),
            )
            if counts["pending"]:
                progress += ", " + self.env._(
                    "%(count)s waiting",
                    count=formatLang(self.env, counts["pending"], digits=0),
                )
            not_sent = counts["skipped"] + counts["failed"]
            if not_sent:
                progress += ", " + self.env._(
                    "%(count)s not sent",
                    count=formatLang(self.env, not_sent, digits=0),
                )
            meeting.send_progress = progress
            meeting.send_problems = (
                "\n".join(meeting._kp_send_problem_lines(attendees)) or False
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_send_problem_lines(self, attendees):
        return [
            self.env._(
                "%(name)s: %(why)s",
                name=attendee.partner_id.name or attendee.email,
                why=attendee.kp_send_note,
            )
            for attendee in attendees
            if attendee.kp_send_state in ("skipped", "failed")
        ]

    def _kp_send_to_attendees(self, kind):
        """Send ``kind`` to every attendee of each meeting but the sender: at
        once for a small table, by the job for a large one. Each attendee's
        state records what became of their e-mail."""
        background = self.env["kp.meeting"]
        for meeting in self:
            attendees = meeting.event_id.sudo().attendee_ids
            if not attendees:
                continue
            sender = attendees.filtered(
                lambda a: a.partner_id == self.env.user.partner_id
            )
            (attendees - sender).write(
                {"kp_send_state": "pending", "kp_send_note": False}
            )
            sender.write({"kp_send_state": False, "kp_send_note": False})
            meeting.sudo().write({"send_kind": kind, "send_user_id": self.env.uid})
            if len(attendees) >= BACKGROUND_FROM:
                background |= meeting
            else:
                meeting._kp_send_pending()
        if background:
            self.env.ref("kumppanuuspoyta.kp_cron_meeting_mails").sudo()._trigger()

    def _kp_event_changed(self, moved, newcomers):
        """The meeting's event was written (``calendar.event.write``): a new
        time or place revises the calendar entry and, for a coming meeting,
        sends the change notice; attendees new to a coming meeting get the
        invitation (as Odoo invites an event's new attendees)."""
        if moved:
            self._kp_ics_revise()
        if self.state not in OPEN_STATES or self.start <= fields.Datetime.now():
            return
        if moved:
            self._kp_send_to_attendees("update")
        elif newcomers:
            xmlid, method = SEND_TEMPLATES["invitation"]
            newcomers.filtered(
                lambda a: a.email and a.partner_id != self.env.user.partner_id
            )._kp_notify(self.env.ref(xmlid), method)

    def _kp_send_pending(self, limit=None):
        """One step of the send: the e-mails of (at most ``limit``) waiting
        attendees, each marked sent, not sent or failed in the same
        transaction. Returns how many attendees were handled; when none is
        left waiting the chatter tells the result and the mail queue is
        asked to deliver at once."""
        self.ensure_one()
        meeting = self.sudo()
        waiting = meeting.event_id.attendee_ids.filtered(
            lambda a: a.kp_send_state == "pending"
        )
        batch = waiting[:limit] if limit else waiting
        if not batch:
            return 0
        no_address = batch.filtered(lambda a: not a.email)
        invalid = (batch - no_address).filtered(lambda a: not email_normalize(a.email))
        no_address.write(
            {
                "kp_send_state": "skipped",
                "kp_send_note": self.env._("no e-mail address"),
            }
        )
        invalid.write(
            {
                "kp_send_state": "failed",
                "kp_send_note": self.env._("the e-mail address is not valid"),
            }
        )
        sendable = batch - no_address - invalid
        if sendable:
            # as the sender (the author of the e-mails), with the rights of
            # whoever may write the meeting
            sendable = sendable.with_user(meeting.send_user_id or self.env.user).sudo()
            xmlid, method = SEND_TEMPLATES[meeting.send_kind]
            template = self.env.ref(xmlid).with_context(
                kp_agenda_update=meeting.send_kind == "agenda_update"
            )
            queued = sendable._kp_notify(template, method)
            queued.write({"kp_send_state": "sent", "kp_send_note": False})
            # sent only when queued: the calendar's e-mails may be stopped
            (sendable - queued).write(
                {
                    "kp_send_state": "skipped",
                    "kp_send_note": sendable._kp_mail_stopped()
                    or self.env._("the contact is archived"),
                }
            )
        if len(batch) == len(waiting):
            meeting._kp_send_done()
        return len(batch)

    def _kp_send_done(self):
        """The send is over: the chatter tells the truth, the queue delivers."""
        attendees = self.event_id.attendee_ids
        count = len(attendees.filtered(lambda a: a.kp_send_state == "sent"))
        lines = self._kp_send_problem_lines(attendees)
        if self.send_kind == "invitation":
            summary = self.env._(
                "Invitations sent to %(count)s attendees.", count=count
            )
        elif self.send_kind == "update":
            summary = self.env._(
                "Change notices sent to %(count)s attendees.", count=count
            )
        elif self.send_kind == "cancel":
            summary = self.env._(
                "Cancellation notices sent to %(count)s attendees.", count=count
            )
        elif self.send_kind == "agenda_update":
            summary = self.env._(
                "Updated agenda sent to %(count)s attendees.", count=count
            )
        else:
            summary = self.env._("Agenda sent to %(count)s attendees.", count=count)
        body = Markup("<p>%s</p>") % summary
        if lines:
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Not sent to %(count)s:", count=len(lines)),
                Markup().join(Markup("<li>%s</li>") % line for line in lines),
            )
        if self.send_kind in ("agenda", "agenda_update"):
            body += self._agenda_html()
        self.with_user(self.send_user_id or self.env.user).sudo().message_post(
            body=body, subtype_xmlid="mail.mt_note"
        )
        # urgent: delivered now, not at the queue's next hourly run
        self.env.ref("mail.ir_cron_mail_scheduler_action").sudo()._trigger()

    @api.model
    def _cron_send_pending_mails(self):
        """The job of large tables' e-mails: batches of attendees, each
        committed with their states, so a restart resumes where it stopped."""
        Cron = self.env["ir.cron"]
        Attendee = self.env["calendar.attendee"].sudo()
        Cron._commit_progress(
            remaining=Attendee.search_count([("kp_send_state", "=", "pending")])
        )
        for done in self._kp_pending_steps():
            if not Cron._commit_progress(done):
                # out of time: Odoo runs the job again for what remains
                return

    @api.model
    def _kp_pending_steps(self):
        """The job's batches, one by one: each yields how many attendees it
        handled, and the job commits between them."""
        meetings = (
            self.sudo()
            .with_context(active_test=False)
            .search([("event_id.attendee_ids.kp_send_state", "=", "pending")])
        )
        for meeting in meetings:
            while done := meeting._kp_send_pending(limit=BATCH_SIZE):
                yield done
