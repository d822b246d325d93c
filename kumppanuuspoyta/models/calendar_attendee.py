from odoo import fields, models
from odoo.tools.mail import generate_tracking_message_id

LAYOUT = "mail.mail_notification_light"


class CalendarAttendee(models.Model):
    """An attendee of a meeting's calendar event: their part in the meeting's
    latest send (kp_meeting_mailing.py), and the one path of the meeting's
    e-mails to them, beside calendar's own ``_notify_attendees``."""

    _inherit = "calendar.attendee"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # the attendee's part in the meeting's latest send: a job resumed after a
    # crash sends only to who is still waiting, so no one gets it twice; the
    # sender has none (Odoo does not e-mail the sender)
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

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_notify(self, template, method):
        """E-mail ``template`` to these attendees of one meeting, each with
        their own calendar file of iTIP ``method``: the one path of the
        meeting's e-mails, for a small table at once and for a large one by
        the job, so an e-mail is the same whichever made it. Returns the
        attendees notified: none when the calendar's e-mails are stopped.

        What ``message_notify`` makes for each attendee, as calendar's own
        ``_notify_attendees`` calls it, made for the batch together: the
        template rendered for all at once (each in their language), the
        messages created together, each put in Odoo's layout by the event's
        own methods, and their ``mail.mail`` created together, as survey's
        invitations (``survey.invite._send_mail``). Users whom Odoo notifies
        in its inbox get Odoo's ``message_notify`` itself."""
        if not self or self._kp_mail_stopped():
            return self.browse()
        meeting = self.event_id.ensure_one().sudo().kp_meeting_ids
        event = self.event_id.with_context(no_document=True)
        files = meeting._kp_ics_attachments(self, method)
        values, langs = self._kp_message_values(
            template, dict(zip(self, files, strict=True))
        )
        # how Odoo notifies each (by e-mail, or a user in the inbox), if at
        # all (not an archived contact)
        recipients = {
            data["id"]: data
            for data in event._notify_get_recipients(
                self.env["mail.message"],
                {**values[self[0]], "partner_ids": self.partner_id.ids},
            )
        }
        notified = self.filtered(lambda a: a.partner_id.id in recipients)
        by_mail = notified.filtered(
            lambda a: recipients[a.partner_id.id]["notif"] == "email"
        )
        for attendee in notified - by_mail:
            # Odoo's own notification of a user, in their inbox
            vals = values[attendee]
            event.message_notify(
                author_id=vals["author_id"],
                email_from=vals["email_from"],
                body=vals["body"],
                subject=vals["subject"],
                partner_ids=attendee.partner_id.ids,
                email_layout_xmlid=LAYOUT,
                attachment_ids=vals["attachment_ids"],
                force_send=False,
            )
        messages = (
            self.env["mail.message"]
            .sudo()
            .create([values[attendee] for attendee in by_mail])
        )
        headers = repr(event._notify_by_email_get_headers())
        self.env["mail.mail"].sudo().create(
            [
                {
                    "mail_message_id": message.id,
                    "body_html": attendee._kp_layout(
                        message,
                        values[attendee],
                        recipients[attendee.partner_id.id],
                        langs[attendee.id],
                    ),
                    "references": message.message_id,
                    "headers": headers,
                    "recipient_ids": attendee.partner_id.ids,
                    "auto_delete": template.auto_delete,
                }
                for attendee, message in zip(by_mail, messages, strict=True)
            ]
        )
        return notified

    def _kp_mail_stopped(self):
        """Why the calendar's e-mails to these attendees are stopped (what
        calendar's ``_notify_attendees`` checks), or False."""
        if self.env["ir.config_parameter"].sudo().get_param("calendar.block_mail"):
            return self.env._("the calendar's e-mails are turned off")
        if self.env.context.get("no_mail_to_attendees"):
            return self.env._("e-mails to attendees were held back")
        if self.event_id._skip_send_mail_status_update():
            return self.env._("the calendar sends no e-mail for this event")
        return False

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kp_message_values(self, template, files):
        """({attendee: the values of their message}, {attendee id: their
        language}): the values as ``message_notify`` fills them for a
        notification of the event (from the event's own methods), the
        template rendered for all at once."""
        event = self.event_id.with_context(no_document=True)
        subjects = template._render_field("subject", self.ids, compute_lang=True)
        bodies = template._render_field("body_html", self.ids, compute_lang=True)
        senders = template._render_field("email_from", self.ids)
        langs = template._render_lang(self.ids)
        author = event.user_id.partner_id.id or self.env.user.partner_id.id
        company = self.env.company
        common = {
            "model": event._name,
            "res_id": event.id,
            "message_type": "user_notification",
            "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note"),
            "is_internal": True,
            "email_layout_xmlid": LAYOUT,
            "email_add_signature": True,
            "record_alias_domain_id": event._mail_get_alias_domains(
                default_company=company
            )[event.id].id,
            "record_company_id": event._mail_get_companies(default=company)[
                event.id
            ].id,
        }
        replies, values = {}, {}
        meeting = event.sudo().kp_meeting_ids[:1]
        Reply = self.env["kp.mail.reply"]
        for attendee in self:
            author_id, email_from = event._message_compute_author(
                author, senders[attendee.id] or None
            )
            if (author_id, email_from) not in replies:
                replies[author_id, email_from] = event._notify_get_reply_to(
                    default=email_from, author_id=author_id
                )[event.id]
            values[attendee] = {
                **common,
                "author_id": author_id,
                "email_from": email_from,
                # their own Reply-To: a reply proposes for the agenda
                "reply_to": (
                    meeting
                    and Reply._kp_reply_to(meeting, attendee.partner_id, "meeting")
                )
                or replies[author_id, email_from],
                "subject": subjects[attendee.id],
                "body": bodies[attendee.id],
                "partner_ids": attendee.partner_id.ids,
                "attachment_ids": files[attendee].ids,
                "message_id": generate_tracking_message_id("message-notify"),
            }
        return values, langs

    def _kp_layout(self, message, values, recipient, lang):
        """The message in Odoo's e-mail layout for the attendee, rendered by
        the event's own methods as ``message_notify`` renders it."""
        event = self.event_id
        msg_vals = {**values, "tracking_value_ids": []}
        for _lang, render, group in event._notify_get_classified_recipients_iterator(
            message, [recipient], msg_vals=msg_vals, force_email_lang=lang
        ):
            return event._notify_by_email_render_layout(
                message, group, msg_vals=msg_vals, render_values=render
            )
        return message.body
