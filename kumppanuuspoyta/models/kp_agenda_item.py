from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..tools.text import check_agenda_entries, check_references
from .kp_meeting import OPEN_STATES
from .kp_participant import CURRENT_DOMAIN

# what the agenda shows of an item (kp_meeting_agenda_list), and so the
# calendar event's description
AGENDA_FIELDS = {
    "name",
    "description",
    "sequence",
    "duration",
    "source_name",
    "case_number",
    "meeting_id",
    "theme_id",
}


class KpAgendaItem(models.Model):
    """An item on a meeting's agenda, or a participant's proposal for one.

    Any participant proposes items for the table; the convener accepts a
    proposal into a meeting's agenda or declines it with a reason.
    """

    _name = "kp.agenda.item"
    _description = "Agenda Item"
    _inherit = [
        "mail.thread",
        "kp.mail.mixin",
        "kp.gate.mixin",
        "kp.table.record.mixin",
    ]
    _order = "sequence, id"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    sequence = fields.Integer(default=10)
    name = fields.Char(string="Title", required=True, tracking=True)
    description = fields.Text()
    # any participant proposes items: any table the user sits at
    table_id = fields.Many2one(
        compute="_compute_table_id",
        store=True,
        readonly=False,
        precompute=True,
        domain=[],
    )
    meeting_id = fields.Many2one(
        "kp.meeting",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('table_id', '=', table_id), "
        "('state', 'in', ('planned', 'agenda_sent'))]",
        tracking=True,
    )
    proposer_id = fields.Many2one(
        "kp.participant",
        string="Proposed by",
        compute="_compute_proposer_id",
        store=True,
        readonly=False,
        precompute=True,
        domain="[('table_id', '=', table_id), ('state', '!=', 'left')]",
        tracking=True,
    )
    # the proposer's contact, stored so that Odoo's privacy lookup finds a
    # person's proposals
    proposer_partner_id = fields.Many2one(
        related="proposer_id.partner_id",
        store=True,
        index="btree_not_null",
        string="Proposer's Contact",
    )
    theme_id = fields.Many2one(
        "kp.theme",
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('table_id', '=', table_id), ('state', '=', 'open')]",
        tracking=True,
        help="The theme the item works on: the meetings that handled a theme "
        "are counted from its agenda items.",
    )
    source = fields.Selection(
        [
            ("organisation", "Participating Organisation"),
            ("department", "City Department"),
            ("village", "Village"),
            ("standing", "Standing Item"),
            ("other", "Other"),
        ],
        default="organisation",
        required=True,
    )
    source_name = fields.Char(
        string="Department or Village",
        help="The city department or the village the matter comes from.",
    )
    case_number = fields.Char(help="The city's case (diary) number, if any.")
    duration = fields.Integer(string="Time Estimate (min)", default=10)
    state = fields.Selection(
        [
            ("proposed", "Proposed"),
            ("accepted", "On the Agenda"),
            ("declined", "Declined"),
        ],
        compute="_compute_state",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    decline_reason = fields.Text(tracking=True)
    discussion = fields.Text(
        help="What was discussed on the item, for the minutes: e.g. "
        '"Discussed ...", "Noted for information". Kept in the approved '
        "minutes and, like the agreements, locked once they are approved.",
    )
    can_accept = fields.Boolean(compute="_compute_gate_buttons")
    can_decline = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("meeting_id")
    def _compute_table_id(self):
        for item in self:
            if item.meeting_id:
                item.table_id = item.meeting_id.table_id

    @api.depends("meeting_id")
    def _compute_state(self):
        # an item made on a meeting's agenda is on it; one made at the table
        # is a proposal
        for item in self:
            if not item.state:
                item.state = "accepted" if item.meeting_id else "proposed"

    @api.depends("table_id", "source")
    def _compute_proposer_id(self):
        # a participant proposes from their own seat at the table; the
        # standing items and the review of commitments nobody proposed
        seats = self.env["kp.participant"].search(
            [
                ("table_id", "in", self.table_id.ids),
                ("user_id", "=", self.env.uid),
                *CURRENT_DOMAIN,
            ]
        )
        for item in self:
            if not item.proposer_id and item.source != "standing":
                item.proposer_id = seats.filtered(
                    lambda s, table=item.table_id: s.table_id == table
                )[:1]

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("name", "duration")
    def _check_entry(self):
        check_agenda_entries(self)

    @api.constrains("meeting_id", "table_id", "proposer_id", "theme_id")
    def _check_same_table(self):
        for item in self:
            if item.theme_id and item.theme_id.table_id != item.table_id:
                raise ValidationError(
                    self.env._(
                        "The theme %(theme)s is not a theme of the table %(table)s.",
                        theme=item.theme_id.name,
                        table=item.table_id.display_name,
                    )
                )
            if item.meeting_id and item.meeting_id.table_id != item.table_id:
                raise ValidationError(
                    self.env._(
                        "The item %(item)s belongs to another table than its meeting.",
                        item=item.name,
                    )
                )
            if item.proposer_id and item.proposer_id.table_id != item.table_id:
                raise ValidationError(
                    self.env._(
                        "%(person)s does not sit at the table %(table)s.",
                        person=item.proposer_id.partner_id.display_name,
                        table=item.table_id.display_name,
                    )
                )

    @api.constrains("meeting_id")
    def _check_meeting_open(self):
        for item in self:
            if item.meeting_id and item.meeting_id.state not in OPEN_STATES:
                raise ValidationError(
                    self.env._(
                        "The item %(item)s cannot be added to %(meeting)s: only "
                        "planned meetings take new agenda items.",
                        item=item.name,
                        meeting=item.meeting_id.display_name,
                    )
                )

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        check_references(self, vals_list)
        items = super().create(vals_list)
        items.meeting_id._sync_event_agenda()
        return items

    def write(self, vals):
        if "discussion" in vals and not self.env.su:
            self._check_discussion_unlocked()
        if "meeting_id" in vals:
            # only who manages the table decides what is on the agenda (a
            # change of state asks the gate); the proposal rule lets
            # participants edit their own proposals
            self.table_id.check_access("write")
        meetings = self.meeting_id
        result = super().write(vals)
        if AGENDA_FIELDS & set(vals):
            (meetings | self.meeting_id)._sync_event_agenda()
        return result

    def unlink(self):
        meetings = self.meeting_id
        result = super().unlink()
        meetings.exists()._sync_event_agenda()
        return result

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_accept(self, meeting=None):
        """Put proposals on a meeting's agenda (the one chosen on the item)."""
        self.check_access("write")
        for item in self:
            item._gate_raise(item._gate_error("accepted", meeting))
            target = meeting or item.meeting_id
            item.write({"meeting_id": target.id, "state": "accepted"})
            item._notify_proposer("kumppanuuspoyta.kp_mail_template_proposal_accepted")

    def action_decline(self, reason):
        if not (reason or "").strip():
            raise UserError(
                self.env._("Tell the proposer why the proposal is declined.")
            )
        self._check_transition("declined")
        # not taken, with the reason: the answer tells the proposer
        # (kp_agenda_item_answer.py)
        self.write(
            {
                "state": "declined",
                "decline_reason": reason,
                "meeting_id": False,
                "answer": "not_taken",
            }
        )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_moves(self):
        return {
            "accepted": (("proposed",), "accepted"),
            "declined": (("proposed",), "declined"),
        }

    def _gate_buttons(self):
        return {"can_accept": "accepted", "can_decline": "declined"}

    def _gate_depends(self):
        return (*super()._gate_depends(), "meeting_id", "meeting_id.state")

    def _gate_error(self, transition, meeting=None):
        """Why the item may not make ``transition`` now, or False: only who
        manages the table decides on proposals, and a proposal goes onto the
        agenda of a planned meeting (``meeting``, or the one chosen on it)."""
        error = super()._gate_error(transition) or self._gate_table_error()
        if error or transition != "accepted":
            return error
        target = meeting or self.meeting_id
        if not target:
            return self.env._(
                "Choose the meeting for the proposal %(item)s first.",
                item=self.name,
            )
        if target.state not in OPEN_STATES:
            return self.env._("Proposals go only to planned meetings.")
        return False

    def _gate_refusal(self, transition):
        return self.env._("The item %(item)s is no longer a proposal.", item=self.name)

    def _gate_write_error(self, vals):
        # the meeting a proposal goes to may come in the same write
        state = vals.get("state")
        move = not self.env.su and state != self.state and self._gate_move(state)
        if not move:
            return super()._gate_write_error(vals)
        meeting = self.env["kp.meeting"].browse(vals.get("meeting_id"))
        return self._gate_error(move, meeting or None)

    def _check_discussion_unlocked(self):
        """The discussion is part of the minutes: it changes until they are
        approved, as what was agreed does; then only by a correction."""
        for meeting in self.meeting_id.filtered("minutes_locked"):
            raise UserError(
                self.env._(
                    "The minutes of %(meeting)s are approved: what was discussed "
                    "can no longer change. Correct the minutes with a new version.",
                    meeting=meeting.display_name,
                )
            )

    def _agenda_title(self):
        """The item's title as the agenda, the e-mails and the minutes show
        it to the current reader: the review of earlier commitments, which
        the addon writes itself, in the reader's language (unless someone
        renamed it); every other item, standing items included, is the
        table's own text and reads as it was written."""
        self.ensure_one()
        if self.source == "standing" and self.name in {
            self.with_context(lang=code).env._("Review of earlier commitments")
            for code, _name in self.env["res.lang"].get_installed()
        }:
            return self.env._("Review of earlier commitments")
        return self.name

    def _notify_proposer(self, template_xmlid):
        """Tell the proposer, in their own language, what became of the proposal."""
        partner = self.proposer_id.partner_id
        if partner:
            self._kp_notify_with_template(self.env.ref(template_xmlid), partner)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _description_lines(self):
        """The description's lines, each a point of its own on the agenda
        (the review of earlier commitments has one commitment a line): in
        HTML a newline is a space, and the lines ran into one paragraph."""
        self.ensure_one()
        return [
            line.strip()
            for line in (self.description or "").splitlines()
            if line.strip()
        ]
