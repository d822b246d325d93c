import datetime

from odoo import api, fields, models

from .kp_decision_handoff import DECIDED_STATES, HANDED_STATES
from .kp_meeting_minutes import LOCKED_STATES

# the order of what happened on one day: a meeting, what it agreed, the work
# done, the matter handed off, its decision, the results
KINDS = ("meeting", "agreement", "commitment", "handoff", "decision", "results")


class KpTheme(models.Model):
    """A theme's timeline (aikajana): its held meetings, the agreements of
    their approved minutes, the commitments done, the hand-offs for decision
    and the decisions, and its results, in the order of the table's days.

    One list (``_kp_timeline``) and one rendering (the QWeb block
    ``kp_theme_timeline``) serve the theme's form, its closing report and the
    portal's theme page; every day is written by the table's formatter and
    every decision by the hand-off's own line
    (``kp.decision.handoff._kp_decision_line``)."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.theme"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # FIELDS
    # ------------------------------------------------------------

    timeline_html = fields.Html(
        string="Timeline", compute="_compute_timeline_html", sanitize=False
    )

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(
        "agenda_item_ids.meeting_id.state",
        "results",
        "results_date",
        "handoff_ids",
    )
    @api.depends_context("lang")
    def _compute_timeline_html(self):
        for theme in self:
            theme.timeline_html = (
                theme._kp_timeline_html() if theme._origin.id else False
            )

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _kp_timeline_html(self, lang=None):
        """The timeline as the form, the closing report and the portal show
        it, in ``lang`` (else the environment's)."""
        self.ensure_one()
        theme = self.with_context(lang=lang) if lang else self
        return theme.env["ir.qweb"]._render(
            "kumppanuuspoyta.kp_theme_timeline",
            {"entries": theme._origin._kp_timeline()},
        )

    def _kp_timeline(self):
        """What happened on the theme, in date order: a list of dicts with
        the table's ``day`` and its text ``day_text``, the ``kind`` (KINDS)
        and its ``label``, the ``text``, and a hand-off's decision ``line``
        and ``link``. The records are read with the reader's rights, a
        handful of queries whatever their number."""
        self.ensure_one()
        env = self.env
        table = self.table_id
        labels = self._kp_timeline_labels()
        entries = []

        def add(kind, when, text, label=None, line=False, link=False, sort=0):
            if not when:
                return
            moment = when if isinstance(when, datetime.datetime) else None
            day = table._to_local(moment).date() if moment else when
            entries.append(
                {
                    "day": day,
                    "day_text": table._format_day(day),
                    "kind": kind,
                    "label": label or labels[kind],
                    "text": text,
                    "line": line,
                    "link": link,
                    # within a day and kind: the hour, then the record
                    "sort": (moment or datetime.datetime.min, sort),
                }
            )

        for meeting in self._held_meetings():
            add("meeting", meeting.start, meeting.name, sort=meeting.id)
        agreements = env["kp.agreement"].search(
            [("theme_id", "=", self.id), ("meeting_id.state", "in", LOCKED_STATES)]
        )
        for agreement in agreements:
            add(
                "agreement",
                agreement.meeting_id.start,
                agreement.name,
                sort=agreement.id,
            )
        commitments = env["kp.commitment"].search(
            [("theme_id", "=", self.id), ("state", "=", "done")]
        )
        for commitment in commitments:
            add(
                "commitment",
                commitment.closed_date,
                env._(
                    "%(commitment)s — %(organisation)s",
                    commitment=commitment.name,
                    organisation=commitment.organisation_id.name,
                ),
                sort=commitment.id,
            )
        states = dict(
            env["kp.decision.handoff"]._fields["state"]._description_selection(env)
        )
        for handoff in self.handoff_ids.filtered(lambda h: h.state in HANDED_STATES):
            decided = handoff.state in DECIDED_STATES
            add(
                "handoff",
                handoff.sent_date or handoff.create_date,
                env._(
                    "%(matter)s, to %(addressee)s",
                    matter=handoff.name,
                    addressee=handoff.addressee,
                ),
                line=not decided and handoff._kp_decision_line(),
                sort=handoff.id,
            )
            if decided:
                add(
                    "decision",
                    handoff.decision_date,
                    handoff.summary or handoff.name,
                    label=env._("Decision: %(state)s", state=states.get(handoff.state)),
                    line=handoff._kp_decision_line(),
                    link=handoff.link,
                    sort=handoff.id,
                )
        if self.results:
            add("results", self.results_date, self.results)
        entries.sort(key=lambda e: (e["day"], KINDS.index(e["kind"]), e["sort"]))
        return entries

    def _kp_timeline_labels(self):
        """What each kind of event is called, in the reader's language."""
        env = self.env
        return {
            "meeting": env._("Meeting"),
            "agreement": env._("Agreed"),
            "commitment": env._("Commitment done"),
            "handoff": env._("Handed off for decision"),
            "decision": env._("Decision"),
            "results": env._("Results"),
        }
