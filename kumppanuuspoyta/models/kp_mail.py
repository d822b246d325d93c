"""E-mails rendered for one recipient, in the recipient's language."""


def notify_with_template(thread, template, render_record, partner):
    """Render ``template`` for ``render_record`` (the template's language
    expression names the recipient) and notify ``partner`` from ``thread``."""
    rendered = {
        field: template._render_field(field, render_record.ids, compute_lang=True)[
            render_record.id
        ]
        for field in ("subject", "body_html")
    }
    return thread.message_notify(
        partner_ids=partner.ids,
        subject=rendered["subject"],
        body=rendered["body_html"],
        email_layout_xmlid="mail.mail_notification_light",
    )


def post_in_recipients_languages(thread, template, post, kwargs):
    """Post what Odoo's composer sends (``post(**kwargs)``, its message_post)
    to the recipients who read the composer's language, and notify every
    other recipient of ``thread`` with ``template`` rendered in their own.

    In comment mode the composer renders a template once, in its ``lang``
    (kwargs ``force_email_lang``), for all recipients of the record; only
    the mail layout follows each recipient's language. The composer's text,
    edits included, goes to its own language; the others get the template,
    and the posted message still names all recipients.
    """
    thread.ensure_one()
    lang = kwargs.get("force_email_lang") or thread.env.lang
    installed = {code for code, _name in thread.env["res.lang"].get_installed()}
    partners = thread.env["res.partner"].browse(kwargs.get("partner_ids") or [])
    others = partners.filtered(lambda p: p.lang in installed and p.lang != lang)
    message = post(**{**kwargs, "partner_ids": (partners - others).ids})
    # the chatter keeps one message that names everyone it went to
    message.sudo().partner_ids |= others
    for other_lang, group in others.grouped("lang").items():
        rendered = {
            field: template._render_field(field, thread.ids, set_lang=other_lang)[
                thread.id
            ]
            for field in ("subject", "body_html")
        }
        thread.message_notify(
            partner_ids=group.ids,
            subject=rendered["subject"],
            body=rendered["body_html"],
            attachment_ids=message.attachment_ids.ids,
            email_layout_xmlid=kwargs.get("email_layout_xmlid"),
            force_email_lang=other_lang,
        )
    return message
