"""After 19.0.2.0.0's data loads: the e-mail templates nobody edited follow
the addon (kumppanuuspoyta/tools/templates.py), so their subject and body
carry what 19.0.2.0.0 sends (the meeting's date, the shared agenda block)."""

from odoo.addons.kumppanuuspoyta.tools.templates import reload_untouched_templates


def migrate(cr, version):
    if not version:
        return
    reload_untouched_templates(cr, ["kumppanuuspoyta/data/kp_mail_template_data.xml"])
