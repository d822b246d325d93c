from collections import defaultdict

from odoo import api, fields, models

from .kp_participant import JOINED_DOMAIN


class KpTable(models.Model):
    """Who sits at a table, defined once (kp.participant._current) and stored
    as relations that the record rules, the filters and the portal point at;
    and what follows from who has joined: the counts and the missing roles,
    computed for all the kanban's cards at once."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.table"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    # Who sits at the table, defined once (kp.participant._current) and
    # stored, so that record rules, filters and the portal point at it.
    member_partner_ids = fields.Many2many(
        "res.partner",
        "kp_table_member_partner_rel",
        "table_id",
        "partner_id",
        compute="_compute_member_ids",
        store=True,
        string="Current Participants",
        help="The people who sit at the table now: joined or invited, not left.",
    )
    member_user_ids = fields.Many2many(
        "res.users",
        "kp_table_member_user_rel",
        "table_id",
        "user_id",
        compute="_compute_member_ids",
        store=True,
        string="Current Participant Users",
    )
    coordinator_user_ids = fields.Many2many(
        "res.users",
        "kp_table_coordinator_user_rel",
        "table_id",
        "user_id",
        compute="_compute_member_ids",
        store=True,
        string="Coordinator Users",
        help="The users among the members whose role manages the table "
        "(convener, chair, secretary, ...).",
    )
    participant_count = fields.Integer(compute="_compute_counts")
    organisation_count = fields.Integer(compute="_compute_counts")
    missing_role_ids = fields.Many2many(
        "kp.role", compute="_compute_counts", string="Missing Roles"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "participant_ids.state",
        "participant_ids.active",
        "participant_ids.partner_id",
        "participant_ids.user_id",
        "participant_ids.coordinates",
    )
    def _compute_member_ids(self):
        for table in self:
            current = table.participant_ids._current()
            table.member_partner_ids = current.partner_id
            table.member_user_ids = current.user_id
            table.coordinator_user_ids = current.filtered("coordinates").user_id

    @api.depends(
        "required_role_ids",
        "participant_ids.state",
        "participant_ids.active",
        "participant_ids.organisation_id",
        "participant_ids.role_ids",
    )
    def _compute_counts(self):
        # who has joined each table, and what follows, for all the kanban's
        # cards at once
        if all(self._ids):
            self._compute_counts_stored()
            return
        # a form being edited counts its people as they stand in it
        joined = self._joined_participants()
        for table in self:
            table.participant_count = len(joined[table])
            table.organisation_count = len(joined[table].organisation_id)
        self._assign_by_value(
            "missing_role_ids",
            lambda table: table.required_role_ids - joined[table].role_ids,
        )

    def _compute_counts_stored(self):
        """The counts of saved tables, counted by the database: a card of a
        table of a thousand costs what a card of ten does (the kanban never
        loads the people). Counts, not people: read for every table shown."""
        Participant = self.env["kp.participant"].sudo()
        joined = [("table_id", "in", self.ids), *JOINED_DOMAIN]
        counts = {
            table.id: (people, organisations)
            for table, people, organisations in Participant._read_group(
                joined, ["table_id"], ["__count", "organisation_id:count_distinct"]
            )
        }
        roles = defaultdict(set)
        for table, role in Participant._read_group(joined, ["table_id", "role_ids"]):
            roles[table.id].add(role.id)
        for table in self:
            table.participant_count, table.organisation_count = counts.get(
                table.id, (0, 0)
            )
        self._assign_by_value(
            "missing_role_ids",
            lambda table: table.required_role_ids.filtered(
                lambda role: role.id not in roles[table.id]
            ),
        )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _flush_members(self):
        """Store the member relations now: record rules and searches read
        them in SQL, and conditions on many2many fields do not flush pending
        recomputations themselves."""
        self.flush_recordset(
            ["member_partner_ids", "member_user_ids", "coordinator_user_ids"]
        )

    def _joined_participants(self):
        """{table: its joined participants} for all of ``self`` at once: the
        kanban computes its cards together, and one filter of all their
        participants costs what one card's did."""
        joined = self.participant_ids._joined().grouped("table_id")
        empty = self.env["kp.participant"]
        return {table: joined.get(table, empty) for table in self}

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _assign_by_value(self, field_name, value_of):
        """Assign ``value_of(table)`` to the relational ``field_name`` of each
        table, once per distinct value: the cards of the kanban mostly share
        one (no missing role, no theme without results), and an assignment
        costs the same for one record as for all of them."""
        tables_by_value = defaultdict(list)
        for table in self:
            tables_by_value[value_of(table)].append(table.id)
        for value, ids in tables_by_value.items():
            self.browse(ids)[field_name] = value
