import io
import re

from odoo import api, models, tools
from odoo.modules import module

MEETING_REPORT = "kumppanuuspoyta.kp_report_minutes_document"
VERSION_REPORT = "kumppanuuspoyta.kp_report_minutes_version_document"

# a stylesheet of an asset bundle, as the report layouts link it:
# /web/assets/<version>/<bundle>[.rtl][.autoprefixed].min.css
ASSET_LINK = re.compile(
    r'<link\b[^>]*\bhref="/web/assets/[^/"]+/'
    r"(?P<bundle>[\w.]+?)(?P<rtl>\.rtl)?(?P<prefixed>\.autoprefixed)?"
    r'(?P<min>\.min)?\.css"[^>]*>'
)


class IrActionsReport(models.Model):
    """An approved version of the minutes never changes: its PDF is rendered
    once (at approval) and kept on the version (kp.minutes.pdf_attachment_id).
    Every print of approved minutes - the meeting's report, which the
    distribution attaches, the version's report of the portal and the shared
    link - serves that file instead of running wkhtmltopdf again."""

    _inherit = "ir.actions.report"

    def _pre_render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        report = self._get_report(report_ref)
        if isinstance(res_ids, int):
            res_ids = [res_ids]
        if report.report_name in (MEETING_REPORT, VERSION_REPORT) and res_ids:
            # the stored file is read as superuser: only for who may read
            self.env[report.model].browse(res_ids).check_access("read")
            versions = self._kp_approved_versions(report, res_ids)
            if all(versions) and (
                not self._kp_html_instead_of_pdf()
                or all(v.pdf_attachment_id for v in versions)
            ):
                return {
                    res_id: {
                        "stream": io.BytesIO(version._kp_pdf()),
                        "attachment": None,
                    }
                    for res_id, version in zip(res_ids, versions, strict=True)
                }, "pdf"
        return super()._pre_render_qweb_pdf(report_ref, res_ids=res_ids, data=data)

    @api.model
    def _kp_html_instead_of_pdf(self):
        """Odoo's tests render reports as HTML unless they ask for PDFs."""
        return bool(
            (module.current_test or tools.config["test_enable"])
            and not self.env.context.get("force_report_rendering")
        )

    def _kp_approved_versions(self, report, res_ids):
        """The approved version (kp.minutes) each record prints, or False
        (a draft of the minutes prints the meeting's records as they are)."""
        if report.report_name == VERSION_REPORT:
            Minutes = self.env["kp.minutes"].sudo()
            return [Minutes.browse(res_id).exists() or False for res_id in res_ids]
        meetings = self.env["kp.meeting"].sudo().browse(res_ids)
        return [meeting._kp_approved_version() for meeting in meetings]

    def _kp_render_minutes_pdf(self, minutes):
        """wkhtmltopdf's PDF of one approved version (no stored file used)."""
        streams = super()._pre_render_qweb_pdf(
            VERSION_REPORT, res_ids=minutes.ids, data=None
        )[0]
        return streams[minutes.id]["stream"].getvalue()

    def _prepare_html(self, html, report_model=False):
        """The addon's PDFs carry their stylesheets inline.

        Odoo's layouts link the report's CSS bundles, which wkhtmltopdf then
        fetches over HTTP from report.url (or web.base.url): from the same
        server whose worker waits for wkhtmltopdf. When every worker renders
        a PDF at once, no worker is left to serve the CSS and all of them
        wait until limit_time_real kills them (two minutes PDFs on a server
        of two workers hung it for minutes). Inline, the CSS needs no request.
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
