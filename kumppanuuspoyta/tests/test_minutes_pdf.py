import io

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools.pdf import PdfFileReader

from .common import KpMinutesCommon

MEETING_REPORT = "kumppanuuspoyta.kp_report_minutes"
VERSION_REPORT = "kumppanuuspoyta.kp_report_minutes_version"


def pdf_text(pdf):
    """The text of a PDF, its lines joined by spaces."""
    reader = PdfFileReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


@tagged("post_install", "-at_install")
class TestMinutesPdfOnce(KpMinutesCommon):
    """An approved version's PDF is rendered once, at approval, and kept by
    Odoo's report attachment (the version's report: ``attachment`` and
    ``attachment_use``); every later print (distribution, portal, shared
    link) serves that file."""

    def setUp(self):
        super().setUp()
        self._serve_report_assets()

    def _approve(self, meeting):
        """Approve, and run the job that approval triggers for this version."""
        cron = self.env.ref("kumppanuuspoyta.kp_cron_minutes_pdf")
        triggers = self.env["ir.cron.trigger"].search([("cron_id", "=", cron.id)])
        meeting.with_user(self.user_coordinator).action_approve_minutes()
        minutes = meeting.minutes_ids.sorted("version")[-1:]
        self.assertFalse(minutes._kp_kept_pdf(), "not rendered in the request")
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

    def _print(self, report, records, user=None, lang=None):
        """The PDF a user prints (the coordinator by default)."""
        with self.allow_pdf_render():
            pdf, report_type = (
                self.env["ir.actions.report"]
                .with_user(user or self.user_coordinator)
                .with_context(
                    force_report_rendering=True, **({"lang": lang} if lang else {})
                )
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
        stored = minutes._kp_kept_pdf()
        self.assertTrue(stored, "the PDF is made at approval")
        self.assertTrue(stored.raw.startswith(b"%PDF"))
        self.assertEqual(stored.mimetype, "application/pdf")
        # Odoo's report attachment: where and under which name Odoo's
        # report looks the file up
        report = self.env.ref(VERSION_REPORT)
        self.assertTrue(report.attachment_use)
        self.assertEqual(report.retrieve_attachment(minutes), stored)
        self.assertEqual(
            (stored.res_model, stored.res_id, stored.name),
            ("kp.minutes", minutes.id, minutes._kp_pdf_name()),
        )
        self.assertNotIn(minutes, self.env["kp.minutes"]._kp_pending_pdfs())
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
        self.assertEqual(minutes._kp_kept_pdf().checksum, checksum)

    def test_every_distribution_sends_the_same_file(self):
        meeting = self._drafted()
        minutes = self._approve(meeting)
        stored = minutes._kp_kept_pdf()
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
        first_pdf = first._kp_kept_pdf()
        first_bytes = first_pdf.raw
        meeting.with_user(self.user_coordinator).action_correct_minutes(
            "Päivämäärä korjattu."
        )
        # reopened for the correction: the approved version still serves
        # its file
        self.assertEqual(self._print(VERSION_REPORT, first), first_bytes)
        second = self._approve(meeting)
        self.assertEqual(second.version, 2)
        second_pdf = second._kp_kept_pdf()
        self.assertTrue(second_pdf)
        self.assertNotEqual(second_pdf, first_pdf)
        self.assertNotEqual(second_pdf.checksum, first_pdf.checksum)
        self.assertIn("Päivämäärä korjattu.", pdf_text(second_pdf.raw))
        self.assertNotIn("Päivämäärä korjattu.", pdf_text(first_bytes))
        # the meeting's report prints the current version; the first stays
        self.assertEqual(self._print(MEETING_REPORT, meeting), second_pdf.raw)
        self.assertEqual(self._print(VERSION_REPORT, first), first_bytes)
        self.assertEqual(first._kp_kept_pdf(), first_pdf)
        self.assertEqual(first_pdf.raw, first_bytes, "the first file unchanged")
        self.assertEqual(self._stored_pdfs(first | second), first_pdf | second_pdf)

    def test_the_meeting_changes_the_file_does_not(self):
        """What a fresh render would print differently after approval (the
        table's and the municipality's names, the approver's name, the
        meeting's place, the commitments' stage) leaves the file as
        approved, and so do the reader's language and the names the
        download is given."""
        self.env["res.lang"]._activate_lang("fi_FI")
        self.env["res.lang"]._activate_lang("sv_SE")
        meeting = self._held_meeting(items=["Kevään vuorot"])
        self._agree(
            meeting,
            "Sovittiin kevään vuoroista.",
            meeting.agenda_item_ids,
            [{"name": "Varaa sali", "organisation_id": self.org_assoc.id}],
        )
        meeting.action_draft_minutes()
        minutes = self._approve(meeting)
        kept = minutes._kp_kept_pdf().raw
        name = minutes._kp_pdf_name()
        self.table.name = "Uusi pöydän nimi"
        self.company.name = "Uusi kunnan nimi"
        self.user_coordinator.name = "Uusi hyväksyjä"
        meeting.location = "Uusi paikka"
        meeting.commitment_ids.stage_id = self.stage_done
        for lang in ("fi_FI", "sv_SE", "en_US"):
            self.assertEqual(self._print(MEETING_REPORT, meeting, lang=lang), kept)
            self.assertEqual(self._print(VERSION_REPORT, minutes, lang=lang), kept)
        self.assertEqual(minutes._kp_pdf_name(), name)
        self.assertIn("Uusi pöydän nimi", minutes._get_report_base_filename())
        text = pdf_text(kept)
        self.assertIn("Sovittiin kevään vuoroista.", text)
        self.assertIn("Ystäväntupa", text)
        for new in ("Uusi pöydän nimi", "Uusi kunnan nimi", "Uusi hyväksyjä"):
            self.assertNotIn(new, text)
        self.assertEqual(self._stored_pdfs(minutes), minutes._kp_kept_pdf())

    def test_the_first_print_keeps_the_file_whoever_prints(self):
        """Before the job has run, the first print of an approved version by
        someone who may not write it (no one may) renders and keeps it, in
        the approver's language: every later print serves that file."""
        self.env["res.lang"]._activate_lang("fi_FI")
        self.env["res.lang"]._activate_lang("sv_SE")
        self.user_coordinator.lang = "fi_FI"
        meeting = self._drafted()
        meeting.with_user(self.user_coordinator).action_approve_minutes()
        minutes = meeting.minutes_ids
        self.assertFalse(minutes._kp_kept_pdf())
        self.assertFalse(minutes.with_user(self.user_participant).has_access("write"))
        first = self._print(VERSION_REPORT, minutes, self.user_participant, "sv_SE")
        kept = minutes._kp_kept_pdf()
        self.assertEqual(kept.raw, first, "the first print is the kept file")
        self.assertIn("Muistion version 1 hyväksyi", pdf_text(first))
        self.assertNotIn(minutes, self.env["kp.minutes"]._kp_pending_pdfs())
        # the job finds nothing left to do
        with self.allow_pdf_render():
            minutes.with_context(force_report_rendering=True)._kp_store_pdf()
        self.assertEqual(self._stored_pdfs(minutes), kept)
        for user in (self.user_participant, self.user_coordinator, self.user_manager):
            self.assertEqual(self._print(MEETING_REPORT, meeting, user), first)
            self.assertEqual(self._print(VERSION_REPORT, minutes, user), first)
        self.assertEqual(self._stored_pdfs(minutes), kept)

    def test_the_kept_file_only_for_who_may_read(self):
        """The kept file is served without rendering the records: a user
        who may not read the minutes gets an access error, as a render
        would give them."""
        meeting = self._drafted()
        minutes = self._approve(meeting)
        stranger = new_test_user(
            self.env,
            "kp_stranger",
            groups="kumppanuuspoyta.group_kp_user",
            name="Sakari Stranger",
        )
        for user in (stranger, self.user_internal):
            for report, records in (
                (MEETING_REPORT, meeting),
                (VERSION_REPORT, minutes),
            ):
                with self.assertRaises(AccessError):
                    self._print(report, records, user)
        self.assertEqual(
            self._print(VERSION_REPORT, minutes), minutes._kp_kept_pdf().raw
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
        size = len(minutes._kp_kept_pdf().raw)
        self.assertLess(size, 300 * 1024, f"the PDF weighs {size} bytes")
