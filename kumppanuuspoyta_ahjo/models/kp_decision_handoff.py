import logging
from datetime import datetime, timedelta

import requests
from lxml import html as lxml_html

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.kumppanuuspoyta.models.kp_decision_handoff import PENDING_STATES

_logger = logging.getLogger(__name__)

# the system parameters (ir.config_parameter: administrators only)
URL_PARAM = "kumppanuuspoyta_ahjo.api_url"
KEY_PARAM = "kumppanuuspoyta_ahjo.api_key"
# seconds a look-up may take (Odoo's test runner raises anything lower to 10)
TIMEOUT = 10
# after the n-th failure in a row the next try waits BACKOFF * 2 ** (n - 1),
# at most MAX_BACKOFF
BACKOFF = timedelta(minutes=15)
MAX_BACKOFF = timedelta(days=1)
DECISION_HOST = "paatokset.hel.fi"
SUMMARY_LENGTH = 1000


def ahjo_case_id(text):
    """A case number as Ahjo's CaseID writes it: 'HEL 2024-015249' is
    'HEL-2024-015249'."""
    return "-".join((text or "").upper().split())


class AhjoSyncError(Exception):
    """A look-up that failed: the words the hand-off's ``sync_error`` shows."""


class KpDecisionHandoff(models.Model):
    """The Helsinki Ahjo connector of a hand-off for decision: read-only, the
    job ``_cron_kp_ahjo_sync`` looks the decision up by the case number in
    Ahjo's open API and records its date, section (§), summary and its page
    on paatokset.hel.fi, moving the hand-off to decided through the gate."""

    _inherit = "kp.decision.handoff"

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    code = fields.Selection(
        selection_add=[("ahjo", "Helsinki Ahjo")], ondelete={"ahjo": "set default"}
    )
    sync_error = fields.Char(
        string="Look-up Error",
        readonly=True,
        copy=False,
        help="Why the last look-up of the decision in Ahjo failed; the job "
        "tries again later, waiting longer after each failure.",
    )
    sync_failures = fields.Integer(string="Failed Look-ups", readonly=True, copy=False)
    sync_next_try = fields.Datetime(
        string="Next Look-up",
        readonly=True,
        copy=False,
        help="The job looks the decision up again at this time at the earliest.",
    )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_send_ahjo(self):
        """Ahjo is read-only: the matter reaches Helsinki's registry by its
        own way; here the hand-off is followed by its case number."""
        self.ensure_one()
        self.message_post(
            body=self.env._(
                "Followed in Ahjo: the decision is looked up by the case number."
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.env.ref("kumppanuuspoyta_ahjo.kp_ahjo_cron_sync").sudo()._trigger()

    def _kp_link_hosts(self):
        if self.code == "ahjo":
            return (DECISION_HOST,)
        return super()._kp_link_hosts()

    @api.model
    def _kp_ahjo_due_domain(self):
        return [
            ("code", "=", "ahjo"),
            ("state", "in", PENDING_STATES),
            ("case_number", "!=", False),
            "|",
            ("sync_next_try", "=", False),
            ("sync_next_try", "<=", fields.Datetime.now()),
        ]

    @api.model
    def _cron_kp_ahjo_sync(self):
        """The job: each hand-off due a look-up, one committed step each, so
        a restart resumes where it stopped."""
        Cron = self.env["ir.cron"]
        due = self.search(self._kp_ahjo_due_domain(), order="sync_next_try, id")
        Cron._commit_progress(remaining=len(due))
        for handoff in due:
            handoff._kp_ahjo_sync()
            if not Cron._commit_progress(1):
                break

    def _kp_ahjo_sync(self):
        """Look the decision up and record it; a failure is recorded on the
        hand-off (``sync_error``) with the time of the next try, and nothing
        else changes. An answer without the decision changes nothing."""
        self.ensure_one()
        try:
            decision = self._kp_ahjo_fetch()
            with self.env.cr.savepoint():
                if decision:
                    self._kp_ahjo_record(decision)
                self.write(
                    {"sync_error": False, "sync_failures": 0, "sync_next_try": False}
                )
        except AhjoSyncError as error:
            self._kp_ahjo_failed(str(error))
        except (UserError, ValidationError) as error:
            self._kp_ahjo_failed(
                self.env._(
                    "Ahjo's decision could not be recorded: %(reason)s",
                    reason=error.args[0],
                )
            )

    def _kp_ahjo_failed(self, message):
        failures = self.sync_failures + 1
        wait = min(BACKOFF * 2 ** (failures - 1), MAX_BACKOFF)
        _logger.info("Ahjo look-up of hand-off %s failed: %s", self.id, message)
        self.write(
            {
                "sync_error": message,
                "sync_failures": failures,
                "sync_next_try": fields.Datetime.now() + wait,
            }
        )

    def _kp_ahjo_record(self, decision):
        """Fill the decision and move the hand-off to decided (the gate)."""
        self.write(
            {
                "decision_date": decision["date"],
                "decision_section": decision["section"],
                "summary": decision["summary"],
                "external_id": decision["external_id"],
                "link": decision["link"],
            }
        )
        self._kp_decide("approve")

    def _kp_ahjo_fetch(self):
        """The decision of the hand-off's case in Ahjo, as values, or None
        when Ahjo has none yet. Raises AhjoSyncError, whose words never
        carry the API's address or key."""
        params = self.env["ir.config_parameter"].sudo()
        url = (params.get_param(URL_PARAM) or "").strip()
        if not url:
            raise AhjoSyncError(
                self.env._(
                    "The address of the Ahjo API is not set (system parameter %s).",
                    URL_PARAM,
                )
            )
        case_id = ahjo_case_id(self.case_number)
        key = params.get_param(KEY_PARAM) or ""
        try:
            response = requests.get(
                url.rstrip("/") + "/decisions",
                params={"caseid": case_id, "api-key": key},
                timeout=TIMEOUT,
            )
        except requests.Timeout as error:
            raise AhjoSyncError(
                self.env._(
                    "Ahjo did not answer within %(seconds)s seconds.", seconds=TIMEOUT
                )
            ) from error
        except requests.RequestException as error:
            raise AhjoSyncError(
                self.env._(
                    "Ahjo could not be reached (%(error)s).",
                    error=type(error).__name__,
                )
            ) from error
        if response.status_code != 200:
            raise AhjoSyncError(
                self.env._(
                    "Ahjo answered with the error %(status)s.",
                    status=response.status_code,
                )
            )
        try:
            data = response.json()
            decisions = data["decisions"]
            if not isinstance(decisions, list):
                raise TypeError(decisions)
            found = [self._kp_ahjo_read(d) for d in decisions]
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise AhjoSyncError(
                self.env._("Ahjo's answer could not be read as its decisions.")
            ) from error
        found = [d for d in found if d["case_id"] == case_id]
        return max(found, key=lambda d: d["date"]) if found else None

    @api.model
    def _kp_ahjo_read(self, decision):
        """One decision of Ahjo's answer as the hand-off's values (raises
        KeyError, TypeError or ValueError on a decision it cannot read)."""
        case_id = ahjo_case_id(decision.get("CaseIDLabel") or decision.get("CaseID"))
        day = decision.get("DateDecision") or (decision.get("Meeting") or {}).get(
            "DateMeeting"
        )
        section = (decision.get("Section") or "").replace("§", "").strip()
        native = (decision.get("NativeId") or "").strip("{}")
        link = f"https://{DECISION_HOST}/fi/asia/{case_id.lower()}"
        if native:
            link += f"?paatos={native}"
        return {
            "case_id": case_id,
            "date": datetime.fromisoformat(day[:10]).date(),
            "section": section or False,
            "summary": self._kp_ahjo_summary(decision) or False,
            "external_id": native or False,
            "link": link,
        }

    @api.model
    def _kp_ahjo_summary(self, decision):
        """The decision's title and what was decided (the first paragraph of
        its decision section), not the rest of the document (its contact
        persons, the appeal instructions)."""
        title = " ".join((decision.get("Title") or "").split())
        content = decision.get("Content") or ""
        decided = ""
        if content.strip():
            tree = lxml_html.fromstring(content)
            paragraphs = tree.xpath(
                "//div[contains(@class, 'SisaltoSektio')][1]//p"
            ) or tree.xpath("//p")
            if paragraphs:
                decided = " ".join(paragraphs[0].text_content().split())
        text = "\n\n".join(part for part in (title, decided) if part)
        return text[:SUMMARY_LENGTH]
