from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..tools.forms import MAX_TEXT_LENGTH
from ..tools.replies import (
    PARTSTAT_METHODS,
    is_done_command,
    reply_subject,
    unquoted_text,
)
from ..tools.text import MAX_TITLE_LENGTH
from .kp_mail_reply import MAX_REPLY_ATTACHMENTS
from .kp_meeting import OPEN_STATES

# what a refused reply may raise: the words go back to its owner
REFUSALS = (UserError, ValidationError, AccessError)


class _Undone(Exception):
    """Rolls back a second attempt made only for its refusal's words."""


class KpMailReply(models.AbstractModel):
    """What a reply by e-mail does, once the rules of trust let it act: a
    reply to a meeting's e-mail becomes a proposal (or, from a calendar
    client, the attendee's answer), a reply to a commitment reminder marks it
    done or comments on it, a reply to a turn reminder confirms the turn.
    Each acts with the rights its owner has in the portal: their own user
    (the record rules and the gate), or for a contact without a login the
    same rules evaluated for the contact. A refusal changes nothing and is
    told to the owner in their language; every reply stays visible on the
    record as the gateway posts it."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.mail.reply"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _kp_apply(self, thread, ticket, msg_dict):
        """Apply the reply ``ticket`` (``_kp_ticket``) arriving on ``thread``
        (its record, or its owner's contact when the record is gone)."""
        # no owner: a reply to a notification from an address it was not
        # sent to (kp.mail.reply._kp_notified_ticket)
        owner = self.env["res.partner"].sudo().browse(ticket["partner_id"] or [])
        record = thread if thread._name == ticket["model"] else None
        # notes for the table's people, in its convener's language
        staff = self._kp_staff_env(record)
        if ticket["auto"]:
            # no answer to a machine, no loop: the message stays on the record
            self._kp_note(thread, staff._("An automatic reply: nothing was changed."))
            return
        owner_env = self.with_context(lang=owner.lang).env
        if record is None:
            self._kp_tell_owner(
                thread,
                owner,
                owner_env._(
                    "What you replied to no longer exists, so your reply "
                    "changed nothing. The table's convener can help."
                ),
            )
            return
        if not ticket["trusted"]:
            self._kp_needs_review(
                record,
                owner,
                staff._(
                    "Needs review: this reply came from another address than "
                    "the one it was sent to, so nothing was changed."
                ),
            )
            self._kp_tell_owner(
                record,
                owner,
                owner_env._(
                    "A reply to %(what)s was sent with your personal reply "
                    "address from another e-mail address. Nothing was changed; "
                    "the table's convener will look at it.",
                    what=record.sudo().display_name,
                ),
            )
            return
        if ticket["expired"]:
            self._kp_note(
                record,
                staff._(
                    "This reply came after its reply address had expired: "
                    "nothing was changed."
                ),
            )
            self._kp_tell_owner(
                record,
                owner,
                owner_env._(
                    "Your reply to %(what)s came after its reply address had "
                    "expired, so it changed nothing. Reply to a newer e-mail "
                    "of the table, or use the portal.",
                    what=record.sudo().display_name,
                ),
            )
            return
        self._kp_act(record, owner, ticket, msg_dict, staff)

    @api.model
    def _kp_act(self, record, owner, ticket, msg_dict, staff):
        """Make the change the reply asks for, or nothing: a refusal rolls
        its writes back and is told to the owner in their language and noted
        on the record in the staff's, each with the refusal's own words."""
        text = unquoted_text(msg_dict.get("body") or "")
        owner_env = self.with_context(lang=owner.lang).env
        attempt = (record, owner, ticket, msg_dict, text, staff)
        try:
            done = self._kp_attempt(owner_env, *attempt)
        except REFUSALS as refusal:
            reason = self._kp_reason(refusal)
            self._kp_note(
                record,
                staff._(
                    "Not applied: %(reason)s",
                    reason=self._kp_refusal_in(staff, attempt) or reason,
                ),
            )
            self._kp_tell_owner(
                record,
                owner,
                owner_env._(
                    "Your reply to %(what)s changed nothing: %(reason)s",
                    what=record.sudo().display_name,
                    reason=reason,
                ),
            )
            return
        if done:
            self._kp_note(record, done)

    @api.model
    def _kp_attempt(self, env, record, owner, ticket, msg_dict, text, staff):
        """The reply's change with ``env``'s language for its refusals, in a
        savepoint: a refusal rolls back whatever it began."""
        act = {
            "meeting": self._kp_act_meeting,
            "commitment": self._kp_act_commitment,
            "turn": self._kp_act_turn,
        }[ticket["purpose"]]
        if ticket["malformed"]:
            raise UserError(
                env._(
                    "The e-mail arrived damaged and could not be read; "
                    "please send it again."
                )
            )
        if ticket["too_large"]:
            raise UserError(
                env._(
                    "Its attachments were larger than %(size)s MB together, "
                    "so they were not kept; send smaller ones or use the "
                    "portal.",
                    size=record.env["kp.table"]._format_number(
                        MAX_REPLY_ATTACHMENTS // (1024 * 1024), lang=env.lang
                    ),
                )
            )
        with self.env.cr.savepoint():
            return act(record.with_env(env), owner, ticket, msg_dict, text, staff)

    @api.model
    def _kp_refusal_in(self, env, attempt):
        """The words of the refusal of ``attempt`` in ``env``'s language:
        the same attempt once more, always rolled back. The gate and Odoo
        raise their refusals already translated, in one language."""
        if env.lang == attempt[1].lang:
            return None
        try:
            with self.env.cr.savepoint():
                self._kp_attempt(env, *attempt)
                raise _Undone
        except REFUSALS as refusal:
            return self._kp_reason(refusal)
        except _Undone:
            return None

    @api.model
    def _kp_reason(self, refusal):
        return refusal.args[0] if refusal.args else str(refusal)

    # ------------------------------------------------------------
    # THE ACTIONS
    # ------------------------------------------------------------

    @api.model
    def _kp_act_meeting(self, meeting, owner, ticket, msg_dict, text, staff):
        """A calendar client's answer records the attendee's reply; any other
        reply to a meeting's e-mail is a proposal for its agenda."""
        env = meeting.env
        if ticket["itip"]:
            return self._kp_answer_invitation(meeting, owner, ticket["itip"])
        if not text:
            raise UserError(
                env._("The reply had no text of its own to propose for the agenda.")
            )
        seat = self._kp_seat(meeting.sudo().table_id, owner)
        if not seat:
            raise AccessError(
                env._("Only the table's participants propose agenda items.")
            )
        title = reply_subject(msg_dict.get("subject")) or text.split("\n", 1)[0]
        values = {
            "table_id": meeting.sudo().table_id.id,
            "meeting_id": meeting.id if meeting.sudo().state in OPEN_STATES else False,
            "proposer_id": seat.id,
            "state": "proposed",
            "name": title[:MAX_TITLE_LENGTH],
            "description": text[:MAX_TEXT_LENGTH],
            "source": "organisation",
        }
        Item = self._kp_as(owner, env["kp.agenda.item"])
        proposal = Item.create(values)
        self._kp_tell_conveners(proposal.sudo(), owner)
        return staff._(
            "Proposal %(title)s added to the agenda's proposals from %(person)s's "
            "reply.",
            title=proposal.sudo().name,
            person=owner.name,
        )

    @api.model
    def _kp_answer_invitation(self, meeting, owner, itip):
        """Record the owner's answer from their calendar client with Odoo's
        own ``do_accept`` / ``do_decline`` / ``do_tentative``, as the
        invitation's links do."""
        env = meeting.env
        uid, answers = itip
        attendee = meeting.sudo().event_id.attendee_ids.filtered(
            lambda a: a.partner_id == owner
        )[:1]
        address = (owner.email_normalized or "").lower()
        if (
            uid != meeting.sudo()._kp_ics_uid()
            or not attendee
            or address not in answers
        ):
            raise UserError(
                env._("The calendar answer is not an answer to this meeting.")
            )
        # no PARTSTAT, or one that is no answer (NEEDS-ACTION, DELEGATED)
        method = PARTSTAT_METHODS.get(answers[address])
        if not method:
            raise UserError(
                env._("The calendar answer neither accepts nor declines the meeting.")
            )
        getattr(attendee, method)()
        return False

    @api.model
    def _kp_act_commitment(self, commitment, owner, ticket, msg_dict, text, staff):
        """*valmis* / *klar* / *done* marks the commitment done through its
        stage, as the portal does; any other text is a comment (the gateway
        posts it on the commitment)."""
        env = commitment.env
        mine = self._kp_as(owner, commitment)
        if not self._kp_may_update(mine, owner):
            raise AccessError(
                env._(
                    "Only the commitment's responsible person and organisation "
                    "update it."
                )
            )
        if not is_done_command(text):
            if not text:
                raise UserError(env._("The reply had no text of its own."))
            return False
        if commitment.sudo().state != "open":
            raise UserError(
                env._(
                    "The commitment %(what)s is already closed.",
                    what=commitment.sudo().name,
                )
            )
        done = (
            env["kp.commitment.stage"]
            .sudo()
            .search([("closing", "=", "done")], limit=1)
        )
        mine.write({"stage_id": done.id})
        return staff._("Marked done by %(person)s's reply.", person=owner.name)

    @api.model
    def _kp_act_turn(self, occurrence, owner, ticket, msg_dict, text, staff):
        """A reply to a turn reminder confirms the turn (the gate's
        ``confirm``, as the portal's button)."""
        mine = self._kp_as(owner, occurrence)
        if not self._kp_may_update(mine, owner):
            raise AccessError(
                occurrence.env._("Only the responsible organisation confirms its turn.")
            )
        mine.action_confirm_turn()
        return staff._("Turn confirmed by %(person)s's reply.", person=owner.name)

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _kp_staff_env(self, record):
        """The environment of notes for the table's people: the language of
        its first coordinator, else of its municipality."""
        table = record.sudo().table_id if record is not None else None
        lang = (
            table
            and (
                table.coordinator_user_ids[:1].lang or table.company_id.partner_id.lang
            )
        ) or self.env.lang
        return self.with_context(lang=lang).env

    @api.model
    def _kp_user(self, owner):
        """The owner's own user, if they have one (portal or internal)."""
        return owner.sudo().user_ids.filtered("active")[:1]

    @api.model
    def _kp_as(self, owner, records):
        """``records`` with the owner's rights: their own user (record rules
        and gate), or for a contact without a login the superuser, after the
        portal's rules have been evaluated for the contact (``_kp_may_update``,
        ``_kp_seat``)."""
        user = self._kp_user(owner)
        if user:
            return records.with_user(user)
        return records.sudo()

    @api.model
    def _kp_may_update(self, record, owner):
        """The portal's rule for a commitment or a turn: it is the owner's or
        their organisation's (the model's ``_own_domain``, as the record
        rules say), and they may write it."""
        if not record.env.su:
            return record.has_access("write") and record.is_own
        return bool(record.filtered_domain(record._own_domain(partner=owner)))

    @api.model
    def _kp_seat(self, table, owner):
        """The owner's current seat at ``table`` (kp.participant), if any."""
        return table.participant_ids._current().filtered(
            lambda seat: seat.partner_id == owner
        )[:1]

    @api.model
    def _kp_note(self, record, text):
        """A note on ``record`` for the table's people (not e-mailed)."""
        record.sudo().message_post(
            body=Markup("<p>%s</p>") % text,
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    @api.model
    def _kp_needs_review(self, record, owner, text):
        """Keep the reply for the convener: a note on the record and an
        activity on the table for its first coordinator."""
        self._kp_note(record, text)
        table = record.sudo().table_id
        coordinator = table.coordinator_user_ids.filtered(lambda u: not u.share)[:1]
        if coordinator:
            summary = self.with_context(lang=coordinator.lang).env._(
                "Reply by e-mail to review: %(what)s", what=record.display_name
            )
            table.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=summary,
                note=Markup("<p>%s</p>") % text,
                user_id=coordinator.id,
            )

    @api.model
    def _kp_tell_owner(self, thread, owner, text):
        """One notice to the token's owner (never to the sender), in their
        language, from the record's thread."""
        if not owner:
            return
        subject = self.with_context(lang=owner.lang).env._("Your reply by e-mail")
        thread.sudo().with_context(lang=owner.lang).message_notify(
            partner_ids=owner.ids,
            subject=subject,
            body=Markup("<p>%s</p>") % text,
            email_layout_xmlid="mail.mail_notification_light",
        )

    @api.model
    def _kp_tell_conveners(self, proposal, owner):
        """Tell the table's coordinators, each in their language, that a
        proposal came by e-mail."""
        partners = proposal.table_id.coordinator_user_ids.partner_id - owner
        for lang, group in partners.grouped("lang").items():
            env = self.with_context(lang=lang).env
            proposal.with_context(lang=lang).message_notify(
                partner_ids=group.ids,
                subject=env._("New proposal by e-mail: %(title)s", title=proposal.name),
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    env._(
                        "%(person)s proposes for the agenda of %(table)s:",
                        person=owner.name,
                        table=proposal.table_id.name,
                    ),
                    proposal.description or "",
                ),
                email_layout_xmlid="mail.mail_notification_light",
            )
