"""What a reader of an agenda notices (issue 20, point 15): the standing
items were proposed by nobody, the addon's own items are in the reader's
language, and the chatter does not print the moment of sending as a raw
date.

Standing items are the table's own texts: they are written in the table's
language and read as written, like every item proposed at the table. What
the addon writes onto an agenda by itself (the review of earlier
commitments) is translated for each reader."""

from datetime import datetime

from odoo import Command
from odoo.tests import freeze_time, tagged

from .common import KpMinutesCommon


@tagged("post_install", "-at_install")
class TestAgendaTexts(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._load_swedish()
        cls.table.standing_item_ids = [
            Command.create({"name": "Kokouksen avaus", "sequence": 1}),
            Command.create({"name": "Seuraava tapaaminen", "sequence": 90}),
        ]
        earlier = cls._held_meeting(hours=24 * 30)
        cls._agree(
            earlier,
            "Kunnantiedote jokaiseen kotiin.",
            commitments=[
                {"name": "Selvitä painokulut", "organisation_id": cls.org_city.id}
            ],
        )

    def _planned_by_coordinator(self):
        """A meeting the coordinator (who sits at the table) plans."""
        return (
            self.env["kp.meeting"]
            .with_user(self.user_coordinator)
            .create({"table_id": self.table.id, "start": self._start(days=14)})
        )

    def test_standing_items_have_no_proposer(self):
        meeting = self._planned_by_coordinator()
        standing = meeting.agenda_item_ids.filtered(lambda i: i.source == "standing")
        # the two standing items and the review of earlier commitments
        self.assertEqual(len(standing), 3)
        self.assertFalse(
            standing.proposer_id, "the planner did not propose the standing items"
        )
        # an item the coordinator adds is theirs
        item = (
            self.env["kp.agenda.item"]
            .with_user(self.user_coordinator)
            .create({"meeting_id": meeting.id, "name": "Kyläkyydit"})
        )
        self.assertEqual(item.proposer_id, self.seat_coordinator)

    def test_the_addons_own_item_in_the_readers_language(self):
        meeting = self._planned_by_coordinator()
        readings = {
            lang: meeting.with_context(lang=lang)._agenda_html()
            for lang in ("fi_FI", "sv_SE", "en_US")
        }
        for lang, title in (
            ("fi_FI", "Aiempien tehtävien tilannekatsaus"),
            ("sv_SE", "Genomgång av tidigare åtaganden"),
            ("en_US", "Review of earlier commitments"),
        ):
            with self.subTest(lang=lang):
                html = readings[lang]
                self.assertIn(title, html)
                for other in {
                    "Aiempien tehtävien tilannekatsaus",
                    "Genomgång av tidigare åtaganden",
                    "Review of earlier commitments",
                } - {title}:
                    self.assertNotIn(other, html)
                # the table's own standing items read as the table wrote them
                self.assertIn("Kokouksen avaus", html)
                self.assertIn("Seuraava tapaaminen", html)
        # the Swedish reader's agenda e-mail and minutes say the same
        review = meeting.agenda_item_ids.filtered(
            lambda i: "Selvitä painokulut" in (i.description or "")
        )
        # a commitment without a deadline: its organisation, no "by -"
        self.assertEqual(
            review.description.strip(), "Selvitä painokulut — Testikaupunki"
        )
        self.assertEqual(
            review.with_context(lang="sv_SE")._agenda_title(),
            "Genomgång av tidigare åtaganden",
        )
        # renamed by the secretary, it is the table's own text again
        review.name = "Tehtävien seuranta"
        self.assertIn(
            "Tehtävien seuranta", meeting.with_context(lang="sv_SE")._agenda_html()
        )

    def _commit_tracking(self):
        # tracking values are written when the transaction commits
        self.env.flush_all()
        self.env.cr.precommit.run()

    @freeze_time("2030-06-01 08:00:00")
    def test_sending_the_agenda_writes_no_raw_date_in_the_chatter(self):
        meeting = self._meeting(start=datetime(2030, 6, 11, 6, 0))
        self.env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Kyläkyydit", "duration": 20}
        )
        self._commit_tracking()
        meeting.action_send_agenda()
        self._commit_tracking()
        self.assertTrue(meeting.agenda_sent_date)
        tracked = meeting.message_ids.tracking_value_ids.field_id.mapped("name")
        self.assertIn("state", tracked, "the chatter says the agenda went out")
        self.assertNotIn(
            "agenda_sent_date",
            tracked,
            "not 'None -> 01.06.2030 08:00:00': the message says when it was sent",
        )
