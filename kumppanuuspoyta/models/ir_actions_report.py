import re

from odoo import models

# a stylesheet of an asset bundle, as the report layouts link it:
# /web/assets/<version>/<bundle>[.rtl][.autoprefixed].min.css
ASSET_LINK = re.compile(
    r'<link\b[^>]*\bhref="/web/assets/[^/"]+/'
    r"(?P<bundle>[\w.]+?)(?P<rtl>\.rtl)?(?P<prefixed>\.autoprefixed)?"
    r'(?P<min>\.min)?\.css"[^>]*>'
)


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

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
