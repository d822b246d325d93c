from odoo import api, fields, models


class KpJointActivityRoster(models.Model):
    """An organisation's place in the roster of a joint activity."""

    _name = "kp.joint.activity.roster"
    _description = "Joint Activity Roster"
    _order = "activity_id, sequence, id"
    _check_company_auto = True

    sequence = fields.Integer(default=10)
    activity_id = fields.Many2one(
        "kp.joint.activity",
        string="Joint Activity",
        required=True,
        index=True,
        ondelete="cascade",
    )
    table_id = fields.Many2one(related="activity_id.table_id", store=True, index=True)
    company_id = fields.Many2one(
        related="activity_id.company_id", store=True, index=True
    )
    organisation_id = fields.Many2one(
        "res.partner",
        required=True,
        ondelete="restrict",
        check_company=True,
        # the organisations that have joined the table
        domain="[('is_company', '=', True), ('kp_organisation_seat_ids', 'any', "
        "[('table_id', '=', table_id), ('state', '=', 'active')])]",
    )

    _organisation_uniq = models.Constraint(
        "UNIQUE(activity_id, organisation_id)",
        "An organisation is in the roster of an activity only once.",
    )

    @api.constrains("organisation_id", "activity_id")
    def _check_organisation(self):
        for line in self:
            line.activity_id.table_id._check_organisation_at_table(line.organisation_id)
