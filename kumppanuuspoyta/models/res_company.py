import re

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from .kp_table import DEFAULT_TZ

# a diary number as Finnish municipalities write it: an optional prefix of
# letters, then number/year ("HEL 2024-015249" style numbers set their own
# pattern in the settings): "123/2026", "PKS 123/2026", "KH 45/00.01.00/2026"
DEFAULT_CASE_NUMBER_PATTERN = (
    r"\b(?:[A-ZÅÄÖ]{1,5}\s?)?\d{1,6}(?:/\d{2}\.\d{2}\.\d{2}(?:\.\d{2})?)?/\d{4}\b"
)


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
    # where an agreement is handed off for decision (kp.decision.handoff)
    kp_registry_email = fields.Char(
        string="Registry E-mail",
        help="The address of the municipality's registry office (kirjaamo): "
        "agreements handed off for decision by e-mail are sent there, and its "
        "replies carrying a case number register them.",
    )
    # public memos (kp.publication)
    kp_publication_days = fields.Integer(
        string="Memos Public for (days)",
        default=30,
        help="How long a published memo stays public from the approval of its "
        "minutes, unless its publisher chooses otherwise (at most 365 days).",
    )
    kp_publication_indexing = fields.Boolean(
        string="Search Engines May Index Public Memos",
        help="Without it, the public memos and their feed ask search engines "
        "not to index them (X-Robots-Tag: noindex).",
    )
    kp_case_number_pattern = fields.Char(
        string="Case Number Pattern",
        default=DEFAULT_CASE_NUMBER_PATTERN,
        help="A regular expression of the municipality's case numbers, as the "
        "registry writes them in its replies (by default e.g. 123/2026, "
        "PKS 123/2026 or KH 45/00.01.00/2026).",
    )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("kp_registry_email")
    def _check_kp_registry_email(self):
        for company in self:
            if company.kp_registry_email and not email_normalize(
                company.kp_registry_email
            ):
                raise ValidationError(
                    self.env._(
                        "The registry's e-mail address %(address)s is not an "
                        "e-mail address.",
                        address=company.kp_registry_email,
                    )
                )

    @api.constrains("kp_case_number_pattern")
    def _check_kp_case_number_pattern(self):
        for company in self:
            try:
                re.compile(company.kp_case_number_pattern or "")
            except re.error as error:
                raise ValidationError(
                    self.env._(
                        "The case number pattern is not a regular expression: "
                        "%(error)s",
                        error=error,
                    )
                ) from error

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

    @api.constrains("kp_publication_days")
    def _check_kp_publication_days(self):
        for company in self:
            if not 1 <= company.kp_publication_days <= 365:
                raise ValidationError(self.env._("Memos are public for 1 to 365 days."))

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

    def _kp_case_number_pattern(self):
        """The municipality's case-number pattern (the default when unset)."""
        self.ensure_one()
        return self.kp_case_number_pattern or DEFAULT_CASE_NUMBER_PATTERN
