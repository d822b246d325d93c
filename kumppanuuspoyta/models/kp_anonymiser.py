from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.fields import Domain

# the address privacy.log requires for a person who had none (the log keeps
# only its masked form)
NO_ADDRESS = "no-address@erased.invalid"
# what a person's contact keeps of them: nothing that identifies them
CLEARED_FIELDS = (
    "email",
    "phone",
    "street",
    "street2",
    "zip",
    "city",
    "state_id",
    "country_id",
    "image_1920",
    "comment",
    "website",
    "function",
    "kp_calendar_token",
)


class KpAnonymiser(models.AbstractModel):
    """Erasure of a person under GDPR art. 17 (tietosuoja-asetus 17 art.)
    that keeps the table's record.

    The person's contact stays, renamed "Deleted participant #id" in the
    language of the municipality, so agreements, commitments, proposals,
    attendance and contributions keep pointing at it; everything that
    identifies the person is cleared or rewritten, in one transaction.
    """

    _name = "kp.anonymiser"
    _description = "Anonymisation of a Person"

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    @api.model
    def _anonymise(self, partners, revoke_portal=True):
        """Anonymise ``partners`` (res.partner): refused as a whole, nothing
        written, when one may not be; those anonymised already are left as
        they are. Returns the privacy.log rows written."""
        partners = partners.filtered(lambda partner: not partner.kp_anonymised_on)
        for partner in partners:
            error = self._refusal(partner)
            if error:
                raise UserError(error)
        logs = self.env["privacy.log"]
        for partner in partners.sudo():
            logs |= self._anonymise_one(partner, revoke_portal)
        return logs

    @api.model
    def _refusal(self, partner):
        """Why ``partner`` may not be anonymised by the current user, or
        False."""
        env = self.env
        if not env.su and not env.user.has_group("kumppanuuspoyta.group_kp_manager"):
            return env._("Only managers of partnership tables anonymise people.")
        partner = partner.sudo()
        if partner.is_company:
            return env._(
                "%(name)s is an organisation, not a person: organisations are "
                "not anonymised.",
                name=partner.name,
            )
        users = partner.with_context(active_test=False).user_ids
        if users.filtered(lambda user: not user.share):
            return env._(
                "%(name)s is an internal user: officials' data is erased "
                "through their employer's personnel records, not here.",
                name=partner.name,
            )
        if env.su:
            return False
        foreign = self._companies(partner) - env.user.company_ids
        if foreign:
            return env._(
                "%(name)s is also a contact of %(companies)s, which you do not "
                "manage: ask a manager there.",
                name=partner.name,
                companies=", ".join(foreign.mapped("name")),
            )
        return False

    @api.model
    def _anonymise_one(self, partner, revoke_portal):
        """Anonymise one person (sudo), checked already."""
        company = self._companies(partner)[:1] or self.env.company
        lang = company.partner_id.lang or self.env.lang
        env = self.with_context(lang=lang).env
        old_name, old_email = partner.name, partner.email
        old_display = partner.display_name
        new_name = env._("Deleted participant #%(id)s", id=partner.id)
        found = {}

        partner.with_context(tracking_disable=True).write(
            {
                **dict.fromkeys(CLEARED_FIELDS, False),
                "name": new_name,
                "kp_anonymised_on": fields.Datetime.now(),
            }
        )
        seats = (
            self.env["kp.participant"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)])
        )
        seats.notes = False
        found["kp.participant"] = seats

        found["mail.tracking.value"] = self._rewrite_tracking(
            [old_display, old_name, old_email], new_name
        )
        found["mail.message"] = self._blank_messages(
            partner, Markup("<p>%s</p>") % env._("[deleted]")
        )
        found["mail.followers"] = self._drop(
            "mail.followers", [("partner_id", "=", partner.id)]
        )
        found["mail.notification"] = self._drop(
            "mail.notification", [("res_partner_id", "=", partner.id)]
        )
        found["kp.minutes"] = self._restrict_minutes(
            [text for text in (old_display, old_name, old_email) if text],
            new_name,
            env,
        )
        found["kp.publication"] = self.env["kp.publication"]._kp_purge_names(
            [old_display, old_name, old_email], new_name
        )
        found["kp.commitment"] = self._ask_new_person(partner, env)
        if revoke_portal:
            users = partner.with_context(active_test=False).user_ids
            if users:
                users.with_context(kp_anonymising=True)._deactivate_portal_user()
        return (
            self.env["privacy.log"]
            .sudo()
            .create(
                {
                    "anonymized_name": old_name,
                    "anonymized_email": old_email or NO_ADDRESS,
                    "execution_details": env._(
                        "Anonymised as %(name)s: contact details, image and notes "
                        "cleared; tracking rewritten; messages on partnership "
                        "records blanked; followers and notifications dropped; "
                        "minutes naming the person restricted to managers (or "
                        "redacted, as the municipality chose); public memos "
                        "naming the person rewritten with the anonymous name; open "
                        "commitments given to a coordinator to reassign.",
                        name=new_name,
                    ),
                    "records_description": "\n".join(
                        f"{model} ({len(records)}): "
                        + ", ".join(f"#{record_id}" for record_id in records.ids)
                        for model, records in found.items()
                        if records
                    ),
                }
            )
        )

    @api.model
    def _rewrite_tracking(self, old_texts, new_name):
        """Tracking values that copied the person's name or address as text."""
        old_texts = [text for text in dict.fromkeys(old_texts) if text]
        columns = (
            "old_value_char",
            "new_value_char",
            "old_value_text",
            "new_value_text",
        )
        domain = Domain.OR(
            [(column, "ilike", text)] for column in columns for text in old_texts
        )
        values = self.env["mail.tracking.value"].sudo().search(domain)
        for value in values:
            vals = {}
            for column in columns:
                text = value[column]
                if not text:
                    continue
                for old in old_texts:
                    text = self._replace(text, old, new_name)
                if text != value[column]:
                    vals[column] = text
            value.write(vals)
        return values

    @api.model
    def _blank_messages(self, partner, body):
        """The person's own messages on partnership records: a "[deleted]"
        body and no attachments."""
        messages = (
            self.env["mail.message"]
            .sudo()
            .search([("author_id", "=", partner.id), ("model", "=like", "kp.%")])
        )
        messages.attachment_ids.unlink()
        messages.write({"body": body, "email_from": False})
        return messages

    @api.model
    def _drop(self, model, domain):
        records = self.env[model].sudo().search(domain)
        ids = records.ids
        records.unlink()
        return self.env[model].browse(ids)

    @api.model
    def _restrict_minutes(self, old_texts, new_name, env):
        """Approved minutes that name the person: kept byte-identical and
        read by managers only. Where the municipality chose *redact*, the
        current version of each meeting is replaced by a new version with
        the name replaced, "redacted under GDPR art. 17 on DATE"."""
        minutes = (
            self.env["kp.minutes"]
            .sudo()
            .search(Domain.OR([("body", "ilike", text)] for text in old_texts))
        )
        minutes.filtered(lambda version: not version.kp_restricted).write(
            {"kp_restricted": True}
        )
        redacted = self.env["kp.minutes"]
        for version in minutes.filtered("is_current"):
            if version.company_id.kp_minutes_erasure != "redact":
                continue
            body = str(version.body)
            for old in old_texts:
                body = self._replace(body, old, new_name)
            table = version.table_id
            redacted |= version.create(
                {
                    "meeting_id": version.meeting_id.id,
                    "version": version.version + 1,
                    "body": body,
                    "correction_reason": env._(
                        "Redacted under GDPR art. 17 on %(day)s.",
                        day=table.with_context(lang=env.lang)._format_day(
                            fields.Datetime.now()
                        ),
                    ),
                    "approved_by_id": self.env.user.id,
                    "approved_date": fields.Datetime.now(),
                }
            )
        redacted._kp_store_pdf_soon()
        return minutes | redacted

    @api.model
    def _ask_new_person(self, partner, env):
        """Each open commitment of the person gets an activity for a
        coordinator of its table: assign a new person."""
        commitments = (
            self.env["kp.commitment"]
            .sudo()
            .search(
                [("responsible_partner_id", "=", partner.id), ("state", "=", "open")]
            )
        )
        for commitment in commitments:
            coordinator = commitment.table_id.coordinator_user_ids[:1]
            commitment.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=env._("Assign a new person"),
                note=env._(
                    "The person responsible was anonymised at their request: "
                    "choose who takes the commitment over."
                ),
                user_id=(coordinator or self.env.user).id,
            )
        return commitments

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    @api.model
    def _companies(self, partner):
        """The municipalities ``partner`` belongs to: its own company and
        those of the tables it sits or sat at."""
        seats = (
            self.env["kp.participant"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "=", partner.id)])
        )
        return partner.sudo().company_id | seats.company_id

    @staticmethod
    def _replace(text, old, new):
        """``text`` with every ``old`` (any case) replaced by ``new``."""
        lower, old_lower = text.lower(), old.lower()
        parts, start = [], 0
        index = lower.find(old_lower)
        while index >= 0:
            parts += [text[start:index], new]
            start = index + len(old)
            index = lower.find(old_lower, start)
        return "".join(parts) + text[start:]
