from odoo import api, fields, models
from odoo.exceptions import UserError


class PrivacyLookupWizardLine(models.TransientModel):
    """Odoo's privacy lookup keeps the tables whole: a line of a table's
    record (or of a person who sits at a table) offers Anonymise, and its
    Delete and Archive are refused, so "Delete Selection" never deletes a
    commitment."""

    _inherit = "privacy.lookup.wizard.line"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    kp_table_record = fields.Boolean(
        compute="_compute_kp_table_record", string="Partnership Table Record"
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends("res_model", "res_id")
    def _compute_kp_table_record(self):
        for line in self:
            line.kp_table_record = bool(line._kp_record_people()) or (
                (line.res_model or "").startswith("kp.")
            )

    # ------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------

    def action_unlink(self):
        self._kp_refuse("delete")
        return super().action_unlink()

    @api.onchange("is_active")
    def _onchange_is_active(self):
        self.filtered(lambda line: not line.is_active)._kp_refuse("archive")
        return super()._onchange_is_active()

    def action_unlink_all(self):
        # refused before any line is deleted
        self.filtered(lambda line: not line.is_unlinked)._kp_refuse("delete")
        return super().action_unlink_all()

    def action_archive_all(self):
        self.filtered(lambda line: line.has_active and line.is_active)._kp_refuse(
            "archive"
        )
        return super().action_archive_all()

    def action_kp_anonymise(self):
        """Anonymise the person the line leads to (kp.anonymiser), keeping
        the record itself."""
        people = self.env["res.partner"]
        for line in self:
            people |= line._kp_record_people() or line.wizard_id.line_ids._kp_people()
        if not people:
            raise UserError(
                self.env._("The lookup found no person to anonymise on this line.")
            )
        people._kp_anonymise()
        return self.wizard_id[:1].action_open_lines()

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _kp_record_people(self):
        """The people (not organisations) sitting at a table that this
        line's own record is or stands for."""
        self.ensure_one()
        if not self.res_model or self.is_unlinked:
            return self.env["res.partner"]
        record = self.env[self.res_model].sudo().browse(self.res_id).exists()
        if self.res_model == "res.partner":
            partner = record
        elif self.res_model in ("res.users", "kp.participant"):
            partner = record.partner_id
        else:
            return self.env["res.partner"]
        return partner.filtered(
            lambda person: (
                not person.is_company
                and person.with_context(active_test=False).kp_participant_ids
            )
        ).sudo(False)

    def _kp_people(self):
        people = self.env["res.partner"]
        for line in self:
            people |= line._kp_record_people()
        return people

    def _kp_refuse(self, operation):
        """A translated refusal to ``operation`` ("delete" or "archive") a
        table's record."""
        lines = self.filtered("kp_table_record")
        if not lines:
            return
        record = lines[0].res_name or lines[0].res_model_id.name
        if operation == "delete":
            message = self.env._(
                "%(record)s is part of a partnership table's record and is not "
                "deleted: anonymise the person instead, which keeps the table's "
                "agreements and commitments.",
                record=record,
            )
        else:
            message = self.env._(
                "%(record)s is part of a partnership table's record and is not "
                "archived: anonymise the person instead, which keeps the "
                "table's agreements and commitments.",
                record=record,
            )
        raise UserError(message)
