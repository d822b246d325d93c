from odoo import api, models
from odoo.tools import email_normalize, formataddr


class KpMailMixin(models.AbstractModel):
    """The one path of the tables' record e-mails: a template rendered for
    one recipient, in the recipient's language, sent from the record's thread.
    It also keeps the share link's token out of the group-bys.

    Attendee e-mails of a meeting go through ``calendar.attendee._kp_notify``
    and the approved minutes through Odoo's composer (each recipient in their
    language: ``_kp_post_in_recipients_languages``); everything else a table
    sends to a person (reminders, answers to proposals) comes
    here. Every template named here is listed in Configuration > E-mail
    Templates, where managers edit it.
    """

    _name = "kp.mail.mixin"
    _description = "Partnership Table E-mails"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model
    def fields_get(self, allfields=None, attributes=None):
        """The share link's token (portal.mixin's access_token) is nothing to
        group or filter by: Odoo's custom group-by offered
        "Suojaustunniste"."""
        descriptions = super().fields_get(allfields, attributes)
        token = descriptions.get("access_token", {})
        for key in ("groupable", "searchable", "sortable"):
            if key in token:
                token[key] = False
        return descriptions

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_sender(self, author_id=None, email_from=None):
        """(author, From) of what the table sends (mail.thread's message_post
        and message_notify ask it for the records of this mixin): the author
        as Odoo finds them (the chatter names them), the address the
        municipality's, with the author's name. A participant who writes, a
        coordinator who sends the minutes or answers a proposal, a job's
        reminder: none shows a person's mailbox to the others (Odoo's From is
        the author's own address)."""
        author_id, email_from = self._message_compute_author(author_id, email_from)
        company = self.company_id[:1] if "company_id" in self._fields else False
        company = (company or self.env.company).sudo()
        address = email_normalize(company.email) or email_normalize(
            company.default_from_email
        )
        if not address:
            return author_id, email_from
        author = self.env["res.partner"].browse(author_id).sudo()
        # a job's message (OdooBot) comes from the municipality by name
        name = company.name if author == self.env.ref("base.partner_root") else None
        return author_id, formataddr((name or author.name or company.name, address))

    def _notify_by_email_get_headers(self, headers=None):
        """No copy names the other recipients. For reply-all, Odoo puts every
        external recipient's address (portal participants, residents) in
        X-Msg-To-Add, which the mail server turns into the To: header of
        every copy; a table does not share its participants' addresses."""
        headers = super()._notify_by_email_get_headers(headers=headers)
        headers.pop("X-Msg-To-Add", None)
        return headers

    def _kp_notify_with_template(
        self, template, partner, render_record=None, reply_purpose=None
    ):
        """Render ``template`` for ``render_record`` (default: this record;
        the template's language expression names the recipient) and notify
        ``partner`` from this record's thread; with ``reply_purpose``
        (``kp.mail.reply``'s), their reply to it acts on this record."""
        self.ensure_one()
        render_record = render_record or self
        rendered = {
            field: template._render_field(field, render_record.ids, compute_lang=True)[
                render_record.id
            ]
            for field in ("subject", "body_html")
        }
        reply_to = reply_purpose and self.env["kp.mail.reply"]._kp_reply_to(
            self, partner, reply_purpose
        )
        return self.message_notify(
            partner_ids=partner.ids,
            subject=rendered["subject"],
            body=rendered["body_html"],
            email_layout_xmlid="mail.mail_notification_light",
            **({"reply_to": reply_to} if reply_to else {}),
        )

    def _kp_post_in_recipients_languages(self, template, post, kwargs):
        """Post what Odoo's composer sends (``post(**kwargs)``, its
        message_post) to the recipients who read the composer's language, and
        notify every other recipient with ``template`` rendered in their own.

        In comment mode the composer renders a template once, in its ``lang``
        (kwargs ``force_email_lang``), for all recipients of the record; only
        the mail layout follows each recipient's language. The composer's
        text, edits included, goes to its own language; the others get the
        template, and the posted message still names all recipients.
        """
        self.ensure_one()
        lang = kwargs.get("force_email_lang") or self.env.lang
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        partners = self.env["res.partner"].browse(kwargs.get("partner_ids") or [])
        others = partners.filtered(lambda p: p.lang in installed and p.lang != lang)
        message = post(**{**kwargs, "partner_ids": (partners - others).ids})
        # the chatter keeps one message that names everyone it went to
        message.sudo().partner_ids |= others
        for other_lang, group in others.grouped("lang").items():
            rendered = {
                field: template._render_field(field, self.ids, set_lang=other_lang)[
                    self.id
                ]
                for field in ("subject", "body_html")
            }
            self.message_notify(
                partner_ids=group.ids,
                subject=rendered["subject"],
                body=rendered["body_html"],
                attachment_ids=message.attachment_ids.ids,
                email_layout_xmlid=kwargs.get("email_layout_xmlid"),
                force_email_lang=other_lang,
            )
        return message
