from datetime import timedelta

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import KpMeetingCommon


@tagged("post_install", "-at_install")
class TestMeetingAccess(KpMeetingCommon):
    """Meetings and agendas are seen and managed exactly as their tables are."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # table: the participant user and the coordinator (a member only) sit at it;
        # table B is convened by the coordinator
        cls._seat(cls.table, cls.user_coordinator.partner_id, [cls.role_member])
        cls.table_b = cls._table("Pöytä B", state="active")
        cls._seat(cls.table_b, cls.user_coordinator.partner_id, [cls.role_convener])
        cls.seat_b_volunteer = cls._seat(cls.table_b, cls.person_volunteer)
        cls.meeting = cls._meeting()
        cls.item = cls.env["kp.agenda.item"].create(
            {"meeting_id": cls.meeting.id, "name": "Vastuujärjestöt"}
        )
        cls.meeting_b = cls._meeting(cls.table_b)
        cls._setup_other_company()
        cls.meeting_other = cls._meeting(cls.table_other)
        cls.all_meetings = cls.meeting | cls.meeting_b | cls.meeting_other

    def _meetings(self, user):
        return (
            self.env["kp.meeting"]
            .with_user(user)
            .search([("id", "in", self.all_meetings.ids)])
        )

    def test_participant_sees_and_proposes(self):
        user = self.user_participant
        self.assertEqual(self._meetings(user), self.meeting)
        meeting = self.meeting.with_user(user)
        self.assertEqual(meeting.agenda_item_ids.name, "Vastuujärjestöt")
        self.assertEqual(meeting.location, False)
        self.assertTrue(meeting.attendee_ids)
        proposal = (
            self.env["kp.agenda.item"]
            .with_user(user)
            .create({"table_id": self.table.id, "name": "Kirjaston aukioloajat"})
        )
        self.assertEqual(proposal.state, "proposed")
        self.assertEqual(proposal.proposer_id, self.seat_user)
        proposal.description = "Myös lauantaisin"
        with self.assertRaises(AccessError):
            meeting.write({"location": "Muualla"})
        with self.assertRaises(AccessError):
            proposal.action_accept(self.meeting)
        with self.assertRaises(AccessError):
            proposal.write({"state": "accepted", "meeting_id": self.meeting.id})
        with self.assertRaises(AccessError):
            self.env["kp.agenda.item"].with_user(user).create(
                {"meeting_id": self.meeting.id, "name": "Suoraan asialistalle"}
            )
        with self.assertRaises(AccessError):
            self.env["kp.meeting"].with_user(user).create(
                {"table_id": self.table.id, "start": self._start(days=20)}
            )
        with self.assertRaises(AccessError):
            self.meeting_b.with_user(user).read(["name"])
        with self.assertRaises(AccessError):
            self.env["kp.agenda.item"].with_user(user).create(
                {"table_id": self.table_b.id, "name": "Toisen pöydän asia"}
            )
        # an attendee sees the private event in their calendar
        # the event's name is the meeting's with its date
        self.assertTrue(
            self.meeting.event_id.with_user(user).name.startswith(self.meeting.name)
        )

    def test_coordinator_manages_the_tables_they_coordinate(self):
        user = self.user_coordinator
        self.assertEqual(self._meetings(user), self.meeting | self.meeting_b)
        Meeting = self.env["kp.meeting"].with_user(user)
        new = Meeting.create(
            {"table_id": self.table_b.id, "start": self._start(days=14)}
        )
        self.assertEqual(new.event_id.partner_ids, self.table_b._meeting_partners())
        new.write(
            {
                "start": self._start(days=15),
                "location": "Kansalaisopisto",
                "duration": 1,
            }
        )
        self.assertEqual(new.event_id.location, "Kansalaisopisto")
        proposal = self.env["kp.agenda.item"].create(
            {
                "table_id": self.table_b.id,
                "name": "Vapaaehtoisten koulutus",
                "proposer_id": self.seat_b_volunteer.id,
            }
        )
        proposal.with_user(user).action_accept(new)
        self.assertEqual(proposal.meeting_id, new)
        self.env["kp.agenda.item"].with_user(user).create(
            {"meeting_id": new.id, "name": "Avaus"}
        )
        new.with_user(user).action_send_agenda()
        self.assertEqual(new.state, "agenda_sent")
        new.with_user(user).action_cancel()
        self.assertEqual(new.state, "cancelled")
        # a member, not a coordinator, at the first table
        with self.assertRaises(AccessError):
            Meeting.create({"table_id": self.table.id, "start": self._start(days=20)})
        with self.assertRaises(AccessError):
            self.meeting.with_user(user).write({"location": "Muualla"})
        with self.assertRaises(AccessError):
            self.item.with_user(user).write({"name": "Muutettu"})
        with self.assertRaises(AccessError):
            self.meeting.with_user(user).action_cancel()

    def test_manager_sees_all_of_their_company(self):
        user = self.user_manager
        self.assertEqual(self._meetings(user), self.meeting | self.meeting_b)
        meeting = self.meeting.with_user(user)
        # not an attendee of the private event, yet manages the meeting
        self.assertNotIn(user.partner_id, self.meeting.event_id.partner_ids)
        meeting.write({"start": meeting.start + timedelta(hours=2), "location": "Sali"})
        self.assertEqual(self.meeting.event_id.location, "Sali")
        self.assertEqual(meeting.agenda_item_ids, self.item)
        meeting.action_cancel()
        self.assertEqual(self.meeting.state, "cancelled")

    def test_others_see_nothing(self):
        self.assertEqual(self._meetings(self.user_other), self.meeting_other)
        with self.assertRaises(AccessError):
            self.meeting.with_user(self.user_other).read(["name"])
        items = (
            self.env["kp.agenda.item"]
            .with_user(self.user_other)
            .search([("id", "=", self.item.id)])
        )
        self.assertFalse(items)
        for user in (self.user_internal, self.user_other):
            with self.assertRaises(AccessError):
                self.meeting.with_user(user).read(["name"])
            # the calendar does not show the meeting, its name or who comes
            Event = self.env["calendar.event"].with_user(user)
            event = self.meeting.event_id
            self.assertFalse(Event.search([("id", "=", event.id)]))
            self.assertFalse(Event.search([("name", "ilike", self.table.name)]))
            self.assertFalse(
                self.env["calendar.attendee"]
                .with_user(user)
                .search([("event_id", "=", event.id)])
            )
            with self.assertRaises(AccessError):
                event.with_user(user).read(["name"])
        # other people's events stay visible to employees as before
        own = self.env["calendar.event"].create(
            {
                "name": "Hammaslääkäri",
                "start": self._start(),
                "stop": self._start(days=7, hour=8),
            }
        )
        self.assertEqual(
            self.env["calendar.event"]
            .with_user(self.user_internal)
            .search([("id", "=", own.id)]),
            own,
        )
        with self.assertRaises(AccessError):
            self.env["kp.meeting"].with_user(self.user_internal).search([])
        with self.assertRaises(AccessError):
            self.env["kp.attendance"].with_user(self.user_internal).search([])
