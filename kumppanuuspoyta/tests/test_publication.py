from datetime import timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, freeze_time, new_test_user, tagged

from .publication_common import KpPublicationFixtures


@tagged("post_install", "-at_install")
class TestPublication(KpPublicationFixtures, TransactionCase):
    """Public memos for a period (issue #22, part 2): the redacted
    snapshot, the scan for names, non-public items, bad input, access, the
    end of the period and anonymising."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_publication_fixtures()

    # --- the snapshot ------------------------------------------------------

    def test_snapshot_names_organisations_and_redacts_residents(self):
        publication = self._published()
        text = str(publication.snapshot)
        self.assertEqual(publication.state, "published")
        self.assertEqual(publication.published_by_id, self.user_coordinator)
        self.assertEqual(publication.lang, self.company.partner_id.lang)
        # organisations and people acting for one or in office stay named
        for named in ("Testikaupunki", "Virpi Viranhaltija", "Kalle Coordinator"):
            self.assertIn(named, text)
        self.assertIn("Kyläkoulun tilat", text)
        self.assertIn("Koulu avataan kylän käyttöön syksyllä.", text)
        # each commitment with its organisation, in a list; without a
        # deadline nothing stands for one
        self.assertIn("<li>Selvitä avainten jako (Testikaupunki)</li>", text)
        self.assertNotIn("-)", text)
        # the resident is "asukas N", with no contact details anywhere
        self.assertIn("asukas", text)
        for private in (
            "Riitta",
            "riitta.asukas@example.com",
            "040 123 4567",
            "Kylätie",
            "@",
        ):
            self.assertNotIn(private, text)
        # the default period: from approval, the company's 30 days
        self.assertEqual(
            publication.date_end - publication.date_start, timedelta(days=30)
        )
        self.assertEqual(publication.date_start, self.minutes.approved_date)

    def test_page_in_swedish_for_a_swedish_municipality(self):
        self._load_swedish()
        self.company.partner_id.lang = "sv_SE"
        publication = self._published()
        self.assertIn("invånare 1", str(publication.snapshot))

    def test_non_public_item_shows_heading_and_basis_only(self):
        publication = self._publication()
        support = publication.item_ids.filtered(
            lambda i: i.heading == "Asukkaan tukiasia"
        )
        support.write({"non_public": True, "basis": "24_1_25"})
        publication.action_publish()
        text = str(publication.snapshot)
        self.assertIn("Asukkaan tukiasia", text)
        self.assertIn("25 kohta: sosiaalihuolto", text)
        self.assertNotIn("yhden perheen", text)

    # --- names found in the text ------------------------------------------

    def test_a_name_in_the_text_blocks_until_resolved(self):
        publication = self._publication()
        self.assertTrue(publication.can_publish)
        school = publication.item_ids[:1]
        school.text += "\nRiitta Asukas lupasi kysyä naapureilta."
        self.assertEqual(publication.hit_ids.mapped("name"), ["Riitta Asukas"])
        self.assertFalse(publication.can_publish)
        with self.assertRaisesRegex(ValidationError, "Riitta Asukas"):
            publication.action_publish()
        self.assertEqual(publication.state, "draft")
        self.assertFalse(publication.snapshot)
        # edited: the name is gone, so is the hit
        school.text = school.text.replace("Riitta Asukas", "Asukas")
        self.assertFalse(publication.hit_ids)
        # or marked "not a person" (the same name found again stays marked)
        school.text += "\nAsukas, Riitta"
        self.assertTrue(publication.hit_ids)
        publication.hit_ids.with_user(self.user_coordinator).action_not_a_person()
        publication.invalidate_recordset()
        self.assertTrue(publication.can_publish)
        publication.action_publish()
        self.assertEqual(publication.state, "published")

    # --- bad input ----------------------------------------------------------

    def _refused(self, run, fragment):
        """``run(env)`` as the coordinator in Finnish is refused with a
        translated ValidationError saying ``fragment``; nothing is written
        (Odoo's assertRaises rolls its block back to a savepoint)."""
        env = self.env(
            user=self.user_coordinator, context=dict(self.env.context, lang="fi_FI")
        )
        models = ("kp.publication", "kp.publication.item", "mail.message")
        # what was done before (tracking) is posted first
        self.env.cr.flush()
        counts = [self.env[m].sudo().search_count([]) for m in models]
        with self.assertRaises(ValidationError) as caught:
            run(env)
        self.assertIn(fragment, str(caught.exception))
        self.assertEqual([self.env[m].sudo().search_count([]) for m in models], counts)

    def test_bad_input_is_refused_in_finnish_and_nothing_is_written(self):
        start = self.minutes.approved_date

        def create(**vals):
            return lambda env: env["kp.publication"].create(
                {"minutes_id": self.minutes.id, **vals}
            )

        self._refused(create(date_end=start - timedelta(days=1)), "päättyä")
        self._refused(create(date_end=start + timedelta(days=366)), "enintään 365")
        # another municipality's minutes
        foreign = self._foreign_minutes()
        self._refused(
            lambda env: env["kp.publication"].create({"minutes_id": foreign.id}),
            "toisen kunnan",
        )
        # an unresolved name in the text
        publication = self._publication()
        publication.item_ids[:1].text += "\nRiitta Asukas kertoi asiasta."
        self._refused(
            lambda env: env["kp.publication"].browse(publication.id).action_publish(),
            "Riitta Asukas",
        )
        self.assertEqual(publication.state, "draft")
        # a non-public item without a basis
        self._refused(
            lambda env: (
                env["kp.publication.item"]
                .browse(publication.item_ids[1].id)
                .write({"non_public": True})
            ),
            "julkisuuslain",
        )
        # minutes reopened for a correction are not the approved version now
        meeting = self.minutes.meeting_id
        meeting.with_user(self.user_coordinator).action_correct_minutes("Korjaus")
        self._refused(create(), "hyväksytty")

    def test_a_published_period_no_longer_changes(self):
        publication = self._published().with_user(self.user_coordinator)
        with self.assertRaises(UserError):
            publication.write({"date_end": publication.date_end + timedelta(days=1)})
        # no one writes the public text or publishes by writing the state
        for vals in (
            {"snapshot": "<script>alert(1)</script>"},
            {"state": "draft"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                publication.write(vals)
        preview = self._publication()
        with self.assertRaises(UserError):
            preview.write({"state": "published"})
        self.assertFalse(preview.snapshot)

    def test_a_street_address_in_the_text_blocks_too(self):
        publication = self._publication()
        publication.item_ids[:1].text += "\nTavataan osoitteessa kylätie 5."
        self.assertEqual(publication.hit_ids.mapped("name"), ["Kylätie 5"])
        self.assertFalse(publication.can_publish)

    @classmethod
    def _foreign_minutes(cls):
        seat = cls._seat(cls.table_other, cls.person_volunteer, [cls.role_chair])
        meeting = cls.env["kp.meeting"].create(
            {
                "table_id": cls.table_other.id,
                "start": cls.minutes.meeting_id.start,
                "chair_id": seat.id,
                "secretary_id": seat.id,
            }
        )
        meeting.action_held()
        cls.env["kp.agreement"].create({"meeting_id": meeting.id, "name": "Sovittu."})
        meeting.action_draft_minutes()
        meeting.action_approve_minutes()
        return meeting.minutes_ids

    # --- access -------------------------------------------------------------

    def test_who_publishes_and_who_sees(self):
        # the table's coordinators publish, and the municipality's managers
        self.assertTrue(self._publication(user=self.user_coordinator))
        self.assertTrue(self._publication(user=self.user_manager))
        stranger = new_test_user(
            self.env,
            "kp_pub_stranger",
            groups="kumppanuuspoyta.group_kp_coordinator",
            name="Sami Stranger",
        )
        for user in (self.user_participant, stranger, self.user_portal):
            with self.subTest(user=user.name), self.assertRaises(AccessError):
                self._publication(user=user)
        publication = self._published()
        # participants read the memo of their table; the button is not theirs
        as_participant = publication.with_user(self.user_participant)
        self.assertEqual(as_participant.name, publication.name)
        self.assertFalse(as_participant.can_withdraw)
        # another municipality and the portal see nothing of it
        Other = self.env["kp.publication"].with_user(self.user_other)
        self.assertFalse(Other.search([]))
        with self.assertRaises(AccessError):
            publication.with_user(self.user_other).read(["name"])
        with self.assertRaises(AccessError):
            publication.with_user(self.user_portal).read(["name"])

    def test_publish_button_on_approved_meeting_for_coordinators(self):
        meeting = self.minutes.meeting_id
        self.assertTrue(meeting.with_user(self.user_coordinator).can_publish_memo)
        self.assertTrue(meeting.with_user(self.user_manager).can_publish_memo)
        self.assertFalse(meeting.with_user(self.user_participant).can_publish_memo)
        action = meeting.with_user(self.user_coordinator).action_kp_publish_memo()
        publication = self.env["kp.publication"].browse(action["res_id"])
        self.assertEqual(publication.minutes_id, self.minutes)
        # pressed again: the same preview
        again = meeting.with_user(self.user_coordinator).action_kp_publish_memo()
        self.assertEqual(again["res_id"], publication.id)

    # --- the end of the period ----------------------------------------------

    def test_job_empties_expired_memo_and_keeps_tombstone(self):
        publication = self._published()
        kept = self._published(
            date_start=publication.date_start,
            date_end=publication.date_end + timedelta(days=10),
        )
        with freeze_time(publication.date_end + timedelta(seconds=1)):
            self.assertEqual(publication._kp_visibility(), "gone")
            self.assertEqual(kept._kp_visibility(), "visible")
            # the job's steps, as the cron runs them (without its commits)
            expired = self.env["kp.publication"]._kp_expired()
            steps = list(self.env["kp.publication"]._kp_expiry_steps())
        self.assertIn(publication, expired)
        self.assertNotIn(kept, expired)
        self.assertEqual(steps, [1] * len(expired))
        self.assertEqual(publication.state, "expired")
        self.assertFalse(publication.snapshot)
        self.assertEqual(
            publication.headings.split("\n"), ["Kyläkoulun tilat", "Asukkaan tukiasia"]
        )
        self.assertEqual(publication.table_id, self.table)
        self.assertEqual(publication.published_by_id, self.user_coordinator)
        self.assertTrue(publication.meeting_start)
        self.assertEqual(kept.state, "published")
        self.assertTrue(kept.snapshot)

    # --- anonymising ----------------------------------------------------------

    def test_anonymising_purges_the_memos_that_name_the_person(self):
        publication = self._publication()
        school = publication.item_ids[:1]
        school.text += "\nRiitta Asukas -niminen lehmä voitti näyttelyn."
        publication.hit_ids.action_not_a_person()
        publication.action_publish()
        self.assertIn("Riitta Asukas", str(publication.snapshot))
        self.resident.with_user(self.user_manager)._kp_anonymise()
        self.assertNotIn("Riitta Asukas", str(publication.snapshot))
        self.assertNotIn("Riitta Asukas", school.text)
        self.assertIn(self.resident.name, str(publication.snapshot))
        # the memo is kept, public until its end
        self.assertEqual(publication.state, "published")
        log = self.env["privacy.log"].search([], order="id desc", limit=1)
        self.assertIn("kp.publication", log.records_description)

    def test_feed_reads_the_same_number_of_queries_for_more_memos(self):
        Publication = self.env["kp.publication"].sudo()

        def queries(publications):
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            Publication._kp_atom_feed(self.company, publications.sudo())
            return self.env.cr.sql_log_count - before

        one = self._published()
        queries(one)  # the base address is read once
        more = one | self._published() | self._published() | self._published()
        self.assertEqual(queries(one), queries(more))

    def test_company_setting_sets_the_default_period(self):
        self.company.kp_publication_days = 14
        publication = self._publication()
        self.assertEqual(
            publication.date_end - publication.date_start, timedelta(days=14)
        )
        with self.assertRaises(ValidationError):
            self.company.kp_publication_days = 400
