from odoo import api, fields, models
from odoo.exceptions import ValidationError


class KpTable(models.Model):
    """A table's joint activities and what its partners bring."""

    _inherit = "kp.table"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    joint_activity_ids = fields.One2many(
        "kp.joint.activity", "table_id", string="Joint Activities"
    )
    joint_activity_count = fields.Integer(compute="_compute_joint_counts")
    activity_occurrence_ids = fields.One2many(
        "kp.activity.occurrence", "table_id", string="Occurrences"
    )
    contribution_ids = fields.One2many(
        "kp.contribution", "table_id", string="Contributions"
    )
    contribution_count = fields.Integer(compute="_compute_joint_counts")
    contribution_hours = fields.Float(
        compute="_compute_joint_counts", string="Volunteer Hours", digits=(16, 1)
    )
    contribution_money = fields.Monetary(
        compute="_compute_joint_counts",
        string="Money Contributed",
        currency_field="kp_currency_id",
    )
    kp_currency_id = fields.Many2one(related="company_id.currency_id")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_joint_counts(self):
        activities = dict(
            self.env["kp.joint.activity"]._read_group(
                [("table_id", "in", self.ids)], ["table_id"], ["__count"]
            )
        )
        totals = {
            (table, measure): (count, quantity, amount)
            for table, measure, count, quantity, amount in self.env[
                "kp.contribution"
            ]._read_group(
                [("table_id", "in", self.ids)],
                ["table_id", "kind_id.measure"],
                ["__count", "quantity:sum", "amount:sum"],
            )
        }
        for table in self:
            table.joint_activity_count = activities.get(table, 0)
            table.contribution_count = sum(
                count for (t, _m), (count, _q, _a) in totals.items() if t == table
            )
            table.contribution_hours = totals.get((table, "hours"), (0, 0, 0))[1]
            table.contribution_money = totals.get((table, "money"), (0, 0, 0))[2]

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_joint_activities(self):
        return self._table_action("kp_joint_activity_action")

    def action_view_occurrences(self):
        return self._table_action("kp_activity_occurrence_action", new=False)

    def action_view_contributions(self):
        return self._table_action(
            "kp_contribution_action", search_default_group_organisation=1
        )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _present_organisations(self):
        """The organisations of the people who have joined the table now."""
        self.ensure_one()
        return self.participant_ids._joined().organisation_id

    def _check_organisation_at_table(self, organisation, allow_left=False):
        """Refuse an organisation that is of another municipality, does not
        sit at the table or (unless ``allow_left``: what it brought stays
        its own) has left it."""
        self.ensure_one()
        if not organisation:
            return
        names = {
            "organisation": organisation.display_name,
            "table": self.display_name,
        }
        if organisation.company_id and organisation.company_id != self.company_id:
            raise ValidationError(
                self.env._(
                    "%(organisation)s is of another municipality than the table "
                    "%(table)s.",
                    **names,
                )
            )
        seats = self.sudo().with_context(active_test=False).participant_ids
        if organisation in self.sudo()._present_organisations():
            return
        if organisation in seats.organisation_id:
            if allow_left:
                return
            raise ValidationError(
                self.env._(
                    "%(organisation)s has left the table %(table)s: it cannot "
                    "take a turn there.",
                    **names,
                )
            )
        raise ValidationError(
            self.env._(
                "%(organisation)s does not sit at the table %(table)s: add one of "
                "its people as a participant first.",
                **names,
            )
        )

    @api.private
    def _closing_report_activities(self, theme=None):
        """The table's joint activities (of ``theme`` only, when given) with
        their occurrences, for the closing report: plain data, in the
        reader's language. The held occurrences (``occurrences``) carry
        their visitors; the planned ones (``planned``) are apart, as they
        have had none yet; cancelled ones are left out."""
        self.ensure_one()
        domain = [("table_id", "=", self.id)]
        if theme:
            domain.append(("theme_id", "=", theme.id))
        activities = (
            self.env["kp.joint.activity"].with_context(active_test=False).search(domain)
        )
        occurrences = self.env["kp.activity.occurrence"].search(
            [("activity_id", "in", activities.ids), ("state", "!=", "cancelled")],
            order="start, id",
        )
        by_activity = occurrences.grouped("activity_id")
        result = []
        for activity in activities:
            rows = by_activity.get(activity, occurrences.browse())
            held = rows.filtered(lambda row: row.state == "held")
            result.append(
                {
                    "name": activity.name,
                    "place": activity.place or "",
                    "visitors": sum(held.mapped("visitors")),
                    "occurrences": [
                        {
                            "start": self._to_local(row.start),
                            "organisation": row.organisation_id.display_name,
                            "state": row.state,
                            "visitors": row.visitors,
                            "note": row.note or "",
                        }
                        for row in held
                    ],
                    "planned": [
                        {
                            "start": self._to_local(row.start),
                            "organisation": row.organisation_id.display_name,
                        }
                        for row in rows - held
                    ],
                }
            )
        return result

    @api.private
    def _closing_report_contributions(self, theme=None):
        """What each organisation brought to the table (to ``theme`` only,
        when given), by kind, for the closing report: plain data (money in
        the municipality's currency), each amount also as the reader reads
        it (``text``: one kind has one unit, so its amounts add up)."""
        self.ensure_one()
        domain = [("table_id", "=", self.id)]
        if theme:
            domain.append(("theme_id", "=", theme.id))
        Contribution = self.env["kp.contribution"]
        groups = Contribution._read_group(
            domain,
            ["organisation_id", "kind_id"],
            ["quantity:sum", "amount:sum"],
            order="organisation_id, kind_id",
        )
        result = {}
        for organisation, kind, quantity, amount in groups:
            entry = result.setdefault(
                organisation,
                {"organisation": organisation.display_name, "kinds": [], "money": 0.0},
            )
            money = kind.measure == "money"
            value = amount if money else quantity
            entry["kinds"].append(
                {
                    "kind": kind.name,
                    "measure": kind.measure,
                    "quantity": value,
                    "unit": self.kp_currency_id.symbol if money else kind.unit or "",
                    "text": Contribution._amount_text(kind, value, self.kp_currency_id),
                }
            )
            if money:
                entry["money"] += amount
        return list(result.values())
