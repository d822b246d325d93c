from odoo import api, fields, models

from .kp_meeting_minutes import LOCKED_STATES


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
    may_publish_memo = fields.Boolean(
        compute="_compute_may_publish_memo", string="May Publish a Memo"
    )

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

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_may_publish_memo(self):
        # who runs the table publishes its approved minutes
        Publication = self.env["kp.publication"]
        may_create = Publication.has_access("create")
        writable = self._origin.filtered("id")._filtered_access("write")
        for meeting in self:
            meeting.may_publish_memo = bool(
                may_create
                and meeting.state in LOCKED_STATES
                and meeting._origin in writable
                and meeting.table_id.has_access("write")
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_kp_publish_memo(self):
        """The preview of a public memo of the current approved version: the
        open one if there is one, else a new one."""
        self.ensure_one()
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
