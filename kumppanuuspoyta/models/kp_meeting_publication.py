from odoo import fields, models

# the step of the meeting's gate that publishes its approved minutes as a memo
MEMO = "memo_publish"


class KpMeeting(models.Model):
    """A meeting's public memos (kp.publication): its approved minutes
    published for a period, from the meeting's form by who runs the table."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.meeting"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    publication_ids = fields.One2many(
        "kp.publication", "meeting_id", string="Public Memos"
    )
    publication_count = fields.Integer(
        compute="_compute_publication_count", string="Number of Public Memos"
    )
    can_publish_memo = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    def _compute_publication_count(self):
        groups = dict(
            self.env["kp.publication"]._read_group(
                [("meeting_id", "in", self.ids)], ["meeting_id"], ["__count"]
            )
        )
        for meeting in self:
            meeting.publication_count = groups.get(meeting._origin, 0)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_kp_publish_memo(self):
        """The preview of a public memo of the current approved version: the
        open one if there is one, else a new one."""
        self.ensure_one()
        self._check_transition(MEMO)
        minutes = self._kp_approved_version()
        Publication = self.env["kp.publication"]
        publication = Publication.search(
            [("minutes_id", "=", minutes.id), ("state", "=", "draft")], limit=1
        ) or Publication.create({"minutes_id": minutes.id if minutes else False})
        return {
            "type": "ir.actions.act_window",
            "res_model": "kp.publication",
            "res_id": publication.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_view_publications(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_publication_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_buttons(self):
        return {**super()._gate_buttons(), "can_publish_memo": MEMO}

    def _gate_depends(self):
        return (*super()._gate_depends(), "minutes_ids", "table_id")

    def _gate_error(self, transition):
        # approved minutes are published, not changed: the minutes' lock
        # does not apply to this step
        if transition != MEMO:
            return super()._gate_error(transition)
        minutes = self._kp_approved_version() or self.env["kp.minutes"]
        return (
            self.env["kp.publication"]._kp_minutes_error(minutes)
            or self._gate_table_error()
        )
