from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

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
