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
