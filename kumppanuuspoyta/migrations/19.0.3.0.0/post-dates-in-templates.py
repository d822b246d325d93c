"""After 19.0.3.0.0's data loads: the e-mail templates nobody edited follow
the addon (kumppanuuspoyta/tools/templates.py), so they write their dates
through the table's one formatter per kind (``kp.table._format_meeting_time``,
``_format_day``) instead of the literal patterns of earlier versions."""

from odoo.addons.kumppanuuspoyta.tools.templates import reload_untouched_templates


def migrate(cr, version):
    if not version:
        return
    reload_untouched_templates(
        cr,
        [
            "kumppanuuspoyta/data/kp_mail_template_data.xml",
            "kumppanuuspoyta/data/kp_activity_data.xml",
        ],
    )
