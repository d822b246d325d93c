"""A large table's invitations and agendas are produced by a job in
committed batches: the save returns at once, progress shows on the meeting,
no one is sent twice when the job resumes, and everyone not reached is
listed with the reason (issue: a table of a thousand)."""

import ast
import re

from odoo import Command
from odoo.tests import tagged

from ..models.kp_meeting_mailing import BACKGROUND_FROM
from .common import KpMeetingCommon, load_language

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


@tagged("post_install", "-at_install")
class TestMeetingMailsInBulk(KpMeetingCommon):
    """The job renders a large table's e-mails once per language and time
    zone and shares one .ics, yet every e-mail is the one Odoo's own
    ``_notify_attendees`` would have made for that attendee."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fi_FI", "sv_SE"):
            load_language(cls.env, code)
            # Odoo's own invitation in that language, as a database that
            # was installed with it has it
            cls.env["ir.module.module"]._load_module_terms(
                ["mail", "calendar"], [code], overwrite=False
            )
        cls.organisation = cls._organisation(
            "Maakunnan verkosto ry", "kp_sector_association"
        )
        cls.invitation = cls.env.ref("calendar.calendar_template_meeting_invitation")

    def _large_meeting(self, count, tag, **person):
        table = self._table(f"Iso pöytä {tag}", state="active")
        people = self.env["res.partner"].create(
            [
                {
                    "name": f"Osallistuja {tag} {index:03d}",
                    "parent_id": self.organisation.id,
                    "email": f"osallistuja.{tag}.{index}@example.com",
                    "lang": "en_US",
                    **person,
                }
                for index in range(count)
            ]
        )
        self.env["kp.participant"].create(
            [
                {
                    "table_id": table.id,
                    "partner_id": partner.id,
                    "role_ids": [Command.set(self.role_member.ids)],
                }
                for partner in people
            ]
        )
        return self._meeting(table), people

    def _run_job(self):
        return list(self.env["kp.meeting"]._kp_pending_steps())

    def _mail_of(self, attendee, subject_part=""):
        mails = self.env["mail.mail"].search(
            [
                ("recipient_ids", "in", attendee.partner_id.ids),
                ("model", "=", "calendar.event"),
                ("res_id", "=", attendee.event_id.id),
            ]
        )
        mails = mails.filtered(lambda m: subject_part in (m.subject or ""))
        self.assertEqual(len(mails), 1, attendee.common_name)
        return mails

    def _odoo_mail_of(self, meeting, attendee):
        """The e-mail Odoo's own path makes for ``attendee``, as the job's
        sender would."""
        before = self.env["mail.mail"].search([]).ids
        attendee.with_user(meeting.send_user_id).sudo()._notify_attendees(
            meeting._kp_send_template()
        )
        return self.env["mail.mail"].search([("id", "not in", before)])

    def _assert_as_odoo(self, meeting, attendee, ours):
        """Our e-mail is Odoo's, but for the message's own identity."""
        odoo = self._odoo_mail_of(meeting, attendee)
        self.assertEqual(len(odoo), 1)
        self.assertEqual(ours.body_html, odoo.body_html, attendee.common_name)
        self.assertEqual(ours.body, odoo.body, attendee.common_name)
        self.assertEqual(ours.subject, odoo.subject)
        self.assertEqual(ours.email_from, odoo.email_from)
        self.assertEqual(ours.author_id, odoo.author_id)
        self.assertEqual(ours.recipient_ids, attendee.partner_id)
        self.assertEqual(ours.recipient_ids, odoo.recipient_ids)
        self.assertEqual(ast.literal_eval(ours.headers), ast.literal_eval(odoo.headers))
        self.assertEqual(ours.references.split()[-1], ours.message_id)
        self.assertNotEqual(ours.message_id, odoo.message_id)
        self.assertEqual(
            ours.notification_ids.mapped("res_partner_id"), attendee.partner_id
        )
        self.assertEqual(ours.notification_ids.notification_type, "email")
        self.assertEqual(ours.mail_message_id.message_type, "user_notification")
        self.assertEqual(ours.state, "outgoing")

    def test_each_attendee_gets_their_own_name_and_links(self):
        meeting, people = self._large_meeting(60, "nimi")
        # a name that must be escaped, and the representative of the group
        people[7].name = 'Anna "Ankka" <Ankkalinna> & Co'
        self._run_job()
        event = meeting.event_id
        first, seventh = (
            event.attendee_ids.filtered(lambda a, p=p: a.partner_id == p)
            for p in (people[0], people[7])
        )
        for attendee, other in ((first, seventh), (seventh, first)):
            mail = self._mail_of(attendee)
            body = mail.body_html
            self.assertIn(
                f"/calendar/meeting/view?token={attendee.access_token}&amp;id={event.id}",
                body,
            )
            self.assertNotIn(other.access_token, body)
            self.assertEqual(
                set(re.findall(r"token=([0-9a-f]+)", body)), {attendee.access_token}
            )
        self.assertIn("Hello Osallistuja nimi 000,", self._mail_of(first).body_html)
        self.assertIn(
            'Hello Anna "Ankka" &lt;Ankkalinna&gt; &amp; Co,',
            self._mail_of(seventh).body_html,
        )
        # everyone else too: one invitation each, to them only
        for attendee in event.attendee_ids:
            mail = self._mail_of(attendee, "Invitation")
            self.assertIn(attendee.access_token, mail.body_html)
        self._assert_as_odoo(meeting, seventh, self._mail_of(seventh))
        self._assert_as_odoo(meeting, first, self._mail_of(first))

    def test_each_language_its_own(self):
        meeting, people = self._large_meeting(60, "kieli")
        people[10:30].lang = "fi_FI"
        people[30:45].lang = "sv_SE"
        people[45:50].tz = "Europe/Stockholm"
        self._run_job()
        attendees = meeting.event_id.attendee_ids
        by_partner = {a.partner_id: a for a in attendees}
        expected = {
            people[3]: "Invitation to ",
            people[11]: "Kutsu ",
            people[12]: "Kutsu ",
            people[31]: "Inbjudan till ",
            people[46]: "Invitation to ",
        }
        mails = {partner: self._mail_of(by_partner[partner]) for partner in expected}
        self.assertIn("Osallistujat", mails[people[11]].body_html)
        self.assertNotIn("Attendees", mails[people[11]].body_html)
        self.assertIn("(Europe/Stockholm)", mails[people[46]].body_html)
        self.assertNotIn("(Europe/Stockholm)", mails[people[3]].body_html)
        for partner, subject in expected.items():
            mail = mails[partner]
            self.assertTrue(mail.subject.startswith(subject), mail.subject)
            self._assert_as_odoo(meeting, by_partner[partner], mail)

    def test_agenda_in_bulk_as_odoo_would(self):
        meeting, people = self._large_meeting(60, "asialista")
        people[:20].lang = "fi_FI"
        self._run_job()
        self.env["kp.agenda.item"].create(
            {"meeting_id": meeting.id, "name": "Maakunnan palvelut"}
        )
        meeting.action_send_agenda()
        self._run_job()
        by_partner = {a.partner_id: a for a in meeting.event_id.attendee_ids}
        finnish = self._mail_of(by_partner[people[2]], "Asialista")
        english = self._mail_of(by_partner[people[40]], "Agenda")
        self.assertIn("Osallistuja asialista 002", finnish.body_html)
        self.assertIn("Maakunnan palvelut", finnish.body_html)
        self._assert_as_odoo(meeting, by_partner[people[2]], finnish)
        self._assert_as_odoo(meeting, by_partner[people[40]], english)
        self.assertEqual(finnish.attachment_ids.mapped("name"), ["invitation.ics"])

    def test_one_ics_per_event(self):
        meeting, _people = self._large_meeting(60, "ics")
        # in three batches, committed apart as the job commits them
        while meeting.sudo()._kp_send_pending(limit=25):
            pass
        event = meeting.event_id
        mails = self.env["mail.mail"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", event.id)]
        )
        self.assertEqual(len(mails), 60)
        self.assertEqual(len(mails.attachment_ids), 1)
        self.assertEqual(mails.attachment_ids.name, "invitation.ics")
        self.assertEqual(mails.attachment_ids.mimetype, "text/calendar")
        self.assertEqual(
            self.env["ir.attachment"].search_count(
                [
                    ("res_model", "=", "calendar.event"),
                    ("res_id", "=", event.id),
                    ("name", "=", "invitation.ics"),
                ]
            ),
            1,
        )
        for mail in mails:
            self.assertEqual(mail.attachment_ids, mails.attachment_ids)

    def test_job_queries_grow_at_most_two_per_attendee(self):
        small, _people = self._large_meeting(60, "pieni")
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._run_job()
        queries = self.env.cr.sql_log_count - before
        large, _people = self._large_meeting(600, "suuri")
        self.env.invalidate_all()
        with self.assertQueryCount(queries + 2 * (600 - 60)):
            self._run_job()
        self.assertEqual(
            len(
                self.env["mail.mail"].search(
                    [
                        ("model", "=", "calendar.event"),
                        ("res_id", "=", large.event_id.id),
                    ]
                )
            ),
            600,
        )
        self.assertTrue(small.send_progress.startswith("Invitations: 60 / 60"))
