"""A large table's invitations and agendas are produced by a job in
committed batches: the save returns at once, progress shows on the meeting,
no one is sent twice when the job resumes, and everyone not reached is
listed with the reason (issue: a table of a thousand)."""

import ast
import re

import icalendar
from lxml import html

from odoo import Command
from odoo.tests import tagged
from odoo.tools import email_normalize

from ..models.kp_meeting_mailing import BACKGROUND_FROM, SEND_TEMPLATES
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
    """The job renders a large table's e-mails for a batch at once and
    creates them together, through the same method as a small table's;
    every e-mail is the attendee's own, and it is the one Odoo's own
    ``_notify_attendees`` would have made for that attendee (in Odoo's
    layout, with its headers and sender), the calendar file aside."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        for code in ("fi_FI", "sv_SE"):
            load_language(cls.env, code)
            # Odoo's own mail layout in that language, as a database that
            # was installed with it has it
            cls.env["ir.module.module"]._load_module_terms(
                ["mail", "calendar"], [code], overwrite=False
            )
        cls.organisation = cls._organisation(
            "Maakunnan verkosto ry", "kp_sector_association"
        )

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

    def _new_mails(self, send):
        before = self.env["mail.mail"].search([]).ids
        send()
        return self.env["mail.mail"].search([("id", "not in", before)])

    def _template(self, meeting):
        xmlid, method = SEND_TEMPLATES[meeting.send_kind]
        return self.env.ref(xmlid), method

    def _odoo_mail_of(self, meeting, attendee):
        """The e-mail Odoo's own path makes for ``attendee``, as the job's
        sender would."""
        template, _method = self._template(meeting)
        return self._new_mails(
            lambda: (
                attendee.with_user(meeting.send_user_id)
                .sudo()
                ._notify_attendees(template)
            )
        )

    def _immediate_mail_of(self, meeting, attendee):
        """The e-mail the small table's path (the same method, at once)
        makes for ``attendee``."""
        template, method = self._template(meeting)
        return self._new_mails(
            lambda: (
                attendee.with_user(meeting.send_user_id)
                .sudo()
                ._kp_notify(template, method)
            )
        )

    def _outgoing(self, mail):
        """What leaves the server, but for the message's own identity and the
        calendar file."""
        [outgoing] = mail._prepare_outgoing_list()
        skip = {"attachments", "message_id", "references", "headers"}
        return {key: value for key, value in outgoing.items() if key not in skip}

    def _assert_as_odoo(self, meeting, attendee, ours):
        """Our e-mail is Odoo's, but for the message's own identity and the
        calendar file."""
        odoo = self._odoo_mail_of(meeting, attendee)
        self.assertEqual(len(odoo), 1)
        self.assertEqual(ours.body_html, odoo.body_html, attendee.common_name)
        self.assertEqual(ours.body, odoo.body, attendee.common_name)
        self.assertEqual(ours.subject, odoo.subject)
        self.assertEqual(ours.email_from, odoo.email_from)
        self.assertEqual(ours.reply_to, odoo.reply_to)
        self.assertEqual(ours.author_id, odoo.author_id)
        self.assertEqual(ours.recipient_ids, attendee.partner_id)
        self.assertEqual(ours.recipient_ids, odoo.recipient_ids)
        self.assertEqual(self._outgoing(ours), self._outgoing(odoo))
        # Odoo's headers, but X-Msg-To-Add: it names the recipient alone,
        # who is the To: of either e-mail
        headers = ast.literal_eval(odoo.headers)
        self.assertEqual(
            email_normalize(headers.pop("X-Msg-To-Add")), attendee.partner_id.email
        )
        self.assertEqual(ast.literal_eval(ours.headers), headers)
        self.assertEqual(ours.references.split()[-1], ours.message_id)
        self.assertNotEqual(ours.message_id, odoo.message_id)
        for field in ("message_type", "model", "res_id", "subtype_id", "is_internal"):
            self.assertEqual(
                ours.mail_message_id[field], odoo.mail_message_id[field], field
            )
        self.assertEqual(ours.mail_message_id.message_type, "user_notification")
        self.assertTrue(ours.is_notification)
        self.assertEqual(ours.state, "outgoing")
        # the calendar file aside: Odoo's names every attendee, ours one
        self.assertEqual(ours.attachment_ids.mapped("name"), ["invitation.ics"])
        self.assertEqual(odoo.attachment_ids.mapped("name"), ["invitation.ics"])

    def _assert_as_immediate(self, meeting, attendee, ours):
        """The job's e-mail is the one the small table's path makes."""
        immediate = self._immediate_mail_of(meeting, attendee)
        self.assertEqual(len(immediate), 1)
        self.assertEqual(self._outgoing(ours), self._outgoing(immediate))
        self.assertEqual(ours.headers, immediate.headers)
        self.assertEqual(
            ours.attachment_ids.mimetype, immediate.attachment_ids.mimetype
        )
        stamp = re.compile(rb"DTSTAMP:\w+\r\n")
        self.assertEqual(
            stamp.sub(b"", ours.attachment_ids.raw),
            stamp.sub(b"", immediate.attachment_ids.raw),
        )

    def test_each_attendee_gets_their_own_name_and_links(self):
        meeting, people = self._large_meeting(60, "nimi")
        # a name that must be escaped
        people[7].name = 'Anna "Ankka" <Ankkalinna> & Co'
        self._run_job()
        event = meeting.event_id
        first, seventh = (
            event.attendee_ids.filtered(lambda a, p=p: a.partner_id == p)
            for p in (people[0], people[7])
        )
        for attendee, other in ((first, seventh), (seventh, first)):
            body = self._mail_of(attendee).body_html
            for route in ("accept", "decline", "view"):
                self.assertIn(
                    f"/calendar/meeting/{route}?token={attendee.access_token}"
                    f"&amp;id={event.id}",
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
        mail = self._mail_of(seventh)
        self._assert_as_odoo(meeting, seventh, mail)
        self._assert_as_immediate(meeting, seventh, mail)
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
        self.assertNotIn("Participants", mails[people[11]].body_html)
        self.assertIn("Deltagare", mails[people[31]].body_html)
        self.assertIn("(Europe/Stockholm)", mails[people[46]].body_html)
        self.assertNotIn("(Europe/Stockholm)", mails[people[3]].body_html)
        for partner, subject in expected.items():
            mail = mails[partner]
            self.assertTrue(mail.subject.startswith(subject), mail.subject)
            self._assert_as_odoo(meeting, by_partner[partner], mail)
            self._assert_as_immediate(meeting, by_partner[partner], mail)

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
        self._assert_as_immediate(meeting, by_partner[people[40]], english)

    def test_invitation_counts_the_participants_per_organisation(self):
        """A table of hundreds is not listed by name in its invitations:
        each says how many come from each organisation, as the minutes of a
        large meeting do."""
        meeting, people = self._large_meeting(60, "laskettu")
        parish = self._organisation("Keuruun seurakunta", "kp_sector_parish")
        people[:3].parent_id = parish
        people[3].parent_id = False
        self.env["kp.participant"].search(
            [("partner_id", "in", people[:4].ids)]
        )._compute_organisation_id()
        self._run_job()
        attendee = meeting.event_id.attendee_ids.filtered(
            lambda a: a.partner_id == people[10]
        )
        body = self._mail_of(attendee).body_html
        text = " ".join(html.fromstring(body).text_content().split())
        self.assertIn("Keuruun seurakunta: 3", text)
        self.assertIn("Maakunnan verkosto ry: 56", text)
        self.assertIn("Residents: 1", text)
        self.assertLess(text.index("Maakunnan verkosto ry"), text.index("Residents"))
        for other in people[:10] | people[11:]:
            self.assertNotIn(other.name, body)
            self.assertNotIn(other.email, body)

    def test_invitation_names_the_largest_organisations_and_sums_the_rest(self):
        """A table of many organisations: the invitation names the ten
        largest, then one line for the others, so every e-mail is as long
        however many organisations sit at the table."""
        meeting, people = self._large_meeting(60, "monta")
        organisations = self.env["res.partner"].create(
            [
                {
                    "name": f"Yhdistys {index:02d} ry",
                    "is_company": True,
                    "lang": "en_US",
                }
                for index in range(15)
            ]
        )
        for index, person in enumerate(people[:42]):
            person.parent_id = organisations[index // 3]
        people[42:59].parent_id = organisations[14]
        people[59].parent_id = False
        self.env["kp.participant"].search(
            [("partner_id", "in", people.ids)]
        )._compute_organisation_id()
        people[20].lang = "fi_FI"
        self._run_job()
        by_partner = {a.partner_id: a for a in meeting.event_id.attendee_ids}

        def counted(person):
            body = self._mail_of(by_partner[person]).body_html
            items = (
                " ".join(item.text_content().split())
                for item in html.fromstring(body).iter("li")
            )
            return [item for item in items if item.split(": ")[-1].isdigit()]

        listed = [f"Yhdistys {index:02d} ry: 3" for index in range(9)]
        listed.append("Yhdistys 14 ry: 17")
        self.assertEqual(
            counted(people[10]),
            [*listed, "5 other organisations: 15", "Residents: 1"],
        )
        self.assertEqual(
            counted(people[20]),
            [*listed, "5 muuta organisaatiota: 15", "Asukkaat: 1"],
        )

    def test_each_attendee_their_own_calendar_file(self):
        meeting, people = self._large_meeting(60, "ics")
        # in three batches, committed apart as the job commits them
        while meeting.sudo()._kp_send_pending(limit=25):
            pass
        event = meeting.event_id
        mails = self.env["mail.mail"].search(
            [("model", "=", "calendar.event"), ("res_id", "=", event.id)]
        )
        self.assertEqual(len(mails), 60)
        self.assertEqual(len(mails.attachment_ids), 60, "each their own file")
        uids = set()
        for mail in mails:
            [file] = mail.attachment_ids
            self.assertEqual(file.name, "invitation.ics")
            self.assertEqual(
                file.mimetype, "text/calendar; charset=utf-8; method=request"
            )
            [entry] = icalendar.Calendar.from_ical(file.raw).walk("VEVENT")
            uids.add(str(entry["UID"]))
            [address] = [str(entry["ATTENDEE"])]
            self.assertEqual(address, f"mailto:{mail.recipient_ids.email}")
            for other in people - mail.recipient_ids:
                self.assertNotIn(other.email.encode(), file.raw)
        self.assertEqual(uids, {meeting._kp_ics_uid()})

    def test_job_queries_flat_per_batch(self):
        """A batch of a hundred costs the same whatever the table's size:
        the job at 600 (six batches) costs at most six times the job at 60
        (one batch)."""
        small, _people = self._large_meeting(60, "pieni")
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        self._run_job()
        queries = self.env.cr.sql_log_count - before
        large, _people = self._large_meeting(600, "suuri")
        self.env.invalidate_all()
        with self.assertQueryCount(6 * queries):
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
