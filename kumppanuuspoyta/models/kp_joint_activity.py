from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.text import check_titles


class KpJointActivity(models.Model):
    """A joint activity (yhteinen toiminta) a table runs, e.g. Keuruu's
    *Kahvia ja kohtaamisia*: occurrences, each with one main responsible
    organisation taking its turn from the activity's roster."""

    _name = "kp.joint.activity"
    _description = "Joint Activity"
    _inherit = ["mail.thread", "kp.table.record.mixin"]
    _order = "table_id, name, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(required=True, tracking=True)
    table_id = fields.Many2one(tracking=True)
    theme_id = fields.Many2one(
        "kp.theme",
        index="btree_not_null",
        check_company=True,
        domain="[('table_id', '=', table_id)]",
    )
    description = fields.Text()
    place = fields.Char(tracking=True)
    start_hour = fields.Float(
        string="Starts At", default=14.0, help="Local time of day, e.g. 14:00."
    )
    duration = fields.Float(
        string="Length", default=2.0, help="Length of an occurrence in hours."
    )
    roster_ids = fields.One2many(
        "kp.joint.activity.roster",
        "activity_id",
        help="The organisations that take turns as the main responsible, in order.",
    )
    occurrence_ids = fields.One2many(
        "kp.activity.occurrence", "activity_id", string="Occurrences"
    )
    occurrence_count = fields.Integer(compute="_compute_occurrence_count")
    active = fields.Boolean(default=True, tracking=True)

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_occurrence_count(self):
        counts = dict(
            self.env["kp.activity.occurrence"]._read_group(
                [("activity_id", "in", self.ids)], ["activity_id"], ["__count"]
            )
        )
        for activity in self:
            activity.occurrence_count = counts.get(activity, 0)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name")
    def _check_name(self):
        check_titles(self)

    @api.constrains("duration")
    def _check_duration(self):
        for activity in self:
            if activity.duration <= 0 or activity.duration > 24:
                raise ValidationError(
                    self.env._(
                        "An occurrence of %(activity)s must last more than 0 and "
                        "at most 24 hours.",
                        activity=activity.display_name,
                    )
                )

    @api.constrains("start_hour")
    def _check_start_hour(self):
        for activity in self:
            if not 0 <= activity.start_hour < 24:
                raise ValidationError(
                    self.env._("The start time must be between 00:00 and 23:59.")
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.ondelete(at_uninstall=False)
    def _unlink_without_history(self):
        if (
            self.env["kp.activity.occurrence"]
            .with_context(active_test=False)
            .search_count([("activity_id", "in", self.ids)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "A joint activity with occurrences is not deleted: archive it "
                    "instead."
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_plan_season(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Plan a Season"),
            "res_model": "kp.activity.season.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_activity_id": self.id},
        }

    def action_view_occurrences(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_activity_occurrence_action"
        )
        action["domain"] = [("activity_id", "=", self.id)]
        action["context"] = {"default_activity_id": self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _coming_turns(self):
        """The activity's coming, planned turns, whoever runs them, as
        superuser: who asks for a swap (a portal user reads only their own
        turns) chooses among the other organisations' turns, their names and
        dates."""
        return (
            self.env["kp.activity.occurrence"]
            .sudo()
            .search(
                [
                    ("activity_id", "in", self.ids),
                    ("state", "=", "planned"),
                    ("start", ">", fields.Datetime.now()),
                ]
            )
        )

    def _exchange_turns(self, turn, other):
        """Two organisations exchange their turns ``turn`` and ``other``:
        each runs the other's occurrence, the swap asked on them is settled,
        and the chatter of both says who runs it instead of whom and the
        date of the turn exchanged for it. The roster keeps whose turns they
        were (the next season continues after them)."""
        mine, theirs = turn.organisation_id, other.organisation_id
        settled = {"swap_organisation_id": False, "swap_reason": False}
        turn.write({"organisation_id": theirs.id, "confirmed": False, **settled})
        other.write({"organisation_id": mine.id, "confirmed": False})
        for occurrence, new, old, instead in (
            (turn, theirs, mine, other),
            (other, mine, theirs, turn),
        ):
            occurrence.message_post(
                body=self.env._(
                    "Turns swapped: %(new)s runs this occurrence instead of "
                    "%(old)s, who runs the one on %(date)s instead.",
                    new=new.display_name,
                    old=old.display_name,
                    date=self.table_id._format_day(instead.start),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def _roster_turns(self, count):
        """The next ``count`` responsible organisations of the roster, in
        turn: after the organisation the roster assigned last (so a new
        season continues where the last one stopped), skipping those that no
        longer sit at the table."""
        self.ensure_one()
        order = self.roster_ids.sorted(lambda r: (r.sequence, r.id)).organisation_id
        present = self.table_id._present_organisations()
        if not order & present:
            raise UserError(
                self.env._(
                    "No organisation of the roster of %(activity)s sits at the "
                    "table: add organisations of the table's participants to "
                    "the roster first.",
                    activity=self.display_name,
                )
            )
        last = (
            self.env["kp.activity.occurrence"]
            .with_context(active_test=False)
            .search(
                [
                    ("activity_id", "=", self.id),
                    ("rostered_organisation_id", "!=", False),
                ],
                order="start desc, id desc",
                limit=1,
            )
        )
        orgs = list(order)
        position = (
            orgs.index(last.rostered_organisation_id) + 1
            if last.rostered_organisation_id in order
            else 0
        )
        turns = []
        while len(turns) < count:
            organisation = orgs[position % len(orgs)]
            position += 1
            if organisation in present:
                turns.append(organisation)
        return turns
