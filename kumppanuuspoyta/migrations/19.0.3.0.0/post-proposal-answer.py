"""After 19.0.3.0.0's data loads: declining a proposal is the answer "not
taken" (``kp_agenda_item_answer.py``), told by the one answer template
``kp_mail_template_proposal_answer``; the old template of declined proposals
(``noupdate``, so Odoo's update keeps it) is sent no more and is removed, so
that the managers' list of templates shows what the tables send."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "kumppanuuspoyta.kp_mail_template_proposal_declined", raise_if_not_found=False
    )
    if template:
        template.unlink()
