from odoo import api, models
from odoo.exceptions import UserError

# the seat kept when a person's seats at one table fold into one: the one
# that sits at the table now before one that left
STATE_RANK = {"active": 3, "invited": 2, "left": 1}
# of a person's two attendance records at one meeting, the one that counts
STATUS_RANK = {"present": 3, "excused": 2, "absent": 1}


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Odoo's contact merge keeps the tables whole: the participants of the
    merged contacts at one table fold into one, with their attendance (one
    record per meeting), proposals, roles, meetings chaired or recorded and
    chatter, before Odoo moves the contacts' own links. A fold the user may
    not make refuses the whole merge, before anything is written."""

    _inherit = "base.partner.merge.automatic.wizard"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        # refused before Odoo writes anything (its own refusals for more than
        # three contacts come first); the fold itself runs in
        # _update_foreign_keys, in the same transaction
        partners = self.env["res.partner"].browse(partner_ids).exists()
        groups = self._kp_seats_to_fold(partners) if 2 <= len(partners) <= 3 else []
        tables = self._kp_check_fold(groups)
        result = super()._merge(
            partner_ids, dst_partner=dst_partner, extra_checks=extra_checks
        )
        if tables:
            self._kp_after_fold(partners.exists(), tables)
        return result

    @api.model
    def _update_foreign_keys(self, src_partners, dst_partner):
        # as Odoo's website merges the visitors first: one seat per table
        # before the contacts' links move
        for seats in self._kp_seats_to_fold(src_partners | dst_partner):
            self._kp_fold(seats, dst_partner)
        return super()._update_foreign_keys(src_partners, dst_partner)

    @api.model
    def _kp_seats_to_fold(self, partners):
        """The participants of ``partners`` that the merge makes one
        person's several seats at one table: a list of recordsets, one per
        table where more than one of the contacts sits (or sat)."""
        seats = (
            self.env["kp.participant"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", partners.ids)])
        )
        return [
            table_seats
            for table_seats in seats.grouped("table_id").values()
            if len(table_seats.partner_id) > 1
        ]

    @api.model
    def _kp_check_fold(self, groups):
        """Refuse (UserError naming the tables) a fold the user may not
        make: seats at a table they do not manage (another municipality's,
        or one they do not coordinate), or seats for different
        organisations, which would move attendance from one organisation to
        another. Returns the tables."""
        if not groups:
            return self.env["kp.table"]
        tables = self.env["kp.table"].browse(
            [seats[:1].table_id.id for seats in groups]
        )
        # the user's own right to change the tables: the fold widens nothing
        unmanaged = tables.filtered(lambda table: not table.is_managed)
        if unmanaged:
            raise UserError(
                self.env._(
                    "The contacts sit at the partnership tables %(tables)s, "
                    "which you do not manage: their participants there cannot "
                    "be folded into one, so the contacts are not merged. Ask a "
                    "manager of those tables to merge them.",
                    tables=self._kp_names(unmanaged),
                )
            )
        split = tables.browse(
            [
                seats[:1].table_id.id
                for seats in groups
                if len({seat.organisation_id for seat in seats}) > 1
            ]
        )
        if split:
            raise UserError(
                self.env._(
                    "The contacts sit at the partnership tables %(tables)s for "
                    "different organisations: folding their participants into "
                    "one would move attendance from one organisation to "
                    "another, so the contacts are not merged. Make the "
                    "participants' organisations the same first.",
                    tables=self._kp_names(split.sudo()),
                )
            )
        return tables

    @api.model
    def _kp_fold(self, seats, dst_partner):
        """Fold one person's ``seats`` at one table into the one that sits
        there now (the destination contact's first): one attendance record
        per meeting (the one that counts), then everything that points at
        the others moves to it by Odoo's own means, as Odoo merges the
        contacts' bank accounts. Checked already (sudo)."""
        kept = max(
            seats,
            key=lambda seat: (
                seat.active,
                STATE_RANK.get(seat.state, 0),
                seat.partner_id == dst_partner,
                -seat.id,
            ),
        )
        folded = seats - kept
        values = self._kp_kept_values(kept, seats)
        self._kp_drop_doubled_attendance(seats, kept)
        # what only the others hold moves with them; the roles through the
        # ORM, so that who coordinates the table is stored again
        kept.role_ids |= folded.role_ids
        Attendance = self.env["kp.attendance"].sudo()
        moved = [
            Attendance.search([("participant_id", "in", folded.ids)]),
            self.env["kp.agenda.item"]
            .sudo()
            .with_context(active_test=False)
            .search([("proposer_id", "in", folded.ids)]),
            self.env["kp.meeting"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    "|",
                    ("chair_id", "in", folded.ids),
                    ("secretary_id", "in", folded.ids),
                ]
            ),
        ]
        self._update_foreign_keys_generic("kp.participant", folded, kept)
        self._update_reference_fields_generic("kp.participant", folded, kept)
        # the values stored from the participant (contact, organisation,
        # sector) follow the rows Odoo moved in SQL
        self.env.invalidate_all()
        for records in moved:
            for field in ("participant_id", "proposer_id", "chair_id", "secretary_id"):
                if field in records._fields:
                    records.modified([field])
        folded.unlink()
        kept.write(values)

    @api.model
    def _kp_after_fold(self, person, tables):
        """After Odoo's merge: the person is invited once to each coming
        meeting of the tables (Odoo moved both contacts' calendar attendees
        to the one kept), and the tables' members are stored again."""
        tables = tables.sudo()
        events = tables.meeting_ids.event_id
        attendees = (
            self.env["calendar.attendee"]
            .sudo()
            .search([("event_id", "in", events.ids), ("partner_id", "=", person.id)])
        )
        for event_attendees in attendees.grouped("event_id").values():
            # the one that holds a reply stays
            event_attendees.sorted(lambda a: a.state == "needsAction")[1:].unlink()
        tables._flush_members()
        tables.meeting_ids._sync_attendees()

    @api.model
    def _kp_kept_values(self, kept, seats):
        """The kept participant's dates and notes: joined at the earliest,
        left at the latest if it has left, every note kept."""
        joined = [seat.joined_date for seat in seats if seat.joined_date]
        values = {
            "joined_date": min(joined) if joined else kept.joined_date,
            "notes": "\n\n".join(seat.notes for seat in seats if seat.notes) or False,
        }
        left = [seat.left_date for seat in seats if seat.left_date]
        if kept.state == "left" and left:
            values["left_date"] = max(left)
        return values

    @api.model
    def _kp_drop_doubled_attendance(self, seats, kept):
        """One attendance record per meeting: where both seats have one, the
        one that counts stays (present before excused before absent)."""
        lines = (
            self.env["kp.attendance"]
            .sudo()
            .search([("participant_id", "in", seats.ids)])
        )
        doubled = lines.browse()
        for meeting_lines in lines.grouped("meeting_id").values():
            best = max(
                meeting_lines,
                key=lambda line: (
                    STATUS_RANK.get(line.status, 0),
                    line.participant_id == kept,
                    -line.id,
                ),
            )
            doubled |= meeting_lines - best
        doubled.unlink()

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _kp_names(self, tables):
        return ", ".join(tables.sudo().mapped("display_name"))
