import ast
import base64
import re
import secrets
import textwrap

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.tools import clean_context, email_normalize, formataddr, formatLang
from odoo.tools.mail import generate_tracking_message_id, html_to_inner_content

# from this many attendees a meeting's e-mails are produced by a job
# (kp_cron_meeting_mails) in committed batches; fewer are sent at once
BACKGROUND_FROM = 50
BATCH_SIZE = 100
# the text of a mail's preview is found in this much of its start
PREVIEW_FROM = 4000
SEND_KINDS = [
    ("invitation", "Invitations"),
    ("agenda", "Agenda"),
    ("agenda_update", "Updated agenda"),
]


def _text_escape(text):
    """``text`` as lxml writes it in a text node (the sanitizer's output)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _names_in_text(pattern, html):
    """Whether every name marker of ``pattern`` in ``html`` is in a text
    node (not inside a tag, where a name would be escaped otherwise)."""
    for match in pattern.finditer(html or ""):
        if match.group(1) != "t" and html.rfind("<", 0, match.start()) > html.rfind(
            ">", 0, match.start()
        ):
            return False
    return True


class _Marked:
    """A text rendered once with markers (see ``_kp_render_marked``), made
    each attendee's own: their name, their reply token, "you" in place of
    their own name in the list of attendees, the preview of their text."""

    def __init__(self, pattern, you, names):
        self.pattern, self.you, self.names = pattern, you, names
        self.plain, self.you_plain = "", ""

    def __call__(self, text, attendee, html=True):
        return self.pattern.sub(lambda match: self._value(match, attendee, html), text)

    def _value(self, match, attendee, html):
        kind = match.group(1)
        if kind == "p":
            return escape(self.preview(attendee))
        if kind == "t":
            return attendee.access_token
        if kind == "g":
            name = attendee.common_name or ""
        elif int(match.group(2)) == attendee.id:
            return self.you if html else self.you_plain
        else:
            name = self.names.get(int(match.group(2))) or ""
        # as the sanitizer writes a text node
        return _text_escape(name) if html else name

    def preview(self, attendee):
        """As mail.message's preview of the attendee's own text."""
        text = self(self.plain[:PREVIEW_FROM], attendee, html=False)
        if len(self.plain) > PREVIEW_FROM and len(" ".join(text.split())) < 400:
            text = self(self.plain, attendee, html=False)
        return textwrap.shorten(text, 190)


class CalendarAttendee(models.Model):
    _inherit = "calendar.attendee"

    # the attendee's part in the meeting's latest send: a job resumed after a
    # crash sends only to who is still waiting, so no one gets it twice
    kp_send_state = fields.Selection(
        [
            ("pending", "Waiting"),
            ("sent", "Sent"),
            ("skipped", "Not Sent"),
            ("failed", "Failed"),
        ],
        string="E-mail",
        readonly=True,
        copy=False,
    )
    kp_send_note = fields.Char(string="Why Not Sent", readonly=True, copy=False)


class KpMeeting(models.Model):
    """The e-mails of a meeting to its attendees (invitations, the agenda):
    each attendee's state recorded, large tables served by a job in
    batches, and what was sent, failed or skipped told truthfully on the
    meeting and in its chatter."""

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
    # the send's calendar file: made once per event, shared by every e-mail
    send_ics_id = fields.Many2one(
        "ir.attachment", string="Calendar File", readonly=True, copy=False
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
            attendees = meeting.sudo().event_id.attendee_ids
            if not meeting.send_kind or not attendees:
                meeting.send_progress = False
                meeting.send_problems = False
                continue
            counts = {
                state: len(attendees.filtered(lambda a, s=state: a.kp_send_state == s))
                for state in ("pending", "sent", "skipped", "failed")
            }
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

    def _kp_send_template(self):
        self.ensure_one()
        if self.send_kind == "invitation":
            return self.env.ref("calendar.calendar_template_meeting_invitation")
        template = self.env.ref("kumppanuuspoyta.kp_mail_template_agenda")
        # the template renders with its own context (ctx)
        return template.with_context(kp_agenda_update=self.send_kind == "agenda_update")

    def _kp_send_to_attendees(self, kind):
        """Send ``kind`` to every attendee of each meeting: at once for a
        small table, by the job for a large one. Each attendee's state
        records what became of their e-mail."""
        background = self.env["kp.meeting"]
        for meeting in self:
            attendees = meeting.event_id.sudo().attendee_ids
            if not attendees:
                continue
            attendees.write({"kp_send_state": "pending", "kp_send_note": False})
            meeting.sudo().write(
                {"send_kind": kind, "send_user_id": self.env.uid, "send_ics_id": False}
            )
            if len(attendees) >= BACKGROUND_FROM:
                background |= meeting
            else:
                meeting._kp_send_pending()
        if background:
            self.env.ref("kumppanuuspoyta.kp_cron_meeting_mails").sudo()._trigger()

    def _kp_send_pending(self, limit=None):
        """One step of the send: the e-mails of (at most ``limit``) waiting
        attendees, each marked sent, skipped or failed in the same
        transaction. Returns how many attendees were handled; when none is
        left waiting the chatter tells the result and the mail queue is
        asked to deliver at once."""
        self.ensure_one()
        meeting = self.sudo()
        sender = meeting.send_user_id or self.env.user
        waiting = meeting.event_id.attendee_ids.filtered(
            lambda a: a.kp_send_state == "pending"
        )
        batch = waiting[:limit] if limit else waiting
        if not batch:
            return 0
        sendable = batch.browse()
        for attendee in batch:
            if not attendee.email:
                attendee.write(
                    {
                        "kp_send_state": "skipped",
                        "kp_send_note": self.env._("no e-mail address"),
                    }
                )
            elif not email_normalize(attendee.email):
                attendee.write(
                    {
                        "kp_send_state": "failed",
                        "kp_send_note": self.env._("the e-mail address is not valid"),
                    }
                )
            elif attendee.partner_id == sender.partner_id:
                attendee.write(
                    {
                        "kp_send_state": "skipped",
                        "kp_send_note": self.env._("the sender"),
                    }
                )
            else:
                sendable |= attendee
        if sendable:
            # as the sender (the author of the e-mails; Odoo does not e-mail
            # the sender), with the rights of whoever may write the meeting
            sendable = sendable.with_user(sender).sudo()
            template = meeting._kp_send_template().with_user(sender).sudo()
            if len(meeting.event_id.attendee_ids) >= BACKGROUND_FROM:
                meeting.with_user(sender).sudo()._kp_notify_in_bulk(sendable, template)
            else:
                sendable._notify_attendees(template)
            sendable.write({"kp_send_state": "sent", "kp_send_note": False})
        if len(batch) == len(waiting):
            meeting._kp_send_done()
        return len(batch)

    def _kp_send_done(self):
        """The send is over: the chatter tells the truth, the queue delivers."""
        attendees = self.event_id.attendee_ids
        sent = attendees.filtered(lambda a: a.kp_send_state == "sent")
        lines = self._kp_send_problem_lines(attendees)
        if self.send_kind == "invitation":
            summary = self.env._(
                "Invitations sent to %(count)s attendees.", count=len(sent)
            )
        elif self.send_kind == "agenda_update":
            summary = self.env._(
                "Updated agenda sent to %(count)s attendees.", count=len(sent)
            )
        else:
            summary = self.env._("Agenda sent to %(count)s attendees.", count=len(sent))
        body = Markup("<p>%s</p>") % summary
        if lines:
            body += Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Not sent to %(count)s:", count=len(lines)),
                Markup().join(Markup("<li>%s</li>") % line for line in lines),
            )
        if self.send_kind != "invitation":
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

    # ------------------------------------------------------------
    # TOOLS: e-mails of a large table in bulk
    # ------------------------------------------------------------

    def _kp_notify_in_bulk(self, attendees, template):
        """What ``calendar.attendee._notify_attendees(template)`` produces,
        for a batch of a large table's attendees, in a number of queries
        that does not grow with the batch: the template rendered once per
        language and time zone, one ``.ics`` for the event, the e-mails
        created together. Each attendee still gets their own e-mail, with
        their own name, their own reply links and their own To:.

        The representative of each group is notified by Odoo's own
        ``message_notify`` (so the layout, headers and values are Odoo's),
        with markers where the attendee's own values go; the others'
        messages, e-mails and notifications are copies with each one's
        values put in. Attendees Odoo treats apart (users, who may be
        notified in their inbox; the event's organiser, whom the template
        greets differently) and any group whose template does not render
        apart from those values go through ``_notify_attendees``."""
        self.ensure_one()
        event = self.event_id
        if (
            self.env["ir.config_parameter"].sudo().get_param("calendar.block_mail")
            or self.env.context.get("no_mail_to_attendees")
            or event._skip_send_mail_status_update()
        ):
            return
        one_by_one = attendees.filtered(
            lambda a: (
                a.partner_id.with_context(active_test=False).user_ids
                or a.partner_id == event.partner_id
                or template.attachment_ids
            )
        )
        rest = attendees - one_by_one
        langs = template._render_lang(rest.ids) if rest else {}
        groups = {}
        for attendee in rest:
            # the template's language, the layout's (the recipient's), the
            # time zone the template writes the time in
            key = (langs[attendee.id], attendee.partner_id.lang, attendee.mail_tz)
            groups.setdefault(key, []).append(attendee.id)
        for (lang, _partner_lang, _tz), ids in groups.items():
            group = attendees.browse(ids)
            # as _render_field(compute_lang=True) renders it
            localised = template.with_context(lang=lang) if lang else template
            if not self._kp_notify_group(group, localised):
                one_by_one |= group
        if one_by_one:
            one_by_one._notify_attendees(template)

    def _kp_send_ics(self):
        """The event's calendar file of this send, made at its first batch."""
        if not self.send_ics_id:
            ics = self.event_id._get_ics_file().get(self.event_id.id)
            if not ics:
                return self.send_ics_id
            # an .ics must not create a document (as Odoo's no_document)
            self.send_ics_id = (
                self.env["ir.attachment"]
                .with_context(**clean_context(self.env.context), no_document=True)
                .create(
                    {
                        "datas": base64.b64encode(ics),
                        "description": "invitation.ics",
                        "mimetype": "text/calendar",
                        "res_model": "calendar.event",
                        "res_id": self.event_id.id,
                        "name": "invitation.ics",
                    }
                )
            )
        return self.send_ics_id

    def _kp_render_marked(self, group, template):
        """The template rendered once for ``group``: (body, subject,
        email_from, you, marker pattern), the body and subject holding a
        marker for the greeting name, one for the reply token and one per
        attendee of the event in the attendee list; ``you`` is what the
        template writes in place of the recipient's own name in that list.
        None when the template's output depends on the attendee in another
        way (then each attendee is rendered apart)."""
        Attendee = self.env["calendar.attendee"]
        event = self.event_id
        everyone = event.attendee_ids
        representative = group[0]
        prefix = f"kp{secrets.token_hex(8)}"
        greeting, token = f"{prefix}g", f"{prefix}t"
        names = {attendee.id: f"{prefix}n{attendee.id}q" for attendee in everyone}
        common_name = Attendee._fields["common_name"]
        access_token = Attendee._fields["access_token"]
        everyone.flush_recordset(["common_name", "access_token"])
        try:
            # the values the template reads, in the cache only: markers
            for attendee in everyone:
                common_name._update_cache(attendee, names[attendee.id])
            # a stand-in recipient, not in the event's list, so the list
            # names everyone (the representative too) by marker
            stand_in = Attendee.new(
                {
                    "event_id": event.id,
                    "partner_id": representative.partner_id.id,
                    "email": representative.email,
                    "state": representative.state,
                    "common_name": greeting,
                    "access_token": token,
                }
            )
            body = template._render_field("body_html", [stand_in.id])[stand_in.id]
            subject = template._render_field("subject", [stand_in.id])[stand_in.id]
            # the representative itself, to learn what stands for "you"
            common_name._update_cache(representative, greeting)
            access_token._update_cache(representative, token)
            own = template._render_field("body_html", representative.ids)
            own_subject = template._render_field("subject", representative.ids)
            email_from = template._render_field("email_from", representative.ids)
        finally:
            everyone.invalidate_recordset(["common_name", "access_token"], flush=False)
        own, own_subject = own[representative.id], own_subject[representative.id]
        email_from = email_from[representative.id]
        mark = names[representative.id]
        if own_subject != subject or prefix in (email_from or ""):
            return None
        if mark not in body:
            you = ""
            if own != body:
                return None
        else:
            before, _sep, after = body.partition(mark)
            if mark in after or not (
                own.startswith(before)
                and own.endswith(after)
                and len(own) >= len(before) + len(after)
            ):
                return None
            you = own[len(before) : len(own) - len(after)]
        pattern = re.compile(re.escape(prefix) + r"(g|t|p|n(\d+)q)")
        if not _names_in_text(pattern, body):
            # a name inside a tag would be escaped otherwise
            return None
        return body, subject, email_from, you, pattern, prefix

    def _kp_notify_group(self, group, template):
        """The e-mails of one language and time zone group (see
        ``_kp_notify_in_bulk``). False when the template cannot be rendered
        once for the group."""
        event = self.event_id
        rendered = self._kp_render_marked(group, template)
        if not rendered:
            return False
        body, subject, email_from, you, pattern, prefix = rendered
        own = _Marked(pattern, you, {a.id: a.common_name for a in event.attendee_ids})
        representative, others = group[0], group[1:]
        ics = self._kp_send_ics()
        # the representative through Odoo's own path, as _notify_attendees
        # notifies one attendee
        author = event.user_id.partner_id.id or self.env.user.partner_id.id
        message = (
            event.with_context(no_document=True)
            .sudo()
            .message_notify(
                email_from=email_from or None,
                author_id=author,
                body=body,
                subject=subject,
                notify_author=False,
                partner_ids=representative.partner_id.ids,
                email_layout_xmlid="mail.mail_notification_light",
                attachment_ids=ics.ids,
                force_send=False,
            )
        )
        mail = message.mail_ids[:1]
        marked_body, marked_html = message.body, mail.body_html
        # the layout's preview: the start of each one's own text, shortened
        # as mail.message's preview is
        own.plain = html_to_inner_content(marked_body)
        own.you_plain = html_to_inner_content(Markup(you))
        shown = str(escape(message.preview))
        if shown and marked_html.count(shown) == 1:
            marked_html = marked_html.replace(shown, f"{prefix}p")
        headers = ast.literal_eval(mail.headers) if mail.headers else {}
        notification = message.notification_ids[:1]
        shared = {
            "author_id": message.author_id.id,
            "email_from": message.email_from,
            "model": message.model,
            "res_id": message.res_id,
            "is_internal": message.is_internal,
            "message_type": message.message_type,
            "subtype_id": message.subtype_id.id,
            "email_add_signature": message.email_add_signature,
            "email_layout_xmlid": message.email_layout_xmlid,
            "record_alias_domain_id": message.record_alias_domain_id.id,
            "record_company_id": message.record_company_id.id,
            "reply_to": message.reply_to,
            "attachment_ids": [Command.set(ics.ids)],
            "auto_delete": mail.auto_delete,
            "mail_server_id": mail.mail_server_id.id,
            "is_notification": True,
        }
        mail_values = []
        for attendee in others:
            message_id = generate_tracking_message_id("message-notify")
            partner = attendee.partner_id
            if "X-Msg-To-Add" in headers:
                headers["X-Msg-To-Add"] = formataddr(
                    (partner.name, partner.email_normalized)
                )
            mail_values.append(
                {
                    **shared,
                    "subject": own(mail.subject or "", attendee, html=False),
                    "body": Markup(own(marked_body, attendee)),
                    "message_id": message_id,
                    "partner_ids": [Command.set(partner.ids)],
                    "body_html": own(marked_html, attendee),
                    "references": (mail.references or "").replace(
                        message.message_id, message_id
                    ),
                    "headers": repr(headers) if headers else False,
                    "recipient_ids": [Command.set(partner.ids)],
                }
            )
        # the representative's own values in place of its markers
        message.write(
            {
                "body": Markup(own(marked_body, representative)),
                "subject": own(message.subject or "", representative, html=False),
            }
        )
        mail.write({"body_html": own(marked_html, representative)})
        mails = self.env["mail.mail"].sudo().create(mail_values)
        self.env["mail.notification"].sudo().create(
            [
                {
                    "author_id": notification.author_id.id,
                    "is_read": True,
                    "mail_message_id": new_mail.mail_message_id.id,
                    "mail_mail_id": new_mail.id,
                    "notification_status": "ready",
                    "notification_type": "email",
                    "res_partner_id": attendee.partner_id.id,
                }
                for new_mail, attendee in zip(mails, others, strict=True)
            ]
        )
        return True
