from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools.misc import formatLang

# the largest believable contribution of each measure (larger is a typing error)
MAX_QUANTITY = {"hours": 10000, "money": 10000000, "premises": 10000, "other": 1000000}


class KpContribution(models.Model):
    """What a partner brings (panos): volunteer hours, money, premises,
    materials, at a table, for a theme, an occurrence or a commitment."""

    _name = "kp.contribution"
    _description = "Contribution"
    _inherit = ["kp.table.record.mixin"]
    _order = "date desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    table_id = fields.Many2one(
        compute="_compute_table_id", store=True, readonly=False, precompute=True
    )
    theme_id = fields.Many2one(
        "kp.theme",
        index="btree_not_null",
        check_company=True,
        domain="[('table_id', '=', table_id)]",
    )
    occurrence_id = fields.Many2one(
        "kp.activity.occurrence",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        domain="[('table_id', '=', table_id)]",
    )
    commitment_id = fields.Many2one(
        "kp.commitment",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        domain="[('table_id', '=', table_id)]",
    )
    organisation_id = fields.Many2one(
        "res.partner",
        index=True,
        ondelete="restrict",
        check_company=True,
        # the organisations seated at the table, also those that have left
        # (what they brought stays theirs)
        domain="[('is_company', '=', True), "
        "('kp_organisation_seat_ids.table_id', '=', table_id)]",
        help="The organisation that brings it; for premises, whose premises were used.",
    )
    kind_id = fields.Many2one(
        "kp.contribution.kind", required=True, ondelete="restrict"
    )
    measure = fields.Selection(related="kind_id.measure")
    # kinds measure in different units: a quantity is never summed across
    # them; the volunteer hours and the money are the measures that add up
    quantity = fields.Float(string="Amount", digits=(16, 1), aggregator=None)
    unit = fields.Char(related="kind_id.unit")
    amount = fields.Monetary(string="Money", currency_field="currency_id")
    currency_id = fields.Many2one(related="company_id.currency_id")
    hours = fields.Float(
        string="Volunteer Hours",
        compute="_compute_hours",
        store=True,
        digits=(16, 1),
        help="The amount of a contribution of volunteer hours, in hours.",
    )
    amount_text = fields.Char(
        string="Amount Contributed",
        compute="_compute_amount_text",
        help="The amount with its unit, or the money with its currency.",
    )
    premises = fields.Char(help="Which premises were used.")
    date = fields.Date(
        compute="_compute_date",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
    )
    note = fields.Text(string="Notes")
    active = fields.Boolean(default=True)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("theme_id", "occurrence_id", "commitment_id")
    def _compute_table_id(self):
        for contribution in self:
            table = (
                contribution.occurrence_id.table_id
                or contribution.commitment_id.table_id
                or contribution.theme_id.table_id
            )
            if table:
                contribution.table_id = table

    @api.depends("table_id")
    def _compute_date(self):
        # today at the table, unless another day was given
        for contribution in self:
            if not contribution.date:
                contribution.date = contribution.table_id._today()

    @api.depends("kind_id.measure", "quantity")
    def _compute_hours(self):
        for contribution in self:
            hours = contribution.kind_id.measure == "hours"
            contribution.hours = contribution.quantity if hours else 0.0

    @api.depends("kind_id", "quantity", "amount", "currency_id")
    @api.depends_context("lang")
    def _compute_amount_text(self):
        for contribution in self:
            contribution.amount_text = self._amount_text(
                contribution.kind_id,
                contribution.amount
                if contribution.kind_id.measure == "money"
                else contribution.quantity,
                contribution.currency_id,
            )

    @api.depends("organisation_id", "kind_id")
    def _compute_display_name(self):
        for contribution in self:
            contribution.display_name = " · ".join(
                filter(
                    None,
                    (
                        contribution.organisation_id.name,
                        contribution.kind_id.name,
                    ),
                )
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("organisation_id", "table_id")
    def _check_organisation(self):
        for contribution in self:
            if not contribution.organisation_id:
                raise ValidationError(
                    self.env._("A contribution needs the organisation that brings it.")
                )
            contribution.table_id._check_organisation_at_table(
                contribution.organisation_id, allow_left=True
            )

    @api.constrains("theme_id", "occurrence_id", "commitment_id", "table_id")
    def _check_same_table(self):
        for contribution in self:
            for record in (
                contribution.theme_id,
                contribution.occurrence_id,
                contribution.commitment_id,
            ):
                if record and record.table_id != contribution.table_id:
                    raise ValidationError(
                        self.env._(
                            "%(record)s is not of the table %(table)s.",
                            record=record.display_name,
                            table=contribution.table_id.display_name,
                        )
                    )

    @api.constrains("quantity", "amount", "kind_id")
    def _check_amount(self):
        for contribution in self:
            measure = contribution.kind_id.measure or "other"
            value = contribution.amount if measure == "money" else contribution.quantity
            number = contribution.table_id._format_number
            if value < 0:
                raise ValidationError(
                    self.env._(
                        "The amount of a contribution cannot be negative (%(value)s).",
                        value=number(value),
                    )
                )
            if value == 0 and measure != "premises":
                raise ValidationError(
                    self.env._("Enter the amount the organisation brings.")
                )
            if value > MAX_QUANTITY[measure]:
                raise ValidationError(
                    self.env._(
                        "%(value)s is more than any one contribution of %(kind)s "
                        "can be (at most %(max)s): check the amount.",
                        value=number(value),
                        kind=contribution.kind_id.name,
                        max=number(MAX_QUANTITY[measure]),
                    )
                )

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _amount_text(self, kind, value, currency):
        """An amount of ``kind`` as the reader reads it, in their language:
        money with the municipality's currency ("145,50 €"), anything else
        with the kind's unit, whole numbers without decimals ("6 kertaa",
        "1,5 h")."""
        if kind.measure == "money":
            return formatLang(self.env, value, currency_obj=currency)
        digits = 0 if float(value).is_integer() else 1
        number = formatLang(self.env, value, digits=digits)
        return f"{number} {kind.unit or ''}".strip()
