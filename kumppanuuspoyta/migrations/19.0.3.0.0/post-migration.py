"""After 19.0.3.0.0's data loads: the kept minutes PDFs become Odoo's
report attachment.

19.0.2.0.0 kept an approved version's PDF in a field of its own
(``kp.minutes.pdf_attachment_id``). From 19.0.3.0.0 Odoo's report
attachment keeps it: the version's report names the file (``attachment``)
and serves it once made (``attachment_use``), and Odoo looks it up by that
name, ``res_model`` and ``res_id`` (``ir.actions.report.retrieve_attachment``).
Each kept file is given the name the report looks for, on the version it
belongs to, so an upgraded database serves the same bytes and never renders
approved minutes again. Odoo drops the old column at the end of the update
(its field is gone). Versions without a file (19.0.1.0.0 kept none) are left
to the job, which is asked to run.
"""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools import sql
from odoo.tools.safe_eval import safe_eval, time

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    report = env.ref("kumppanuuspoyta.kp_report_minutes_version")
    if sql.column_exists(cr, "kp_minutes", "pdf_attachment_id"):
        cr.execute(
            "SELECT id, pdf_attachment_id FROM kp_minutes"
            " WHERE pdf_attachment_id IS NOT NULL ORDER BY id"
        )
        rows = cr.fetchall()
        for minutes_id, attachment_id in rows:
            minutes = env["kp.minutes"].browse(minutes_id)
            attachment = env["ir.attachment"].browse(attachment_id).exists()
            if not attachment:
                continue
            # the name as Odoo's report computes it to look the file up
            name = safe_eval(report.attachment, {"object": minutes, "time": time})
            attachment.write(
                {"name": name, "res_model": minutes._name, "res_id": minutes.id}
            )
        _logger.info("%s kept minutes PDFs moved to the report's attachment", len(rows))
    if env["kp.minutes"]._kp_pending_pdfs():
        env.ref("kumppanuuspoyta.kp_cron_minutes_pdf")._trigger()
