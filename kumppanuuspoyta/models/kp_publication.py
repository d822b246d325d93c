import uuid
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from .kp_gate_mixin import AccessRefusal
from .kp_meeting_minutes import LOCKED_STATES

# the longest a memo stays public (the company's default is shorter)
MAX_DAYS = 365
# what only publishing and the end of the period write (the snapshot is
# served as it is: no one edits its HTML)
TAKEN_FIELDS = {
    "snapshot",
    "headings",
    "lang",
    "access_token",
    "published_by_id",
    "published_on",
}


class KpPublication(models.Model):
    """A public memo for a period (julkinen muistio määräajan): an approved
    version of the minutes published on the municipality's public page as a
    redacted snapshot taken at publishing (residents are "asukas 1, asukas
    2…", no contact details), visible from ``date_start`` until ``date_end``
    and decided at each request; after the period a tombstone stays (the
    table, the date, the headings and who published).

    The snapshot and the scan of free text for names are in
    ``kp_publication_snapshot.py``; the period (visibility, the feed, the job
    that empties expired snapshots) in ``kp_publication_period.py``.
    """

    _name = "kp.publication"
    _description = "Public Memo"
    _inherit = ["kp.gate.mixin", "kp.table.record.mixin", "mail.thread"]
    _order = "date_start desc, id desc"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    minutes_id = fields.Many2one(
        "kp.minutes",
        string="Approved Minutes",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
        domain="[('meeting_id.state', 'in', "
        "('minutes_approved', 'minutes_distributed')), "
        "('table_id.is_managed', '=', True)]",
    )
    table_id = fields.Many2one(
        related="minutes_id.table_id", store=True, precompute=True
    )
    meeting_id = fields.Many2one(
        related="minutes_id.meeting_id", string="Meeting", store=True
    )
    name = fields.Char(
        string="Title", compute="_compute_name", store=True, precompute=True
    )
    meeting_start = fields.Datetime(
        string="Meeting Date", related="meeting_id.start", store=True
    )
    date_start = fields.Datetime(
        string="Public From",
        compute="_compute_date_start",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    date_end = fields.Datetime(
        string="Public Until",
        compute="_compute_date_end",
        store=True,
        readonly=False,
        precompute=True,
        required=True,
        tracking=True,
    )
    state = fields.Selection(
        [
            ("draft", "Preview"),
            ("published", "Published"),
            ("expired", "Period Ended"),
            ("withdrawn", "Withdrawn"),
        ],
        default="draft",
        required=True,
        index=True,
        tracking=True,
        copy=False,
    )
    access_token = fields.Char(
        copy=False, readonly=True, index=True, groups="base.group_user"
    )
    lang = fields.Char(
        string="Language",
        readonly=True,
        help="The language of the public page: the municipality's.",
    )
    item_ids = fields.One2many(
        "kp.publication.item", "publication_id", string="Agenda Items"
    )
    hit_ids = fields.One2many(
        "kp.publication.hit", "publication_id", string="Names Found"
    )
    open_hit_count = fields.Integer(
        compute="_compute_open_hit_count", string="Names to Resolve"
    )
    # what the public page shows, taken at publishing; emptied after the period
    snapshot = fields.Html(
        string="Public Text", sanitize=False, readonly=True, copy=False
    )
    # the tombstone: what stays after the period (with the table and date)
    headings = fields.Text(readonly=True, copy=False)
    published_by_id = fields.Many2one(
        "res.users", string="Published by", readonly=True, copy=False
    )
    published_on = fields.Datetime(readonly=True, copy=False)
    public_url = fields.Char(
        string="Public Address", compute="_compute_public_url", compute_sudo=True
    )
    can_publish = fields.Boolean(compute="_compute_gate_buttons")
    can_withdraw = fields.Boolean(compute="_compute_gate_buttons")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("minutes_id")
    def _compute_name(self):
        for publication in self:
            meeting = publication.minutes_id.meeting_id
            publication.name = meeting.display_name or ""

    @api.depends("minutes_id.approved_date")
    def _compute_date_start(self):
        for publication in self:
            if not publication.date_start:
                publication.date_start = (
                    publication.minutes_id.approved_date or fields.Datetime.now()
                )

    @api.depends("date_start", "table_id")
    def _compute_date_end(self):
        for publication in self:
            if publication.date_start and not publication.date_end:
                company = publication.company_id or self.env.company
                days = company.kp_publication_days or 30
                publication.date_end = publication.date_start + timedelta(days=days)

    @api.depends("hit_ids.not_a_person")
    def _compute_open_hit_count(self):
        for publication in self:
            publication.open_hit_count = len(publication._kp_open_hits())

    @api.depends("access_token", "state")
    def _compute_public_url(self):
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        for publication in self:
            publication.public_url = (
                f"{base}/kp/memo/{publication.access_token}"
                if publication.access_token and publication.state == "published"
                else False
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    @api.constrains("date_start", "date_end")
    def _check_window(self):
        for publication in self:
            error = publication._kp_window_error()
            if error:
                raise ValidationError(error)

    @api.constrains("minutes_id")
    def _check_minutes(self):
        for publication in self:
            error = publication._kp_minutes_error(publication.minutes_id)
            if error:
                raise ValidationError(error)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        Minutes = self.env["kp.minutes"]
        for vals in vals_list:
            if not self.env.su and (
                TAKEN_FIELDS & set(vals) or vals.get("state", "draft") != "draft"
            ):
                raise UserError(
                    self.env._("The public text is taken when the memo is published.")
                )
            # refused before anything is written, in the municipality's words
            error = self._kp_minutes_error(
                Minutes.sudo().browse(vals.get("minutes_id"))
            )
            if error:
                raise ValidationError(error)
            vals["access_token"] = str(uuid.uuid4())
        publications = super().create(vals_list)
        publications.sudo()._kp_prefill()
        return publications

    def write(self, vals):
        if not self.env.su and TAKEN_FIELDS & set(vals):
            raise UserError(
                self.env._("The public text is taken when the memo is published.")
            )
        if (
            not self.env.su
            and {"date_start", "date_end", "minutes_id"} & set(vals)
            and any(publication.state != "draft" for publication in self)
        ):
            raise UserError(
                self.env._(
                    "A published memo keeps its period: withdraw it and publish again."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_previews(self):
        if any(publication.state != "draft" for publication in self):
            raise UserError(
                self.env._(
                    "A memo that was published is kept (its tombstone): "
                    "withdraw it instead."
                )
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_publish(self):
        self.check_access("write")
        for publication in self:
            # the gate's refusal; what is wrong with the memo is bad input
            error = publication._gate_error("publish")
            if isinstance(error, AccessRefusal):
                raise AccessError(error)
            if error:
                raise ValidationError(error)
        for publication in self:
            publication.sudo()._kp_take_snapshot()
            publication.message_post(
                body=self.env._(
                    "Published until %(day)s.",
                    day=publication.table_id._format_day(publication.date_end),
                ),
                subtype_xmlid="mail.mt_note",
            )

    def action_withdraw(self):
        self._check_transition("withdraw")
        now = fields.Datetime.now()
        for publication in self.sudo():
            if publication.state == "published" and publication.date_start < now:
                # its period ends now: the tombstone and the page say so
                publication.date_end = min(publication.date_end, now)
            publication._kp_empty_snapshot("withdrawn")

    def action_open_public_page(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_url",
            "url": self.public_url,
            "target": "new",
        }

    # ------------------------------------------------------------
    # GATE
    # ------------------------------------------------------------

    def _gate_moves(self):
        return {
            "publish": (("draft",), "published"),
            "withdraw": (("draft", "published"), "withdrawn"),
            "expire": (("published",), "expired"),
        }

    def _gate_buttons(self):
        return {"can_publish": "publish", "can_withdraw": "withdraw"}

    def _gate_depends(self):
        return (
            *super()._gate_depends(),
            "hit_ids.not_a_person",
            "item_ids.non_public",
            "item_ids.basis",
            "date_start",
            "date_end",
            "table_id",
        )

    def _gate_write_error(self, vals):
        error = super()._gate_write_error(vals)
        if error or self.env.su:
            return error
        if "state" in vals and vals["state"] != self.state:
            # publishing takes the snapshot: a state written alone would not
            return self.env._("A memo is published and withdrawn with its buttons.")
        return False

    def _gate_error(self, transition):
        error = super()._gate_error(transition) or self._gate_table_error()
        if error:
            return error
        if transition == "expire" and not self.env.su:
            return self.env._("A memo's period ends by itself.")
        if transition == "publish":
            return self._kp_publish_error()
        return False

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_publish_error(self):
        """Why this preview may not be published now, or False."""
        self.ensure_one()
        error = self._kp_minutes_error(self.minutes_id) or self._kp_window_error()
        if error:
            return error
        if self.date_end <= fields.Datetime.now():
            return self.env._(
                "The period ends before now: choose a later end to publish."
            )
        if self.open_hit_count:
            return self.env._(
                "The text names %(names)s: edit the text, or mark each name "
                "that is not a person's as not a person.",
                names=", ".join(self._kp_open_hits().mapped("name")),
            )
        for item in self.item_ids:
            if item.non_public and not item.basis:
                return item._kp_basis_message()
        return False

    def _kp_open_hits(self):
        """The names found that block publishing: not marked not a person."""
        return self.hit_ids.filtered(lambda hit: not hit.not_a_person)

    def _kp_window_error(self):
        self.ensure_one()
        if not (self.date_start and self.date_end):
            return False
        if self.date_end <= self.date_start:
            return self.env._("A memo's public period must end after it starts.")
        if self.date_end - self.date_start > timedelta(days=MAX_DAYS):
            return self.env._(
                "A memo is public for at most %(days)s days.", days=MAX_DAYS
            )
        return False

    @api.model
    def _kp_minutes_error(self, minutes):
        """Why ``minutes`` (kp.minutes) cannot be published by the current
        user, or False: approved, the current version, of a municipality of
        the user."""
        minutes = minutes.sudo()
        if not minutes:
            return self.env._("Choose the approved minutes to publish.")
        if not self.env.su and minutes.company_id not in self.env.user.company_ids:
            return self.env._(
                "These minutes belong to another municipality: only its own "
                "people publish them."
            )
        if minutes.meeting_id.state not in LOCKED_STATES or not minutes.is_current:
            return self.env._(
                "Only approved minutes are published: %(minutes)s are not the "
                "approved version now.",
                minutes=minutes.display_name,
            )
        return False

    def _kp_public_line(self):
        """The public page's line on its period, in the page's language."""
        self.ensure_one()
        return self.env._(
            "Published by %(company)s, public until %(day)s.",
            company=self.company_id.name,
            day=self.table_id._format_day(self.date_end),
        )

    def _kp_gone_line(self):
        """How to ask the registry for a memo whose period ended."""
        self.ensure_one()
        company = self.company_id
        if company.kp_registry_email:
            return self.env._(
                "The public period of %(memo)s ended on %(day)s. You can ask "
                "the registry of %(company)s for the document: %(address)s.",
                memo=self.name,
                day=self.table_id._format_day(self.date_end),
                company=company.name,
                address=company.kp_registry_email,
            )
        return self.env._(
            "The public period of %(memo)s ended on %(day)s. You can ask the "
            "registry of %(company)s for the document.",
            memo=self.name,
            day=self.table_id._format_day(self.date_end),
            company=company.name,
        )
