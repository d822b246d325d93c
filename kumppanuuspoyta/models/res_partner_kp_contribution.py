from odoo import fields, models


class ResPartner(models.Model):
    """What an organisation brings to the partnership tables."""

    _inherit = "res.partner"

    kp_contribution_count = fields.Integer(
        compute="_compute_kp_contributions", string="Contributions"
    )
    kp_contribution_hours = fields.Float(
        compute="_compute_kp_contributions", string="Volunteer Hours", digits=(16, 1)
    )

    def _compute_kp_contributions(self):
        groups = self.env["kp.contribution"]._read_group(
            [("organisation_id", "in", self.ids)],
            ["organisation_id", "kind_id.measure"],
            ["__count", "quantity:sum"],
        )
        counts = dict.fromkeys(self, 0)
        hours = dict.fromkeys(self, 0.0)
        for organisation, measure, count, quantity in groups:
            counts[organisation] += count
            if measure == "hours":
                hours[organisation] += quantity
        for partner in self:
            partner.kp_contribution_count = counts.get(partner, 0)
            partner.kp_contribution_hours = hours.get(partner, 0.0)

    def action_view_kp_contributions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_contribution_action"
        )
        action["domain"] = [("organisation_id", "=", self.id)]
        action["context"] = {
            "default_organisation_id": self.id,
            "search_default_group_kind": 1,
        }
        return action
