from odoo import models
from odoo.http import request


class IrHttp(models.AbstractModel):
    _inherit = "ir.http"

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        """The portal's JavaScript is translated from these modules only
        (/website/translations). Without the website app `mail` is not among
        them, so the comments (portal chatter) of a commitment read "The
        conversation is empty." in English on a Finnish page."""
        return [*super()._get_translation_frontend_modules_name(), "mail"]

    @classmethod
    def _serve_fallback(cls):
        """A path with a NUL character (/my/kp/tables/%00) matches no route
        and names no attachment: a 404. Odoo's attachment lookup would send
        the NUL to PostgreSQL, which refuses it: a 500 with a traceback."""
        if "\x00" in request.httprequest.path:
            return None
        return super()._serve_fallback()
