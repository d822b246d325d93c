from odoo import fields, models

from .kp_decision_handoff import KEY_PARAM, URL_PARAM


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # system parameters: only administrators read or change them
    kp_ahjo_api_url = fields.Char(
        string="Ahjo API Address",
        config_parameter=URL_PARAM,
        groups="base.group_system",
        help="The address of Helsinki's Ahjo open API (or its proxy) whose "
        "decisions are looked up by case number.",
    )
    kp_ahjo_api_key = fields.Char(
        string="Ahjo API Key",
        config_parameter=KEY_PARAM,
        groups="base.group_system",
    )
