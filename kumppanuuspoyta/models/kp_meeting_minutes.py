import re

from odoo import api, fields, models
from odoo.exceptions import UserError

# the approved minutes froze what was agreed at these states
LOCKED_STATES = ("minutes_approved", "minutes_distributed")
# the states whose minutes can be printed: something was recorded
MINUTES_STATES = ("held", "minutes_draft", *LOCKED_STATES)
# not states: approved minutes reopened for a correction (minutes_draft), and
# approved minutes sent to the participants (again, once distributed)
CORRECTION = "minutes_correction"
DISTRIBUTION = "minutes_distribution"
# what a downloaded file's name must not hold (Windows refuses a colon)
FILENAME_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


class KpMeeting(models.Model):
    """The minutes lifecycle (muistio) of a meeting: what was agreed and who
    does what, drafted when the meeting is closed, approved by the chair or
    the secretary into a frozen version (kp.minutes), corrected only by a new
    version, and distributed to every participant."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.meeting"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    agreement_ids = fields.One2many("kp.agreement", "meeting_id", string="Agreements")
    commitment_ids = fields.One2many(
        "kp.commitment", "meeting_id", string="New Commitments"
    )
    minutes_ids = fields.One2many("kp.minutes", "meeting_id", string="Minutes Versions")
    minutes_version = fields.Integer(compute="_compute_minutes_version")
    minutes_locked = fields.Boolean(
        compute="_compute_minutes_locked",
        help="The minutes are approved: what was agreed no longer changes.",
    )
    can_print_minutes = fields.Boolean(compute="_compute_minutes_locked")
    minutes_revision = fields.Integer(
        readonly=True,
        copy=False,
        help="Counts the changes of what the minutes are made of (agreements, "
        "commitments, attendance) until they are approved.",
    )
    correction_reason = fields.Text(
        readonly=True,
        copy=False,
        help="Why the approved minutes are being corrected; "
        "kept with the next version.",
    )
    can_draft_minutes = fields.Boolean(compute="_compute_gate_buttons")
    can_approve_minutes = fields.Boolean(compute="_compute_gate_buttons")
    can_correct_minutes = fields.Boolean(compute="_compute_gate_buttons")
    can_distribute_minutes = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("minutes_ids.version")
    def _compute_minutes_version(self):
        for meeting in self:
            meeting.minutes_version = max(meeting.minutes_ids.mapped("version") or [0])

    @api.depends("state")
    def _compute_minutes_locked(self):
        for meeting in self:
            meeting.minutes_locked = meeting.state in LOCKED_STATES
            meeting.can_print_minutes = meeting.state in MINUTES_STATES

    def _gate_moves(self):
        return {
            **super()._gate_moves(),
            "minutes_draft": (("held",), "minutes_draft"),
            "minutes_approved": (("minutes_draft",), "minutes_approved"),
            "minutes_distributed": (("minutes_approved",), "minutes_distributed"),
        }

    def _gate_buttons(self):
        return {
            **super()._gate_buttons(),
            "can_draft_minutes": "minutes_draft",
            "can_approve_minutes": "minutes_approved",
            "can_correct_minutes": CORRECTION,
            "can_distribute_minutes": DISTRIBUTION,
        }

    def _gate_depends(self):
        return (*super()._gate_depends(), "agreement_ids", "chair_id", "secretary_id")

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def message_post(self, **kwargs):
        # sending the minutes from the composer marks them distributed
        if self.env.context.get("kp_mark_minutes_distributed"):
            self.filtered(lambda m: m.state == "minutes_approved").with_context(
                kp_mark_minutes_distributed=False
            ).write({"state": "minutes_distributed"})
            # the composer renders the minutes in one language for everyone
            template = self.env.ref("kumppanuuspoyta.kp_mail_template_minutes")
            return self._kp_post_in_recipients_languages(
                template, super().message_post, kwargs
            )
        return super().message_post(**kwargs)

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_draft_minutes(self):
        """Close the meeting: its minutes are drafted from what was agreed."""
        for meeting in self:
            meeting._check_transition("minutes_draft")
        self.write({"state": "minutes_draft"})

    def action_approve_minutes(self, reason=None):
        """Freeze the minutes as a new version; agreements no longer change.

        The text is frozen in the language of the context (the approver's).
        """
        lang = self.env.context.get("lang")
        if lang and not self.env["res.lang"]._get_data(code=lang):
            # e.g. Finnish asked for in a database that does not have it
            return self.with_context(lang=self.env.user.lang).action_approve_minutes(
                reason
            )
        self.check_access("write")
        approvals = self.env["kp.minutes"]
        for meeting in self:
            meeting._check_transition("minutes_approved")
            version = meeting.minutes_version + 1
            # each meeting keeps its own reason
            meeting_reason = reason or meeting.correction_reason
            if version > 1 and not meeting_reason:
                raise UserError(
                    self.env._("A correction of approved minutes needs a reason.")
                )
            approved = (
                self.env["kp.minutes"]
                .sudo()
                .create(
                    {
                        "meeting_id": meeting.id,
                        "version": version,
                        "body": meeting._minutes_html(),
                        "correction_reason": meeting_reason,
                        "approved_by_id": self.env.user.id,
                        "approved_date": fields.Datetime.now(),
                    }
                )
            )
            meeting.write({"state": "minutes_approved", "correction_reason": False})
            approvals |= approved
            meeting.message_post(
                body=self.env._(
                    "Minutes version %(version)s approved.", version=version
                ),
                subtype_xmlid="mail.mt_note",
            )
        # the PDF of each new version is made once, by a job away from the
        # requests of those who read it; every print then serves that file
        approvals._kp_store_pdf_soon()

    def action_correct_minutes(self, reason):
        """Reopen approved minutes for a correction; the approved version stays."""
        self.check_access("write")
        for meeting in self:
            error = meeting._approver_error()
            if error:
                raise UserError(error)
        if not (reason or "").strip():
            raise UserError(
                self.env._("A correction of approved minutes needs a reason.")
            )
        for meeting in self:
            meeting._check_transition(CORRECTION)
        # see _may_leave_locked: only this method reopens them
        self.sudo().with_context(kp_minutes_correction=True).write(
            {"state": "minutes_draft", "correction_reason": reason}
        )
        for meeting in self:
            meeting.message_post(
                body=self.env._(
                    "Minutes reopened for a correction: %(reason)s", reason=reason
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_distribute_minutes(self):
        """Odoo's composer with the minutes template, the PDF and every participant."""
        self.ensure_one()
        # distributing posts on the meeting: for who may write it
        self.check_access("write")
        self._check_transition(DISTRIBUTION)
        template = self.env.ref("kumppanuuspoyta.kp_mail_template_minutes")
        partners = self.table_id.participant_ids._current().partner_id
        return {
            "type": "ir.actions.act_window",
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": "kp.meeting",
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_partner_ids": partners.ids,
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "kp_mark_minutes_distributed": True,
            },
        }

    def action_view_division_of_labour(self):
        """The meeting's commitments, grouped by the organisation that took them."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_commitment_action"
        )
        action["domain"] = [("meeting_id", "=", self.id)]
        action["context"] = {"group_by": "organisation_id", "create": False}
        action["view_mode"] = "list,kanban,pivot,form"
        action["views"] = [(False, mode) for mode in action["view_mode"].split(",")]
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _minutes_filename(self, version=None):
        """The name of the minutes' PDF: the table's name and the meeting's
        date (and its version), nothing a file system refuses."""
        self.ensure_one()
        table = self.table_id
        name = (
            self.env._(
                "Minutes %(meeting)s v%(version)s",
                meeting=table._meeting_name(table.name, self.start),
                version=version,
            )
            if version
            else self.env._(
                "Minutes %(meeting)s",
                meeting=table._meeting_name(table.name, self.start),
            )
        )
        return FILENAME_UNSAFE.sub(" ", name).strip()

    def _gate_write_error(self, vals):
        # approved minutes stay approved, whoever writes: also the superuser,
        # and whatever state is written (the gate words a move)
        state = vals.get("state")
        if (
            state
            and state != self.state
            and (self.env.su or not self._gate_move(state))
        ):
            error = self._lock_error(state)
            if error:
                return error
        return super()._gate_write_error(vals)

    def _lock_error(self, state):
        if self.state in LOCKED_STATES and not self._may_leave_locked(state):
            return self.env._(
                "Approved minutes do not change: correct them with a new version."
            )
        return False

    def _gate_error(self, transition):
        if transition == DISTRIBUTION:
            if self.state not in LOCKED_STATES:
                return self._gate_refusal("minutes_distributed")
            return False
        if transition == CORRECTION:
            if self.state not in LOCKED_STATES:
                return self.env._("Only approved minutes can be corrected.")
            return self._approver_error()
        if self.state in LOCKED_STATES and transition == "minutes_approved":
            return self.env._("Only drafted minutes can be approved.")
        if error := self._lock_error(transition):
            return error
        error = super()._gate_error(transition)
        if error:
            return error
        if transition == "minutes_draft" and not self.agreement_ids:
            return self.env._(
                "The meeting %(meeting)s has no recorded agreements: record "
                "what was agreed before closing it. These are not coffee "
                "meetings.",
                meeting=self.display_name,
            )
        if transition == "minutes_approved":
            return self._approver_error()
        return False

    def _gate_refusal(self, transition):
        return {
            "minutes_draft": self.env._("Only a held meeting gets minutes."),
            "minutes_approved": self.env._("Only drafted minutes can be approved."),
            "minutes_distributed": self.env._(
                "Approve the minutes before distributing them."
            ),
        }.get(transition) or super()._gate_refusal(transition)

    def _may_leave_locked(self, state):
        """Approved minutes only move on to distributed; going back takes a
        correction (action_correct_minutes)."""
        # a context key alone could be sent over RPC: the correction writes
        # as superuser after checking who asks
        if self.env.su and self.env.context.get("kp_minutes_correction"):
            return True
        return (self.state, state) == ("minutes_approved", "minutes_distributed")

    def _check_minutes_open(self, refusal):
        """Refuse a change of what approved minutes froze: ``refusal(meeting)``
        words it for the first meeting whose minutes are approved."""
        for meeting in self:
            if meeting.state in LOCKED_STATES:
                raise UserError(refusal(meeting))

    def _touch_minutes(self):
        """Record on the meeting's row that what its minutes are made of
        changed. Approval writes the same row, so when a change and an
        approval are made at the same moment PostgreSQL lets one of them
        through and Odoo retries the other on fresh data: the change is then
        refused, or the approval includes it. The frozen minutes always equal
        the records at approval."""
        for meeting in self.sudo().filtered(lambda m: m.state not in LOCKED_STATES):
            meeting.minutes_revision += 1

    def _approver_error(self):
        """The chair, the secretary or a manager approves and corrects the
        minutes; why the current user may not, or False."""
        if self.env.su or self.env.user.has_group("kumppanuuspoyta.group_kp_manager"):
            return False
        if self.env.user in (self.chair_id | self.secretary_id).user_id:
            return False
        return self.env._(
            "Only the chair or the secretary of %(meeting)s approves its minutes.",
            meeting=self.display_name,
        )

    def _kp_approved_version(self):
        """The approved version the minutes report prints, or False for a
        draft (printed from the records as they are)."""
        self.ensure_one()
        if self.state not in LOCKED_STATES:
            return False
        return self.minutes_ids.sorted("version", reverse=True)[:1] or False

    def _minutes_html(self):
        return self.env["ir.qweb"]._render(
            "kumppanuuspoyta.kp_minutes_body", {"meeting": self}
        )
