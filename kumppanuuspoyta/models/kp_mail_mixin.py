from odoo import models


class KpMailMixin(models.AbstractModel):
    """The one path of the tables' record e-mails: a template rendered for
    one recipient, in the recipient's language, sent from the record's thread.

    Attendee e-mails of a meeting go through ``kp.meeting._notify_attendees_with``
    and the approved minutes through Odoo's composer; everything else a table
    sends to a person (reminders, answers to proposals, cancellations) comes
    here. Every template named here is listed in Configuration > E-mail
    Templates, where managers edit it.
    """

    _name = "kp.mail.mixin"
    _description = "Partnership Table E-mails"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_notify_with_template(self, template, partner, render_record=None):
        """Render ``template`` for ``render_record`` (default: this record;
        the template's language expression names the recipient) and notify
        ``partner`` from this record's thread."""
        self.ensure_one()
        render_record = render_record or self
        rendered = {
            field: template._render_field(field, render_record.ids, compute_lang=True)[
                render_record.id
            ]
            for field in ("subject", "body_html")
        }
        return self.message_notify(
            partner_ids=partner.ids,
            subject=rendered["subject"],
            body=rendered["body_html"],
            email_layout_xmlid="mail.mail_notification_light",
        )
