import logging
import uuid

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.forms import check_portal_comment
from .ir_actions_report import ODOO_ATTACHMENT

# a version's report, and Odoo's own lookup and keeping of its PDF
REPORT = "kumppanuuspoyta.kp_report_minutes_version"
ODOO_LOOKUP = {ODOO_ATTACHMENT: True}

_logger = logging.getLogger(__name__)


# what approval froze; everything else (access token, chatter of sharing) may
# still be written
FROZEN_FIELDS = {
    "meeting_id",
    "version",
    "body",
    "correction_reason",
    "approved_by_id",
    "approved_date",
}


class KpMinutes(models.Model):
    """An approved version of a meeting's minutes (muistio).

    The text is frozen at approval; a correction adds a new version with its
    reason and the earlier versions stay readable.
    """

    _name = "kp.minutes"
    _description = "Minutes"
    # shared by link with an access token (portal.share posts on the chatter)
    _inherit = ["portal.mixin", "mail.thread", "kp.mail.mixin"]
    # whoever may read the minutes may share them
    _mail_post_access = "read"
    _order = "meeting_id, version desc"
    _check_company_auto = True

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    meeting_id = fields.Many2one(
        "kp.meeting", required=True, index=True, ondelete="restrict", check_company=True
    )
    table_id = fields.Many2one(related="meeting_id.table_id", store=True, index=True)
    company_id = fields.Many2one(
        related="meeting_id.company_id", store=True, index=True
    )
    version = fields.Integer(required=True, default=1)
    body = fields.Html(string="Approved Text", sanitize=False, readonly=True)
    correction_reason = fields.Text(readonly=True)
    approved_by_id = fields.Many2one("res.users", string="Approved by", readonly=True)
    approved_date = fields.Datetime(string="Approved on", readonly=True)
    # a person it names was anonymised: the version stays byte-identical and
    # only managers read it (kp.anonymiser._restrict_minutes)
    kp_restricted = fields.Boolean(
        string="Restricted", readonly=True, copy=False, index=True
    )
    is_current = fields.Boolean(compute="_compute_is_current", string="Current Version")

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("meeting_id.minutes_ids.version")
    def _compute_is_current(self):
        for minutes in self:
            latest = max(minutes.meeting_id.minutes_ids.mapped("version") or [0])
            minutes.is_current = minutes.version == latest

    def _compute_access_url(self):
        result = super()._compute_access_url()
        for minutes in self:
            minutes.access_url = f"/my/kp/minutes/{minutes.id}"
        return result

    def _compute_display_name(self):
        for minutes in self:
            minutes.display_name = self.env._(
                "%(meeting)s, minutes v%(version)s",
                meeting=minutes.meeting_id.display_name,
                version=minutes.version,
            )

    # ------------------------------------------------------------
    # CONSTRAINTS
    # ------------------------------------------------------------

    _meeting_version_uniq = models.Constraint(
        "UNIQUE(meeting_id, version)", "A version of the minutes exists only once."
    )

    # ------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------

    def _mail_get_operation_for_mail_message_operation(self, message_operation):
        operations = super()._mail_get_operation_for_mail_message_operation(
            message_operation
        )
        if message_operation == "create":
            # who reads the minutes in their own right may share and comment
            # on them (no one writes minutes); a share link only shows them
            readers = set(self.sudo(False)._filtered_access("read").ids)
            for minutes in self:
                if minutes.id not in readers:
                    operations[minutes] = "write"
        return operations

    @api.model
    def _get_thread_with_access(self, thread_id, *, mode="read", **kwargs):
        if mode != "read":
            # the link's token (or hash) grants reading, nothing more
            kwargs = {
                key: value
                for key, value in kwargs.items()
                if key not in ("hash", "pid", "token")
            }
        return super()._get_thread_with_access(thread_id, mode=mode, **kwargs)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            vals.setdefault("access_token", str(uuid.uuid4()))
        return super().create(vals_list)

    def write(self, vals):
        if self and FROZEN_FIELDS & set(vals):
            raise UserError(
                self.env._(
                    "Approved minutes do not change: correct them with a new version."
                )
            )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("Approved minutes are never deleted."))

    def message_post(self, **kwargs):
        # a portal comment's limits (the portal chatter posts here)
        check_portal_comment(self, kwargs)
        return super().message_post(**kwargs)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _approval_text(self):
        """Who approved this version and when, as one sentence in the
        reader's language (a sentence cut by its values would be translated
        word by word)."""
        self.ensure_one()
        day = self.meeting_id.table_id._format_day(self.approved_date)
        text = self.env._(
            "Minutes version %(version)s, approved by %(person)s on %(date)s.",
            version=self.version,
            person=self.approved_by_id.name or "",
            date=day,
        )
        if self.correction_reason:
            text += " " + self.env._(
                "Correction: %(reason)s", reason=self.correction_reason
            )
        return text

    def _kp_kept_pdf(self):
        """The PDF Odoo keeps of this version (the report's attachment, found
        as Odoo's report finds it), or no attachment."""
        self.ensure_one()
        report = self.env.ref(REPORT).sudo().with_context(**ODOO_LOOKUP)
        return report.retrieve_attachment(self.sudo()) or self.env["ir.attachment"]

    def _kp_render_pdf(self):
        """Render this version's PDF with its report, so that Odoo keeps it:
        as superuser (Odoo keeps a render only for who may write the
        version, and no one writes approved minutes), in the approver's
        language, the language its text was frozen in."""
        for minutes in self.sudo():
            lang = minutes.approved_by_id.lang or self.env.context.get("lang")
            self.env["ir.actions.report"].sudo().with_context(
                lang=lang, **ODOO_LOOKUP
            )._render_qweb_pdf(REPORT, minutes.ids)

    def _kp_pdf(self):
        """This version's kept PDF, rendered and kept first if it is not yet
        (its job has not run): what every print of it serves."""
        self.ensure_one()
        attachment = self._kp_kept_pdf()
        if not attachment:
            self._kp_render_pdf()
            attachment = self._kp_kept_pdf()
        return attachment

    def _kp_store_pdf(self):
        """Render and keep the PDF of each version now, unless wkhtmltopdf
        fails (then the first print renders and keeps it). Tests render
        PDFs only when they ask (``force_report_rendering``)."""
        for minutes in self:
            if minutes._kp_kept_pdf():
                continue
            try:
                with self.env.cr.savepoint():
                    minutes._kp_render_pdf()
            except UserError as error:
                _logger.info(
                    "The PDF of %s is rendered at its first print: %s",
                    minutes.display_name,
                    error,
                )

    def _kp_store_pdf_soon(self):
        """Ask the job (kp_cron_minutes_pdf) to render these versions' PDFs."""
        if self:
            self.env.ref("kumppanuuspoyta.kp_cron_minutes_pdf").sudo()._trigger()

    @api.model
    def _kp_pending_pdfs(self):
        """The versions whose PDF Odoo does not keep yet."""
        files = (
            self.env["ir.attachment"]
            .sudo()
            .search_read(
                [("res_model", "=", self._name), ("mimetype", "=", "application/pdf")],
                ["res_id", "name"],
            )
        )
        named = {(file["res_id"], file["name"]) for file in files}
        kept = self.sudo().browse({file["res_id"] for file in files}).exists()
        kept = kept.filtered(lambda m: (m.id, m._kp_pdf_name()) in named)
        return self.sudo().search([("id", "not in", kept.ids)])

    @api.model
    def _cron_render_pdfs(self):
        """The job approval triggers: the PDFs of newly approved versions,
        one per committed step."""
        Cron = self.env["ir.cron"]
        pending = self._kp_pending_pdfs()
        Cron._commit_progress(remaining=len(pending))
        for minutes in pending:
            minutes._kp_store_pdf()
            if not Cron._commit_progress(1):
                break

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.meeting_id._minutes_filename(self.version)

    def _kp_pdf_name(self):
        """The name Odoo keeps this version's PDF under (the reports'
        ``attachment``): made of what approval froze, so that neither a
        renamed table nor a reader's language makes Odoo render it again."""
        self.ensure_one()
        return f"minutes-{self.meeting_id.id}-v{self.version}.pdf"
