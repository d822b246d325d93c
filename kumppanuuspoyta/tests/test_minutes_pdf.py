from odoo import Command
from odoo.tests import Form, tagged

from .common import KpMinutesCommon

MEETING_REPORT = "kumppanuuspoyta.kp_report_minutes"
VERSION_REPORT = "kumppanuuspoyta.kp_report_minutes_version"


@tagged("post_install", "-at_install")
class TestMinutesPdfOnce(KpMinutesCommon):
    """An approved version's PDF is rendered once, at approval, and every
    later print (distribution, portal, shared link) serves that file."""

    def setUp(self):
        super().setUp()
        self._serve_report_assets()

    def _approve(self, meeting):
        """Approve, and run the job that approval triggers for this version."""
        cron = self.env.ref("kumppanuuspoyta.kp_cron_minutes_pdf")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        meeting.with_user(self.user_coordinator).action_approve_minutes()
        minutes = meeting.minutes_ids.sorted("version")[-1:]
        self.assertFalse(minutes.pdf_attachment_id, "not rendered in the request")
        self.assertGreater(
            self.env["ir.cron.trigger"].search_count([("cron_id", "=", cron.id)]),
            len(triggers),
            "approval asks the job to render it",
        )
        self.assertIn(minutes, self.env["kp.minutes"]._kp_pending_pdfs())
        with self.allow_pdf_render():
            minutes.with_context(force_report_rendering=True)._kp_store_pdf()
        return minutes

    def _drafted(self, text="Sovittiin kevään vuoroista."):
        meeting = self._held_meeting(items=["Kevään vuorot"])
        self._agree(meeting, text, meeting.agenda_item_ids)
        meeting.action_draft_minutes()
        return meeting

    def _print(self, report, records):
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_user(self.user_coordinator)
                .with_context(force_report_rendering=True)
                ._render_qweb_pdf(report, records.ids)
            )
        self.assertEqual(report_type, "pdf")
        return pdf

    def _stored_pdfs(self, minutes):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "kp.minutes"), ("res_id", "in", minutes.ids)]
        )

    def test_rendered_at_approval_and_served_after(self):
        meeting = self._drafted()
        minutes = self._approve(meeting)
        stored = minutes.pdf_attachment_id
        self.assertTrue(stored, "the PDF is made at approval")
        self.assertTrue(stored.raw.startswith(b"%PDF"))
        self.assertEqual(stored.mimetype, "application/pdf")
        self.assertEqual(stored.name, f"{minutes._get_report_base_filename()}.pdf")
        checksum = stored.checksum
        # what a fresh render would print differently: the letterhead
        self.company.name = "Uusi kunnan nimi"
        for report, records in (
            (MEETING_REPORT, meeting),  # the distribution's attachment
            (VERSION_REPORT, minutes),  # the portal and the shared link
            (MEETING_REPORT, meeting),
        ):
            pdf = self._print(report, records)
            self.assertEqual(pdf, stored.raw, "the file made at approval, as it is")
        self.assertEqual(self._stored_pdfs(minutes), stored, "one file per version")
        self.assertEqual(minutes.pdf_attachment_id.checksum, checksum)

    def test_every_distribution_sends_the_same_file(self):
        meeting = self._drafted()
        minutes = self._approve(meeting)
        stored = minutes.pdf_attachment_id
        for _round in range(2):
            action = meeting.with_user(
                self.user_coordinator
            ).action_distribute_minutes()
            with self.allow_pdf_render():
                composer = Form(
                    self.env["mail.compose.message"]
                    .with_user(self.user_coordinator)
                    .with_context(action["context"], force_report_rendering=True)
                )
                composer.save().action_send_mail()
        sent = self._mails(self.person_official, meeting.name).attachment_ids.filtered(
            lambda a: a.name.endswith(".pdf")
        )
        self.assertEqual(len(sent), 2, "distributed twice")
        self.assertEqual(set(sent.mapped("checksum")), {stored.checksum})
        self.assertEqual(self._stored_pdfs(minutes), stored)

    def test_a_correction_makes_a_new_file(self):
        meeting = self._drafted()
        first = self._approve(meeting)
        meeting.with_user(self.user_coordinator).action_correct_minutes(
            "Päivämäärä korjattu."
        )
        second = self._approve(meeting)
        self.assertEqual(second.version, 2)
        self.assertTrue(second.pdf_attachment_id)
        self.assertNotEqual(second.pdf_attachment_id, first.pdf_attachment_id)
        self.assertNotEqual(
            second.pdf_attachment_id.checksum, first.pdf_attachment_id.checksum
        )
        # the meeting's report prints the current version; the first stays
        self.assertEqual(
            self._print(MEETING_REPORT, meeting), second.pdf_attachment_id.raw
        )
        self.assertEqual(
            self._print(VERSION_REPORT, first), first.pdf_attachment_id.raw
        )

    def test_a_draft_is_printed_from_the_records(self):
        meeting = self._drafted()
        pdf = self._print(MEETING_REPORT, meeting)
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.assertFalse(
            self.env["ir.attachment"].search(
                [
                    ("res_model", "in", ("kp.minutes", "kp.meeting")),
                    ("res_id", "=", meeting.id),
                    ("mimetype", "=", "application/pdf"),
                ]
            ),
            "a draft is not kept",
        )

    def test_large_table_counts_attendance_per_organisation(self):
        """200 people of 20 organisations: the minutes count them per
        organisation, and the PDF stays small."""
        organisations = self.env["res.partner"].create(
            [
                {"name": f"Yhdistys {index:02d} ry", "is_company": True}
                for index in range(20)
            ]
        )
        people = self.env["res.partner"].create(
            [
                {
                    "name": f"Osallistuja Numero{index:03d}",
                    "parent_id": organisations[index % 20].id,
                    "email": f"osallistuja{index}@example.com",
                }
                for index in range(200)
            ]
        )
        self.env["kp.participant"].create(
            [
                {
                    "table_id": self.table.id,
                    "partner_id": person.id,
                    "role_ids": [Command.set(self.role_member.ids)],
                }
                for person in people
            ]
        )
        meeting = self._drafted()
        html = meeting._minutes_html()
        self.assertNotIn("Numero", html, "no list of 200 names")
        self.assertIn("people were recorded", html)
        self.assertRegex(
            html,
            r"(?s)<td>Yhdistys 00 ry</td>\s*<td>10</td>\s*<td>0</td>\s*<td>0</td>",
        )
        minutes = self._approve(meeting)
        size = len(minutes.pdf_attachment_id.raw)
        self.assertLess(size, 300 * 1024, f"the PDF weighs {size} bytes")
