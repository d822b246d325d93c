import re

from odoo import models

MEETING_REPORT = "kumppanuuspoyta.kp_report_minutes_document"
VERSION_REPORT = "kumppanuuspoyta.kp_report_minutes_version_document"
# in the context: the version's PDF is being looked up or kept by Odoo's own
# report attachment (kp.minutes._kp_kept_pdf, _kp_render_pdf)
ODOO_ATTACHMENT = "kp_minutes_pdf_odoo"

# a stylesheet of an asset bundle, as the report layouts link it:
# /web/assets/<version>/<bundle>[.rtl][.autoprefixed].min.css
ASSET_LINK = re.compile(
    r'<link\b[^>]*\bhref="/web/assets/[^/"]+/'
    r"(?P<bundle>[\w.]+?)(?P<rtl>\.rtl)?(?P<prefixed>\.autoprefixed)?"
    r'(?P<min>\.min)?\.css"[^>]*>'
)


class IrActionsReport(models.Model):
    """An approved version of the minutes never changes: Odoo's report
    attachment keeps its PDF. The version's report (kp.minutes) names the
    file (``attachment``) and serves it once made (``attachment_use``);
    approval asks a job to make it (kp.minutes._cron_render_pdfs).

    Odoo's lookup alone finds only a file of the printed record, and keeps a
    render only for who may write that record. So two things are added
    here, and nothing else is changed:

    - the meeting's report (kp.meeting), which the distribution attaches,
      serves the file of the meeting's approved version (a draft is printed
      from the records and never kept);
    - a version's first print by anyone (no one writes approved minutes)
      is rendered and kept as the job does (kp.minutes._kp_render_pdf), so
      every later print serves that file.
    """

    _inherit = "ir.actions.report"

    def retrieve_attachment(self, record):
        if self.report_name not in (MEETING_REPORT, VERSION_REPORT) or (
            self.env.context.get(ODOO_ATTACHMENT)
        ):
            return super().retrieve_attachment(record)
        # the kept file is read as superuser: only for who may read
        record.check_access("read")
        if self.report_name == MEETING_REPORT:
            record = record._kp_approved_version()
        return record.sudo()._kp_pdf() if record else None

    def _prepare_html(self, html, report_model=False):
        """The addon's PDFs carry their stylesheets inline.

        Odoo's layouts link the report's CSS bundles, which wkhtmltopdf then
        fetches over HTTP from report.url (or web.base.url): from the same
        server whose worker waits for wkhtmltopdf. When every worker renders
        a PDF at once, no worker is left to serve the CSS and all of them
        wait until limit_time_real kills them. Odoo's report attachment
        serves approved minutes without wkhtmltopdf, but a draft, a
        version's first print and the closing report are rendered in the
        request. Inline, the CSS needs no request. scripts/measure_pdf
        measures both, with and without this (docs/minutes-pdf.md).
        """
        result = super()._prepare_html(html, report_model=report_model)
        if not result or not (self.report_name or "").startswith("kumppanuuspoyta."):
            return result
        bodies, res_ids, header, footer, paperformat_args = result
        styles = {}

        def inline(match):
            key = match.group(0)
            if key not in styles:
                bundle = self.env["ir.qweb"]._get_asset_bundle(
                    match.group("bundle"),
                    js=False,
                    debug_assets=not match.group("min"),
                    rtl=bool(match.group("rtl")),
                    autoprefix=bool(match.group("prefixed")),
                )
                attachment = bundle.css()
                css = attachment.raw.decode() if attachment and attachment.raw else ""
                # a closing tag in the CSS would end the element early
                css = css.replace("</", "<\\/")
                styles[key] = f"<style>{css}</style>" if css else key
            return styles[key]

        def replace(text):
            return type(text)(ASSET_LINK.sub(inline, str(text))) if text else text

        return (
            [replace(body) for body in bodies],
            res_ids,
            replace(header),
            replace(footer),
            paperformat_args,
        )
