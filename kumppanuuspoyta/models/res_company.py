from odoo import api, fields, models
from odoo.exceptions import ValidationError

from .kp_table import DEFAULT_TZ


class ResCompany(models.Model):
    _inherit = "res.company"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    kp_reminder_days = fields.Integer(
        string="Commitment Reminder (days before)",
        default=3,
        help="How many days before a commitment's deadline its responsible "
        "person is reminded.",
    )
    # one setting per reminder: a turn is not a commitment (issue #19)
    kp_turn_reminder_days = fields.Integer(
        string="Turn Reminder (days before)",
        default=3,
        help="How many days before an occurrence of a joint activity the "
        "responsible organisation's contact is reminded of the turn.",
    )

    # what anonymising a person does to approved minutes that name them
    kp_minutes_erasure = fields.Selection(
        [("restrict", "Keep restricted"), ("redact", "Redact")],
        string="Minutes Naming an Anonymised Person",
        default="restrict",
        required=True,
        help="Keep restricted: the approved version stays as it was approved "
        "and only managers read it. Redact: a new version with the person's "
        "name replaced takes its place; the approved one is kept for managers.",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    # on the company, where the value lives: the settings form writes it here
    @api.constrains("kp_reminder_days")
    def _check_kp_reminder_days(self):
        for company in self:
            if not 0 <= company.kp_reminder_days <= 60:
                raise ValidationError(
                    self.env._(
                        "Commitments are reminded 0 to 60 days before the deadline."
                    )
                )

    @api.constrains("kp_turn_reminder_days")
    def _check_kp_turn_reminder_days(self):
        for company in self:
            if not 0 <= company.kp_turn_reminder_days <= 60:
                raise ValidationError(
                    self.env._("Turns are reminded 0 to 60 days before they come.")
                )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kp_tz(self):
        """The time zone of the municipality's tables: its address's, else
        Europe/Helsinki (a new table's default)."""
        self.ensure_one()
        return self.partner_id.tz or DEFAULT_TZ

    def _kp_now_local(self):
        """The time now in the municipality (naive, its tables' time zone),
        for what has no table yet; the zone arithmetic is the table's."""
        self.ensure_one()
        return self.env["kp.table"].new({"tz": self._kp_tz()})._now_local()

    def _kp_today(self):
        """Today in the municipality: what ``kp.table._today`` is for a
        record that has no table (yet)."""
        return self._kp_now_local().date()
