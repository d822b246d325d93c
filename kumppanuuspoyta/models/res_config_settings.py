from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    kp_reminder_days = fields.Integer(
        related="company_id.kp_reminder_days", readonly=False
    )
    kp_turn_reminder_days = fields.Integer(
        related="company_id.kp_turn_reminder_days", readonly=False
    )
    kp_minutes_erasure = fields.Selection(
        related="company_id.kp_minutes_erasure", readonly=False
    )
    kp_registry_email = fields.Char(
        related="company_id.kp_registry_email", readonly=False
    )
    kp_case_number_pattern = fields.Char(
        related="company_id.kp_case_number_pattern", readonly=False
    )
    kp_publication_days = fields.Integer(
        related="company_id.kp_publication_days", readonly=False
    )
    kp_publication_indexing = fields.Boolean(
        related="company_id.kp_publication_indexing", readonly=False
    )
