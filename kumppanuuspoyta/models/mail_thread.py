from odoo import api, models

# where message_route leaves a reply of ours for message_update
REPLY_KEY = "kp_reply"


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def message_post(self, **kwargs):
        # what a table's record sends comes from its municipality's address
        # (kp.mail.mixin._kp_sender: a mixin's override of a mail.thread
        # method comes after mail.thread's and would never run); an incoming
        # e-mail (message_type "email") keeps its sender
        if hasattr(self, "_kp_sender") and kwargs.get("message_type") != "email":
            kwargs["author_id"], kwargs["email_from"] = self._kp_sender(
                kwargs.get("author_id"), kwargs.get("email_from")
            )
        return super().message_post(**kwargs)

    def message_notify(self, **kwargs):
        if hasattr(self, "_kp_sender"):
            kwargs["author_id"], kwargs["email_from"] = self._kp_sender(
                kwargs.get("author_id"), kwargs.get("email_from")
            )
        return super().message_notify(**kwargs)

    # ------------------------------------------------------------
    # MAIL GATEWAY
    # ------------------------------------------------------------

    @api.model
    def message_route(
        self, message, message_dict, model=None, thread_id=None, custom_values=None
    ):
        """A reply to one of the addon's personal Reply-To addresses
        (``catchall+kp-<token>@…`` in Delivered-To, To or Cc, see
        ``kp.mail.reply``) goes to the record it answers; everything else,
        bounces included, is routed by Odoo as before. A *valmis* answer
        that Odoo's own reply routing sends to a commitment (a reply to a
        notification of it) acts under the same rules of trust
        (``kp.mail.reply._kp_notified_ticket``)."""
        Reply = self.env["kp.mail.reply"]
        if not message_dict.get("is_bounce"):
            ticket = Reply._kp_ticket(message, message_dict)
            if ticket:
                if ticket["too_large"]:
                    # the gateway posts the message without its attachments
                    message_dict["attachments"] = []
                # read back (and removed) by message_update before the
                # gateway posts the message
                message_dict[REPLY_KEY] = ticket
                return [Reply._kp_route(ticket)]
        routes = super().message_route(
            message,
            message_dict,
            model=model,
            thread_id=thread_id,
            custom_values=custom_values,
        )
        if not message_dict.get("is_bounce"):
            ticket = Reply._kp_notified_ticket(message, message_dict, routes)
            if ticket:
                if ticket["too_large"]:
                    message_dict["attachments"] = []
                message_dict[REPLY_KEY] = ticket
        return routes

    def message_update(self, msg_dict, update_vals=None):
        """The gateway delivers a reply routed by ``message_route`` to its
        record: ``kp.mail.reply`` applies it (or keeps it for review) before
        the gateway posts the message itself on the record."""
        ticket = msg_dict.pop(REPLY_KEY, None)
        result = super().message_update(msg_dict, update_vals=update_vals)
        if ticket:
            self.env["kp.mail.reply"]._kp_apply(self, ticket, msg_dict)
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _creation_message(self):
        """The first line of a table's records' chatter as one translated
        sentence. Odoo's "%s created" takes the model's name from ir.model,
        whose translations are not loaded yet while the addon installs its
        demo data: the demo's tables read "Partnership Table luotu"."""
        messages = {
            "kp.table": self.env._("Partnership table created"),
            "kp.participant": self.env._("Participant added"),
            "kp.meeting": self.env._("Meeting created"),
            "kp.agenda.item": self.env._("Agenda item created"),
            "kp.commitment": self.env._("Commitment created"),
            "kp.minutes": self.env._("Minutes version created"),
            "kp.joint.activity": self.env._("Joint activity created"),
            "kp.activity.occurrence": self.env._("Occurrence created"),
        }
        return messages.get(self._name) or super()._creation_message()
