from odoo.exceptions import ValidationError
from odoo.tests import Form, tagged

from .common import KpCommon


@tagged("post_install", "-at_install")
class TestParticipant(KpCommon):
    def test_organisation_and_sector_follow_the_person(self):
        table = self._table()
        seat = self._seat(table, self.person_volunteer, roles=[self.role_member])
        self.assertEqual(seat.organisation_id, self.org_assoc)
        self.assertEqual(seat.sector_id, self.sector_association)
        self.assertEqual(seat.state, "active")
        # a resident without an organisation gets the sector by hand
        resident = self._seat(
            table,
            self.person_resident,
            sector_id=self.env.ref("kumppanuuspoyta.kp_sector_resident").id,
        )
        self.assertFalse(resident.organisation_id)
        self.assertEqual(resident.sector_id.name, "Resident / village")

    def test_form_defaults_organisation(self):
        table = self._table()
        with Form(
            self.env["kp.participant"].with_context(default_table_id=table.id)
        ) as form:
            form.partner_id = self.person_official
            self.assertEqual(form.organisation_id, self.org_city)
            self.assertEqual(form.sector_id, self.sector_municipality)

    def test_leaving_keeps_history(self):
        table = self._table()
        seat = self._seat(table, self.person_official, roles=[self.role_chair])
        seat.action_leave()
        self.assertEqual(seat.state, "left")
        self.assertTrue(seat.left_date)
        self.assertIn(seat, table.participant_ids)
        self.assertEqual(table.participant_count, 0)
        # the same person may sit at the table again later
        again = self._seat(table, self.person_official)
        self.assertEqual(table.participant_count, 1)
        self.assertEqual(len(table.participant_ids), 2)
        self.assertNotEqual(again, seat)

    def test_bad_input_is_refused(self):
        table = self._table()
        seat = self._seat(table, self.person_official)
        with self.assertRaisesRegex(ValidationError, "already sits at the table"):
            self._seat(table, self.person_official)
        with self.assertRaisesRegex(
            ValidationError, "cannot leave the table before joining"
        ):
            seat.write({"joined_date": "2026-05-01", "left_date": "2026-04-01"})
        with self.assertRaisesRegex(ValidationError, "is an organisation"):
            self._seat(table, self.org_assoc)
        with self.assertRaisesRegex(ValidationError, "needs a left date"):
            seat.write({"state": "left", "left_date": False})

    def test_errors_are_in_finnish(self):
        table = self._table()
        self._seat(table, self.person_official)
        fi_env = self.env(context=dict(self.env.context, lang="fi_FI"))
        with self.assertRaises(ValidationError) as err:
            fi_env["kp.participant"].create(
                {"table_id": table.id, "partner_id": self.person_official.id}
            )
        self.assertIn("istuu jo", str(err.exception))

    def test_invited_then_joined(self):
        table = self._table()
        seat = self._seat(table, self.person_volunteer, state="invited")
        self.assertFalse(seat.joined_date)
        self.assertEqual(table.participant_count, 0)
        seat.action_join()
        self.assertEqual(seat.state, "active")
        self.assertTrue(seat.joined_date)
        self.assertEqual(table.participant_count, 1)
        self.assertEqual(table.organisation_count, 1)


@tagged("post_install", "-at_install")
class TestParticipantAddresses(KpCommon):
    """The table's e-mails go to exactly the address typed, or nowhere."""

    def test_addresses_checked_when_seated_and_changed(self):
        table = self._table("Osoitepöytä")
        Partner = self.env["res.partner"]
        for bad in (
            "space in@example.com",
            "in@example.com\nBcc: extra@example.com",
            "one@example.com, two@example.com",
            "not an address",
        ):
            person = Partner.create({"name": "Huono Osoite", "email": bad})
            with (
                self.subTest(email=bad),
                self.assertRaisesRegex(ValidationError, "is not valid"),
            ):
                self._seat(table, person)
        self.env["res.lang"]._activate_lang("fi_FI")
        person = Partner.create({"name": "Huono Osoite", "email": "a b@example.com"})
        with self.assertRaisesRegex(ValidationError, "ei ole kelvollinen"):
            self.env["kp.participant"].with_context(lang="fi_FI").create(
                {"table_id": table.id, "partner_id": person.id}
            )
        # a plain address, a named one and none at all are fine
        for good in ("hyva@example.com", "Hyvä Osoite <hyva2@example.com>", False):
            person = Partner.create({"name": "Hyvä Osoite", "email": good})
            self._seat(table, person)
        # an address changed later is checked too
        seated = table.participant_ids.partner_id.filtered("email")[:1]
        with self.assertRaisesRegex(ValidationError, "is not valid"):
            seated.email = "x@example.com\nBcc: y@example.com"
        # contacts without a seat are Odoo's business
        Partner.create({"name": "Ei pöydässä", "email": "space in@example.com"})
