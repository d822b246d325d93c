from odoo import api, fields, models

from ..tools.text import check_email_addresses
from .kp_participant import CURRENT_DOMAIN


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    kp_sector_id = fields.Many2one(
        "kp.sector",
        string="Sector",
        index="btree_not_null",
        help="The sector of the local community this organisation belongs to.",
    )
    kp_participant_ids = fields.One2many(
        "kp.participant", "partner_id", string="Seats at Partnership Tables"
    )
    kp_table_count = fields.Integer(
        compute="_compute_kp_table_count", string="Partnership Tables"
    )
    kp_commitment_count = fields.Integer(
        compute="_compute_kp_commitment_count", string="Commitments"
    )
    # what the organisation brings to the tables (kp.contribution)
    kp_contribution_count = fields.Integer(
        compute="_compute_kp_contributions", string="Contributions"
    )
    kp_contribution_hours = fields.Float(
        compute="_compute_kp_contributions", string="Volunteer Hours", digits=(16, 1)
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_kp_commitment_count(self):
        counts = dict(
            self.env["kp.commitment"]._read_group(
                [("organisation_id", "in", self.ids)], ["organisation_id"], ["__count"]
            )
        )
        for partner in self:
            partner.kp_commitment_count = counts.get(partner, 0)

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

    @api.depends("kp_participant_ids")
    def _compute_kp_table_count(self):
        groups = self.env["kp.participant"]._read_group(
            self._kp_participant_domain() + CURRENT_DOMAIN,
            ["partner_id", "organisation_id"],
            ["table_id:array_agg"],
        )
        tables = {partner.id: set() for partner in self}
        for person, organisation, table_ids in groups:
            for key in (person.id, organisation.id):
                if key in tables:
                    tables[key].update(table_ids)
        for partner in self:
            partner.kp_table_count = len(tables[partner.id])

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("email")
    def _check_kp_email(self):
        # people at a table get its e-mails at exactly the address typed
        check_email_addresses(self.filtered("kp_participant_ids"))

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_view_kp_commitments(self):
        """One organisation's commitments across all its tables."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_commitment_action"
        )
        action["domain"] = [("organisation_id", "=", self.id)]
        action["context"] = {
            "default_organisation_id": self.id,
            "search_default_open": 1,
        }
        return action

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

    def action_view_kp_tables(self):
        self.ensure_one()
        participants = self.env["kp.participant"].search(
            self._kp_participant_domain() + CURRENT_DOMAIN
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_table_action"
        )
        action["domain"] = [("id", "in", participants.table_id.ids)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_participant_domain(self):
        """Seats of these contacts: their own, and their people's for organisations."""
        return [
            "|",
            ("partner_id", "in", self.ids),
            ("organisation_id", "in", self.ids),
        ]
