from odoo import models
from odoo.http import request

# the addon's own pages: the portal's /my/kp/... and the public /kp/...
KP_PATHS = ("/my/kp/", "/kp/")


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
        conversation is empty." in English on a Finnish page. This is the
        hook Odoo's own modules extend for the same reason (survey, delivery,
        website_livechat, auth_password_policy_portal: each adds the module
        whose frontend strings its pages show); it adds a module to a list,
        and changes nothing else."""
        return [*super()._get_translation_frontend_modules_name(), "mail"]

    @classmethod
    def _serve_fallback(cls):
        """A path of the addon's pages with a NUL character
        (/my/kp/tables/%00) matches no route and names no attachment: a 404.
        Odoo's attachment lookup would send the NUL to PostgreSQL, which
        refuses it: a 500 with a traceback. Only the addon's own paths are
        answered here; every other path goes to Odoo as it is."""
        path = request.httprequest.path
        if "\x00" in path and path.startswith(KP_PATHS):
            return None
        return super()._serve_fallback()
