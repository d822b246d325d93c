"""The demo meetings: held ones with attendance, planned ones with agendas.

Runs under pytest-odoo in the test database that scripts/test installs with
demo data (kumppanuuspoyta/demo/kp_demo_meetings.xml).
"""

from odoo import fields
from odoo.tests import TransactionCase, tagged

from odoo.addons.kumppanuuspoyta.tools.calendar import is_working_day

KP = "kumppanuuspoyta"

HELD = (
    "keuruu_past_2",
    "keuruu_past_1",
    "joutsa_past",
    "virtasalmi_past",
    "maalaiskunta_past",
)
PLANNED = ("keuruu_next", "toivakka_next", "virtasalmi_next", "maalaiskunta_next")

KEURUU_ORGANISATIONS = (
    "Keurusseudun sydänyhdistys",
    "Keski-Suomen Muistiyhdistys / Keuruun alaosasto",
    "Keuruun kirjastotoimi",
    "Keuruun Ystäväntupa",
    "Keuruun Vanhusneuvosto",
    "Keuruun seurakunta",
)


# Outside odoo.addons.*, Odoo's BaseCase sets no test_tags by itself; tagged() does.
@tagged("post_install", "-at_install")
class TestDemoMeetings(TransactionCase):
    def ref(self, xmlid):
        return self.env.ref(f"{KP}.{xmlid}")

    def meeting(self, key):
        return self.ref(f"kp_demo_meeting_{key}")

    def table(self, key):
        return self.ref(f"kp_demo_table_{key}")

    def active_partners(self, table):
        return table.participant_ids.filtered(lambda p: p.state == "active").partner_id

    # --- every meeting ----------------------------------------------------

    def test_meetings_are_calendar_events_of_their_table(self):
        for key in HELD + PLANNED:
            meeting = self.meeting(key)
            with self.subTest(meeting=key):
                event = meeting.event_id
                self.assertTrue(event)
                self.assertEqual(event.res_model, "kp.meeting")
                self.assertEqual(event.res_id, meeting.id)
                self.assertEqual(event.kp_meeting_id, meeting)
                self.assertEqual(event.start, meeting.start)
                self.assertEqual(event.location, meeting.location)
                self.assertTrue(meeting.location)
                self.assertEqual(
                    event.partner_ids, self.active_partners(meeting.table_id)
                )
                self.assertGreater(meeting.stop, meeting.start)
                self.assertEqual(meeting.chair_id.table_id, meeting.table_id)
                self.assertEqual(meeting.secretary_id.table_id, meeting.table_id)
                self.assertTrue(meeting.agenda_item_ids)
                self.assertEqual(
                    set(meeting.agenda_item_ids.mapped("state")), {"accepted"}
                )
                self.assertFalse(
                    meeting.agenda_over_time, "the agenda fits the meeting"
                )

    def test_held_meetings_are_past_with_attendance(self):
        now = fields.Datetime.now()
        statuses = set()
        for key in HELD:
            meeting = self.meeting(key)
            with self.subTest(meeting=key):
                self.assertIn(
                    meeting.state,
                    (
                        "held",
                        "minutes_draft",
                        "minutes_approved",
                        "minutes_distributed",
                    ),
                )
                self.assertLess(meeting.start, now)
                self.assertTrue(meeting.attendance_ids)
                self.assertLessEqual(
                    meeting.attendance_ids.participant_id,
                    meeting.table_id.participant_ids,
                )
                self.assertGreater(meeting.present_count, 0)
                self.assertIn(
                    meeting.chair_id,
                    meeting.attendance_ids.filtered(
                        lambda a: a.status == "present"
                    ).participant_id,
                )
                statuses |= set(meeting.attendance_ids.mapped("status"))
        self.assertEqual(statuses, {"present", "absent", "excused"})

    def test_planned_meetings_are_upcoming(self):
        now = fields.Datetime.now()
        for key in PLANNED:
            meeting = self.meeting(key)
            with self.subTest(meeting=key):
                self.assertEqual(meeting.state, "planned")
                self.assertGreater(meeting.start, now)
                self.assertFalse(meeting.attendance_ids)
                self.assertFalse(meeting.agenda_sent_date)
                # the invitations of Odoo's calendar went to the attendees
                self.assertTrue(meeting.event_id.attendee_ids)

    def test_meetings_and_turns_fall_on_working_days(self):
        """No demo meeting or turn of a joint activity is on a weekend or a
        Finnish public holiday in its table's time zone, whatever day the
        demo was installed (their days are counted from that day)."""
        Data = self.env["ir.model.data"]
        for model in ("kp.meeting", "kp.activity.occurrence"):
            records = self.env[model].browse(
                Data.search([("module", "=", KP), ("model", "=", model)]).mapped(
                    "res_id"
                )
            )
            self.assertGreater(len(records), 5, model)
            for record in records:
                day = record.table_id._to_local(record.start).date()
                with self.subTest(record=record.display_name):
                    self.assertTrue(
                        is_working_day(day), f"{day:%A %d.%m.%Y} is not a working day"
                    )

    def test_regional_intake_reports_what_was_agreed(self):
        """The village ombudsman reports back to the villages and the city
        departments: their matters handled at the regional tables' meetings
        show what was agreed on each, whether it was answered and whether it
        was decided (the Regional Intake); the school's use went to the city
        board, which decided it."""
        meetings = self.meeting("virtasalmi_past") | self.meeting("maalaiskunta_past")
        rows = self.env["kp.intake.report"].search([("meeting_id", "in", meetings.ids)])
        self.assertEqual(len(rows), 4)
        self.assertEqual(set(rows.mapped("source")), {"department", "village"})
        for row in rows:
            with self.subTest(matter=row.name):
                self.assertEqual(row.agreement_count, 1)
                self.assertEqual(row.answered_count, 1)
                self.assertEqual(row.meeting_id.state, "minutes_approved")
        decided = rows.filtered("decided_count")
        self.assertEqual(decided.source_name, "Tekninen toimi")
        handoff = decided.agenda_item_id.answer_handoff_id
        self.assertEqual(handoff.addressee, "Kaupunginhallitus")
        self.assertEqual(handoff.state, "approved")
        # each matter's contact or proposer was told its answer once
        for item in rows.agenda_item_id:
            with self.subTest(told=item.name):
                mails = self.env["mail.mail"].search(
                    [("model", "=", "kp.agenda.item"), ("res_id", "=", item.id)]
                )
                self.assertEqual(mails.recipient_ids, item.answer_partner_id)
                self.assertEqual(len(mails), 1)

    # --- standing items ---------------------------------------------------

    def test_standing_items_open_and_close_the_agendas(self):
        for key in ("keuruu", "pieksamaki_virtasalmi", "pieksamaki_maalaiskunta"):
            table = self.table(key)
            with self.subTest(table=key):
                self.assertEqual(
                    table.standing_item_ids.mapped("name"),
                    ["Kokouksen avaus", "Seuraava tapaaminen"],
                )
                for meeting in table.meeting_ids:
                    items = meeting.agenda_item_ids.sorted()
                    self.assertEqual(items[0].name, "Kokouksen avaus")
                    self.assertEqual(items[-1].name, "Seuraava tapaaminen")
                    self.assertEqual(items[0].source, "standing")

    # --- the real cases ---------------------------------------------------

    def test_keuruu_plans_the_rotation_of_kahvia_ja_kohtaamisia(self):
        keuruu = self.table("keuruu")
        self.assertEqual(len(keuruu.meeting_ids), 3)
        spring = self.meeting("keuruu_past_1")
        rotation = spring.agenda_item_ids.filtered(lambda i: "vastuutahot" in i.name)
        self.assertEqual(len(rotation), 1)
        for organisation in KEURUU_ORGANISATIONS:
            self.assertIn(organisation, rotation.description)
        upcoming = self.meeting("keuruu_next")
        self.assertIn("Kahvia ja kohtaamisia", upcoming.name)
        self.assertTrue(
            upcoming.agenda_item_ids.filtered(
                lambda i: "vastuuvuorot" in i.name.lower()
            )
        )
        self.assertEqual(
            upcoming.chair_id, self.ref("kp_demo_participant_keuruu_marjatta_lehtonen")
        )
        self.assertEqual(
            upcoming.secretary_id, self.ref("kp_demo_participant_keuruu_hanna_koskinen")
        )
        # attendance per organisation: who came to the spring meeting
        self.assertIn(
            "Keuruun seurakunta",
            spring.attendance_ids.filtered(
                lambda a: a.status == "excused"
            ).organisation_id.mapped("name"),
        )
        self.assertGreaterEqual(spring.present_organisation_count, 6)

    def test_pieksamaki_agendas_come_from_departments_and_villages(self):
        for key in ("virtasalmi_next", "maalaiskunta_next"):
            meeting = self.meeting(key)
            with self.subTest(meeting=key):
                department = meeting.agenda_item_ids.filtered(
                    lambda i: i.source == "department"
                )
                village = meeting.agenda_item_ids.filtered(
                    lambda i: i.source == "village"
                )
                self.assertTrue(department)
                self.assertTrue(village)
                self.assertIn("Tekninen toimi", department.mapped("source_name"))
                for item in department:
                    self.assertRegex(item.case_number, r"^PIEDno-\d{4}-\d+$")
                for item in village:
                    self.assertTrue(item.source_name)
                    if item.proposer_id:
                        self.assertEqual(item.proposer_id.table_id, meeting.table_id)
                # the village ombudsman keeps the minutes, the city official chairs
                self.assertIn(
                    self.ref("kp_role_village_ombudsman"), meeting.secretary_id.role_ids
                )
                self.assertIn(
                    self.ref("kp_role_city_official"), meeting.chair_id.role_ids
                )
        school = self.ref("kp_demo_agenda_virtasalmi_next_school")
        self.assertEqual(school.source_name, "Tekninen toimi")
        self.assertEqual(school.case_number, "PIEDno-2026-123")
        self.assertIn(
            "Haapakoski",
            self.meeting("maalaiskunta_next").agenda_item_ids.mapped("source_name"),
        )
        self.assertTrue(self.meeting("maalaiskunta_next").videocall_location)

    def test_proposals_wait_for_the_convener(self):
        proposal = self.ref("kp_demo_proposal_virtasalmi_village_hall")
        self.assertEqual(proposal.state, "proposed")
        self.assertFalse(proposal.meeting_id)
        self.assertEqual(proposal.source, "village")
        self.assertEqual(proposal.source_name, "Kantala")
        self.assertEqual(
            proposal.proposer_id,
            self.ref("kp_demo_participant_pieksamaki_virtasalmi_reijo_partanen"),
        )
        self.assertEqual(self.table("pieksamaki_virtasalmi").proposal_count, 1)
        self.assertEqual(self.table("keuruu").proposal_count, 1)
        # the proposal can go to the table's next meeting
        proposal.action_accept(self.meeting("virtasalmi_next"))
        self.assertEqual(proposal.state, "accepted")
        self.assertIn(proposal, self.meeting("virtasalmi_next").agenda_item_ids)
