"""A large table's invitations and agendas are produced by a job in
committed batches: the save returns at once, progress shows on the meeting,
no one is sent twice when the job resumes, and everyone not reached is
listed with the reason (issue: a table of a thousand)."""

from odoo import Command
from odoo.tests import tagged

from ..models.kp_meeting_mailing import BACKGROUND_FROM
from .common import KpMeetingCommon

PEOPLE = 60


@tagged("post_install", "-at_install")
class TestMeetingMailing(KpMeetingCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.big = cls._table("Maakunnan hyvinvointipöytä", state="active")
        organisation = cls._organisation(
            "Maakunnan yhdistys ry", "kp_sector_association"
        )
        cls.people = cls.env["res.partner"].create(
            [
                {
                    "name": f"Jäsen {index:02d}",
                    "parent_id": organisation.id,
                    "email": f"jasen{index}@example.com",
                    "lang": "en_US",
                }
                for index in range(PEOPLE)
            ]
        )
        # one without an address: listed, and the others still get theirs
        cls.people[0].email = False
        cls.env["kp.participant"].create(
            [
                {
                    "table_id": cls.big.id,
                    "partner_id": person.id,
                    "role_ids": [Command.set(cls.role_member.ids)],
                }
                for person in cls.people
            ]
        )
        cls.cron = cls.env.ref("kumppanuuspoyta.kp_cron_meeting_mails")
        cls.mail_queue = cls.env.ref("mail.ir_cron_mail_scheduler_action")

    def _triggers(self, cron):
        return self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)])

    def _run_job(self):
        """The job's batches, as the cron runs them (without its commits)."""
        return list(self.env["kp.meeting"]._kp_pending_steps())

    def _mails_to(self, partner, subject):
        return self._mails(partner, subject)

    def test_large_table_invited_by_the_job(self):
        self.assertGreaterEqual(PEOPLE, BACKGROUND_FROM)
        triggers = self._triggers(self.cron)
        meeting = self._meeting(self.big)
        reachable = self.people[1:]
        # the save returns before any invitation is made
        self.assertFalse(self._mails_to(reachable[0], "Invitation"))
        self.assertGreater(self._triggers(self.cron), triggers, "the job is asked")
        self.assertEqual(
            meeting.send_progress, f"Invitations: 0 / {PEOPLE} sent, {PEOPLE} waiting"
        )

        # one batch (a step the job commits), then the job runs again
        queue = self._triggers(self.mail_queue)
        self.assertEqual(meeting.sudo()._kp_send_pending(limit=25), 25)
        meeting.invalidate_recordset(["send_progress"])
        self.assertIn(f"{PEOPLE - 25} waiting", meeting.send_progress)
        self._run_job()
        for partner in reachable:
            self.assertEqual(
                len(self._invitations(partner)), 1, f"{partner.name}: once"
            )
        # nothing left: running again sends no one anything
        self._run_job()
        for partner in reachable:
            self.assertEqual(len(self._invitations(partner)), 1, partner.name)

        meeting.invalidate_recordset(["send_progress", "send_problems"])
        self.assertEqual(
            meeting.send_progress,
            f"Invitations: {PEOPLE - 1} / {PEOPLE} sent, 1 not sent",
        )
        self.assertIn("Jäsen 00: no e-mail address", meeting.send_problems)
        note = meeting.message_ids.filtered(
            lambda m: f"Invitations sent to {PEOPLE - 1} attendees." in (m.body or "")
        )
        self.assertEqual(len(note), 1, "told once, when done")
        self.assertIn("Not sent to 1:", note.body)
        self.assertGreater(self._triggers(self.mail_queue), queue, "delivered now")

    def test_large_table_agenda_by_the_job(self):
        meeting = self._meeting(self.big)
        self._run_job()
        self.env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Maakunnan palvelut"}
        )
        meeting.with_user(self.user_manager).action_send_agenda()
        self.assertEqual(meeting.state, "agenda_sent")
        self.assertFalse(self._mails_to(self.people[5], "Agenda: "), "not yet")
        self.assertIn(f"Agenda: 0 / {PEOPLE} sent", meeting.send_progress)
        self._run_job()
        for partner in self.people[1:]:
            self.assertEqual(len(self._mails_to(partner, "Agenda: ")), 1, partner.name)
        note = meeting.message_ids.filtered(
            lambda m: "Agenda sent to" in (m.body or "")
        )
        self.assertIn(f"Agenda sent to {PEOPLE - 1} attendees.", note.body)
        self.assertIn("Maakunnan palvelut", note.body)

    def test_small_table_sent_at_once_and_told(self):
        queue = self._triggers(self.mail_queue)
        meeting = self._meeting()
        for partner in self.emailed:
            self.assertEqual(len(self._invitations(partner)), 1, partner.name)
        self.assertGreater(self._triggers(self.mail_queue), queue, "delivered now")
        self.assertTrue(meeting.send_progress.startswith("Invitations: 3 / "))
        self.assertTrue(
            meeting.message_ids.filtered(
                lambda m: "Invitations sent to 3 attendees." in (m.body or "")
            )
        )
