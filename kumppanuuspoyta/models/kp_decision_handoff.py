import re
from urllib.parse import urlsplit

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize, html2plaintext

from .kp_gate_mixin import AccessRefusal
from .kp_meeting_minutes import LOCKED_STATES

MAX_CASE_NUMBER = 64
# in the decision-making, not decided yet
PENDING_STATES = ("sent", "registered")
DECIDED_STATES = ("approved", "rejected", "returned")
# handed to the decision-making: sent and not withdrawn
HANDED_STATES = (*PENDING_STATES, *DECIDED_STATES)
# the decision moves: transition -> state
DECISIONS = {"approve": "approved", "reject": "rejected", "return": "returned"}


class KpDecisionHandoff(models.Model):
    """A hand-off for decision (päätöksentekoon vienti): an agreement of
    approved minutes sent to the municipality's decision-making (a body or an
    official) through a connector, with the case number (diaarinumero) it
    gets there and the decision that comes back.

    Connectors plug in as Odoo's ``payment.provider`` does: ``code`` is a
    selection other modules extend with ``selection_add``, and sending calls
    ``_kp_send_<code>()``. This module brings the registry e-mail
    (``registry_email``), which every municipality can use.
    """

    _name = "kp.decision.handoff"
    _description = "Hand-off for Decision"
    _inherit = [
        "kp.gate.mixin",
        "kp.table.record.mixin",
        "kp.mail.mixin",
        "mail.thread",
        "mail.activity.mixin",
    ]
    _order = "id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    name = fields.Char(
        string="Matter", compute="_compute_name", store=True, precompute=True
    )
    agreement_id = fields.Many2one(
        "kp.agreement",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        # LOCKED_STATES: the agreements of approved minutes
        domain="[('meeting_id.state', 'in', "
        "('minutes_approved', 'minutes_distributed')), "
        "('table_id.is_managed', '=', True)]",
    )
    table_id = fields.Many2one(
        related="agreement_id.table_id", store=True, precompute=True
    )
    meeting_id = fields.Many2one(related="agreement_id.meeting_id", string="Meeting")
    addressee = fields.Char(
        required=True,
        tracking=True,
        help="The body or official who decides (e.g. the city board, the "
        "technical board, the director of elderly services).",
    )
    code = fields.Selection(
        [("registry_email", "Registry E-mail")],
        string="Connector",
        required=True,
        default="registry_email",
        help="How the agreement reaches the decision-making.",
    )
    case_number = fields.Char(
        tracking=True,
        help="The diary number (diaarinumero) the registry gave the matter.",
    )
    external_id = fields.Char(string="External ID", tracking=True)
    decision_date = fields.Date(tracking=True)
    decision_section = fields.Char(string="Section (§)", tracking=True)
    summary = fields.Text(string="Decision Summary")
    link = fields.Char(string="Decision Link", help="The decision's address (https).")
    state = fields.Selection(
        [
            ("draft", "To Send"),
            ("sent", "Sent"),
            ("registered", "Registered"),
            ("approved", "Approved"),
            ("rejected", "Rejected"),
            ("returned", "Returned for Preparation"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    sent_date = fields.Datetime(string="Sent On", readonly=True, copy=False)
    can_send = fields.Boolean(compute="_compute_gate_buttons")
    can_register = fields.Boolean(compute="_compute_gate_buttons")
    can_approve = fields.Boolean(compute="_compute_gate_buttons")
    can_reject = fields.Boolean(compute="_compute_gate_buttons")
    can_return = fields.Boolean(compute="_compute_gate_buttons")
    can_withdraw = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("agreement_id.name")
    def _compute_name(self):
        for handoff in self:
            text = " ".join((handoff.agreement_id.name or "").split())
            handoff.name = text[:77] + "..." if len(text) > 80 else text

    @api.depends("name", "case_number")
    def _compute_display_name(self):
        for handoff in self:
            parts = [handoff.case_number, handoff.name]
            handoff.display_name = " – ".join(p for p in parts if p)

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("agreement_id")
    def _check_agreement_approved(self):
        for handoff in self:
            if handoff.agreement_id.meeting_id.state not in LOCKED_STATES:
                raise ValidationError(
                    self.env._(
                        "Only an agreement of approved minutes can be handed off "
                        "for decision: approve the minutes of %(meeting)s first.",
                        meeting=handoff.agreement_id.meeting_id.display_name,
                    )
                )

    @api.constrains("case_number")
    def _check_case_number(self):
        for handoff in self:
            number = handoff.case_number
            if number is False:
                continue
            if len(number) > MAX_CASE_NUMBER or not number.isprintable():
                raise ValidationError(
                    self.env._(
                        "A case number has at most %(max)s printable characters.",
                        max=MAX_CASE_NUMBER,
                    )
                )

    @api.constrains("link", "code")
    def _check_link(self):
        for handoff in self:
            if not handoff.link:
                continue
            parts = urlsplit(handoff.link.strip())
            hosts = handoff._kp_link_hosts()
            if parts.scheme != "https" or not parts.hostname:
                raise ValidationError(
                    self.env._("The decision's link must be an https address.")
                )
            if hosts and parts.hostname not in hosts:
                raise ValidationError(
                    self.env._(
                        "The decision's link must be an address of %(hosts)s.",
                        hosts=", ".join(hosts),
                    )
                )

    @api.constrains("state", "decision_date")
    def _check_decided_has_date(self):
        for handoff in self:
            if handoff.state in DECIDED_STATES and not handoff.decision_date:
                raise ValidationError(handoff._no_date_message())

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._kp_clean_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._kp_clean_vals(vals))

    @api.ondelete(at_uninstall=False)
    def _unlink_never_once_sent(self):
        if any(handoff.state != "draft" for handoff in self):
            raise UserError(
                self.env._("A hand-off that was sent is kept: withdraw it instead.")
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_send(self):
        self._check_transition("send")
        for handoff in self:
            handoff.write({"state": "sent", "sent_date": fields.Datetime.now()})
            # the connector's own sending: _kp_send_<code>
            getattr(handoff, f"_kp_send_{handoff.code}")()
            handoff._kp_tell_step()

    def action_register(self):
        self._check_transition("register")
        self.write({"state": "registered"})
        self._kp_tell_step()

    def action_approve(self):
        self._kp_decide("approve")

    def action_reject(self):
        self._kp_decide("reject")

    def action_return(self):
        self._kp_decide("return")

    def action_withdraw(self):
        self._check_transition("withdraw")
        self.write({"state": "withdrawn"})
        self._kp_tell_step()

    # ------------------------------------------------------------
    # MAIL GATEWAY
    # ------------------------------------------------------------

    def message_update(self, msg_dict, update_vals=None):
        """A reply from the registry (routed here by Odoo from the references
        of the sent extract) that carries a case number in the municipality's
        pattern sets the case number and registers the hand-off."""
        result = super().message_update(msg_dict, update_vals=update_vals)
        for handoff in self:
            number = handoff._kp_case_number_in(msg_dict)
            if number and handoff.state == "sent":
                handoff.sudo().write({"case_number": number, "state": "registered"})
                handoff._kp_tell_step()
        return result

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_moves(self):
        return {
            "send": (("draft",), "sent"),
            "register": (("sent",), "registered"),
            "approve": (PENDING_STATES, "approved"),
            "reject": (PENDING_STATES, "rejected"),
            "return": ((*PENDING_STATES, "approved", "rejected"), "returned"),
            "withdraw": (("draft", *HANDED_STATES), "withdrawn"),
        }

    def _gate_buttons(self):
        return {
            "can_send": "send",
            "can_register": "register",
            "can_approve": "approve",
            "can_reject": "reject",
            "can_return": "return",
            "can_withdraw": "withdraw",
        }

    def _gate_depends(self):
        return (*super()._gate_depends(), "case_number", "decision_date", "table_id")

    def _gate_error(self, transition):
        error = super()._gate_error(transition) or self._gate_table_error()
        if error:
            return error
        if (
            self.state in DECIDED_STATES
            and transition in ("return", "withdraw")
            and not self.env.su
            and not self.env.user.has_group("kumppanuuspoyta.group_kp_manager")
        ):
            return AccessRefusal(
                self.env._("Only a manager can withdraw or return a decided hand-off.")
            )
        if transition == "register" and not self.case_number:
            return self.env._("Enter the case number the registry gave first.")
        if transition in DECISIONS and not self.decision_date:
            return self._no_date_message()
        return False

    def _kp_decide(self, transition):
        self._check_transition(transition)
        self.write({"state": DECISIONS[transition]})
        self._kp_tell_step()

    def _kp_send_registry_email(self):
        """The registry e-mail connector: the agreement's extract (in the
        layout of a pöytäkirjanote) as a PDF, e-mailed from the hand-off's
        thread to the municipality's registry address; the registry's reply
        comes back to the thread by its references."""
        self.ensure_one()
        company = self.company_id.sudo()
        address = email_normalize(company.kp_registry_email)
        if not address:
            raise UserError(
                self.env._(
                    "Set the registry's e-mail address of %(company)s in the "
                    "settings first.",
                    company=company.name,
                )
            )
        # the registry's contact: the municipality's own office, not a
        # participant (the coordinator may not create contacts)
        registry = (
            self.env["res.partner"].sudo()._find_or_create_from_emails([address])[0]
        )
        report = self.env.ref("kumppanuuspoyta.kp_report_handoff_extract")
        pdf, _type = report._render_qweb_pdf(report.id, self.ids)
        self.message_post(
            body=self.env._(
                "Extract of the agreement for %(addressee)s.",
                addressee=self.addressee,
            ),
            subject=self.env._(
                "For decision: %(matter)s (%(table)s)",
                matter=self.name,
                table=self.table_id.name,
            ),
            partner_ids=registry.ids,
            attachments=[(self._kp_extract_filename(), pdf)],
            subtype_xmlid="mail.mt_comment",
        )

    def _kp_link_hosts(self):
        """The hosts a decision's link may name for this connector (any
        https host when empty); a connector's module extends it."""
        return ()

    def _kp_case_number_in(self, msg_dict):
        """The first case number in the municipality's pattern in an e-mail
        from its registry address, or None."""
        self.ensure_one()
        company = self.company_id.sudo()
        registry = email_normalize(company.kp_registry_email)
        sender = email_normalize(msg_dict.get("email_from") or "")
        if not registry or sender != registry:
            return None
        text = "{}\n{}".format(
            msg_dict.get("subject") or "", html2plaintext(msg_dict.get("body") or "")
        )
        match = re.search(company._kp_case_number_pattern(), text, re.IGNORECASE)
        return match and match.group(0)

    def _kp_tell_step(self):
        """Tell the table's coordinators and the agreement's proposer, each
        in their language, what became of the hand-off."""
        template = self.env.ref("kumppanuuspoyta.kp_mail_template_handoff_step")
        for handoff in self:
            item = handoff.agreement_id.agenda_item_id.sudo()
            partners = handoff.table_id.sudo().coordinator_user_ids.partner_id
            partners |= item.proposer_id.partner_id
            if handoff.state in DECIDED_STATES:
                # an answered matter's proposer or contact hears the decision
                # with the answer, once (kp_agenda_item_answer.py)
                partners -= item._kp_tell_decision(handoff)
            for partner in partners:
                # the template's language is the reader's (its lang: ctx)
                handoff._kp_notify_with_template(
                    template.with_context(kp_reader_lang=partner.lang), partner
                )

    def _kp_decision_line(self, lang=None):
        """Where the matter is, as one line: "In decision-making: HEL
        2024-015249 – decided 12.3.2026 § 123" (the table's formatter)."""
        self.ensure_one()
        env = self.with_context(lang=lang).env if lang else self.env
        table = self.table_id.with_env(env)
        if self.state in DECIDED_STATES:
            day = table._format_day(self.decision_date, lang=lang)
            if self.decision_section:
                return env._(
                    "In decision-making: %(case)s – decided %(date)s § %(section)s",
                    case=self.case_number or self.addressee,
                    date=day,
                    section=self.decision_section,
                )
            return env._(
                "In decision-making: %(case)s – decided %(date)s",
                case=self.case_number or self.addressee,
                date=day,
            )
        if self.case_number:
            return env._("In decision-making: %(case)s", case=self.case_number)
        return env._(
            "In decision-making: sent to %(addressee)s", addressee=self.addressee
        )

    def _kp_extract_filename(self):
        self.ensure_one()
        return self.env._("Extract %(matter)s.pdf", matter=self.name[:40])

    def _no_date_message(self):
        return self.env._("Enter the date of the decision first.")

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _kp_clean_vals(self, vals):
        """A case number is stored trimmed and upper-cased (its spaces
        inside kept: 'HEL 2024-015249'); one of only spaces is refused
        before anything is written."""
        if isinstance(vals.get("case_number"), str):
            number = vals["case_number"].strip().upper()
            if vals["case_number"] and not number:
                raise ValidationError(
                    self.env._("The case number cannot be only spaces.")
                )
            vals = {**vals, "case_number": number or False}
        if isinstance(vals.get("link"), str):
            vals = {**vals, "link": vals["link"].strip() or False}
        return vals
