import re
import secrets
from datetime import timedelta

from odoo import api, fields, models

from ..tools.text import check_email_addresses
from .kp_participant import CURRENT_DOMAIN

# a subscription key as secrets.token_urlsafe(32) writes it
CALENDAR_TOKEN = re.compile(r"[A-Za-z0-9_-]{43}")
# how far back a subscription shows meetings
CALENDAR_PAST_DAYS = 365


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
        "kp.participant", "partner_id", string="Participation at Partnership Tables"
    )
    # an organisation's people at the tables: the pickers of a table's
    # organisations (contributions, turns) offer those seated there
    kp_organisation_seat_ids = fields.One2many(
        "kp.participant", "organisation_id", string="Seats of Its People"
    )
    kp_table_count = fields.Integer(
        compute="_compute_kp_table_count", string="Partnership Tables"
    )
    kp_commitment_count = fields.Integer(
        compute="_compute_kp_commitment_count",
        string="Commitments",
        help="The commitments of the organisation and of its departments at "
        "every table.",
    )
    kp_open_commitment_count = fields.Integer(
        compute="_compute_kp_commitment_count", string="Open Commitments"
    )
    kp_overdue_commitment_count = fields.Integer(
        compute="_compute_kp_commitment_count", string="Overdue Commitments"
    )
    # what the organisation brings to the tables (kp.contribution)
    kp_contribution_count = fields.Integer(
        compute="_compute_kp_contributions", string="Contributions"
    )
    kp_contribution_hours = fields.Float(
        compute="_compute_kp_contributions", string="Volunteer Hours", digits=(16, 1)
    )
    kp_attendance_rate = fields.Float(
        compute="_compute_kp_attendance_rate",
        string="Attendance (%)",
        digits=(16, 0),
        help="Of the meetings the organisation (or one of its departments) was "
        "invited to, the share it attended.",
    )
    # the key of the person's calendar subscription (/kp/calendar/<key>.ics):
    # read and renewed only through _kp_calendar_url / _kp_renew_calendar_token
    kp_calendar_token = fields.Char(
        string="Calendar Subscription Key",
        copy=False,
        readonly=True,
        index="btree_not_null",
        groups="base.group_system",
    )

    # set once the person was anonymised (GDPR art. 17): the contact stays
    # as "Deleted participant #id" and is never anonymised again
    kp_anonymised_on = fields.Datetime(
        string="Anonymised on", copy=False, readonly=True
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends_context("partner_display_name_hide_company")
    def _compute_display_name(self):
        # Odoo's own key for a person's name without their organisation,
        # which the tables' lists set: a name read with it is not the one
        # read without it (the cache must tell them apart)
        return super()._compute_display_name()

    def _compute_kp_commitment_count(self):
        """Counted with the departments (contacts whose parent is the
        organisation): a municipality's figures roll its departments up."""
        domain = [("organisation_id", "child_of", self.ids)]
        counts = {partner.id: [0, 0, 0] for partner in self}
        # all, open, overdue: one grouped query each
        for index, extra in enumerate(
            ([], [("state", "=", "open")], [("is_overdue", "=", True)])
        ):
            groups = self.env["kp.commitment"]._read_group(
                domain + extra, ["organisation_id"], ["__count"]
            )
            for organisation, count in groups if self.ids else ():
                for partner_id in self._kp_ancestor_ids(organisation):
                    if partner_id in counts:
                        counts[partner_id][index] += count
        for partner in self:
            total, open_count, overdue = counts.get(partner.id, (0, 0, 0))
            partner.kp_commitment_count = total
            partner.kp_open_commitment_count = open_count
            partner.kp_overdue_commitment_count = overdue

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

    def _compute_kp_attendance_rate(self):
        Report = self.env["kp.attendance.report"]
        groups = (
            Report._read_group(
                [("organisation_id", "child_of", self.ids)],
                ["organisation_id"],
                ["invited_count:sum", "attended_count:sum"],
            )
            if self.ids and Report.has_access("read")
            else []
        )
        totals = {partner.id: [0, 0] for partner in self}
        for organisation, invited, attended in groups:
            for partner_id in self._kp_ancestor_ids(organisation):
                if partner_id in totals:
                    totals[partner_id][0] += invited
                    totals[partner_id][1] += attended
        for partner in self:
            invited, attended = totals.get(partner.id, (0, 0))
            partner.kp_attendance_rate = 100 * attended / invited if invited else 0

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
        action["domain"] = [("organisation_id", "child_of", self.id)]
        action["context"] = {
            "default_organisation_id": self.id,
            "search_default_open": 1,
        }
        return action

    def action_view_kp_overdue_commitments(self):
        action = self.action_view_kp_commitments()
        action["context"] = {
            "default_organisation_id": self.id,
            "search_default_overdue": 1,
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

    def action_view_kp_attendance(self):
        """The organisation's attendance, with its departments', over time."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_attendance_report_action"
        )
        action["domain"] = [("organisation_id", "child_of", self.id)]
        action["views"] = [(False, "graph"), (False, "pivot"), (False, "list")]
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

    def action_kp_anonymise_wizard(self):
        """The form that anonymises the person (managers of partnership
        tables)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "kumppanuuspoyta.kp_anonymise_wizard_action"
        )
        action["context"] = {"default_partner_id": self.id}
        return action

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_anonymise(self, revoke_portal=True):
        """Anonymise these people and keep the tables' record
        (``kp.anonymiser._anonymise``): refused as a whole with a translated
        UserError, nothing written, for an organisation, an internal user or
        a contact of a municipality the user does not manage; a person
        anonymised already is left as is. Returns the privacy.log rows."""
        return self.env["kp.anonymiser"]._anonymise(self, revoke_portal=revoke_portal)

    @api.model
    def _kp_ancestor_ids(self, partner):
        """The ids of the partner and of the organisations above it (the
        parents of a batch are read together, one query per level)."""
        ids = []
        while partner:
            ids.append(partner.id)
            partner = partner.parent_id
        return ids

    def _kp_participant_domain(self):
        """Seats of these contacts: their own, and their people's for organisations."""
        return [
            "|",
            ("partner_id", "in", self.ids),
            ("organisation_id", "in", self.ids),
        ]

    # --- the calendar subscription ------------------------------------

    def _kp_calendar_url(self):
        """The person's calendar subscription address, or False before they
        have asked for one."""
        self.ensure_one()
        token = self.sudo().kp_calendar_token
        return token and f"{self.get_base_url()}/kp/calendar/{token}.ics"

    def _kp_renew_calendar_token(self):
        """A new, unguessable subscription key: the old address stops
        answering at once."""
        for partner in self.sudo():
            partner.kp_calendar_token = secrets.token_urlsafe(32)

    @api.model
    def _kp_calendar_owner(self, token):
        """The active person whose subscription key is ``token``, or nobody."""
        if not isinstance(token, str) or not CALENDAR_TOKEN.fullmatch(token):
            return self.browse()
        return self.sudo().search([("kp_calendar_token", "=", token)], limit=1)

    def _kp_calendar_ics(self):
        """The person's subscription (bytes, in their language): the meetings
        of the tables they sit at now, but cancelled ones, and the open
        deadlines there of their own and their organisation's commitments
        (as kp.commitment._own_domain has them for a user)."""
        self.ensure_one()
        partner = self.sudo().with_context(lang=self.lang or self.env.lang)
        env = partner.env
        tables = env["kp.table"].search([("member_partner_ids", "in", partner.id)])
        since = fields.Datetime.now() - timedelta(days=CALENDAR_PAST_DAYS)
        meetings = env["kp.meeting"].search(
            [
                ("table_id", "in", tables.ids),
                ("state", "!=", "cancelled"),
                ("start", ">=", since),
            ],
            order="start, id",
        )
        commitments = env["kp.commitment"].search(
            [
                ("table_id", "in", tables.ids),
                ("state", "=", "open"),
                ("deadline", "!=", False),
                "|",
                ("responsible_partner_id", "=", partner.id),
                ("organisation_id", "=", partner.commercial_partner_id.id),
            ],
            order="deadline, id",
        )
        name = env._("Partnership tables: %(name)s", name=partner.name)
        return meetings._kp_ics_feed(commitments, name)
