from odoo import models


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
