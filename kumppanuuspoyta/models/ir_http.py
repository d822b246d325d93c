from odoo import models


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
