"""What new users hit in their first hour (issue 10, finding 11): an
organisation created inline while seating a participant got no sector and
silently dropped off the sector map."""

from lxml import etree

from odoo.tests import Form, tagged

from .common import KpCommon

ORGANISATION_VIEW = "kumppanuuspoyta.res_partner_view_form_kp_organisation"


@tagged("post_install", "-at_install")
class TestOrganisationSector(KpCommon):
    def _organisation_fields(self, view_xmlid):
        arch = etree.fromstring(self.env.ref(view_xmlid).arch)
        return arch.xpath("//field[@name='organisation_id']")

    def test_creating_an_organisation_while_seating_asks_its_sector(self):
        for view in (
            "kumppanuuspoyta.kp_participant_view_form",
            "kumppanuuspoyta.kp_table_view_form",
        ):
            fields = self._organisation_fields(view)
            self.assertTrue(fields, view)
            for field in fields:
                with self.subTest(view=view):
                    # no quick create with only a name: the form below opens
                    self.assertIn("'no_quick_create': True", field.get("options"))
                    self.assertIn("'default_is_company': True", field.get("context"))
                    self.assertIn(ORGANISATION_VIEW, field.get("context"))
        Partner = self.env["res.partner"].with_context(default_is_company=True)
        form = Form(Partner, view=ORGANISATION_VIEW)
        form.name = "Keuruun Ystäväntupa"
        with self.assertRaisesRegex(AssertionError, "kp_sector_id"):
            form.save()
        form.kp_sector_id = self.sector_association
        organisation = form.save()
        self.assertTrue(organisation.is_company)
        self.assertEqual(organisation.kp_sector_id, self.sector_association)
        # seated through it, the participant takes the sector
        table = self._table("Ystäväntuvan pöytä")
        person = self.env["res.partner"].create(
            {"name": "Tuula Tupalainen", "parent_id": organisation.id}
        )
        seat = self._seat(table, person)
        self.assertEqual(seat.sector_id, self.sector_association)
        self.assertEqual(table._sector_status(self.sector_association), "represented")

    def test_the_map_names_organisations_without_a_sector(self):
        table = self._table("Kartan pöytä")
        self._seat(table, self.person_official)
        unsectored = self.env["res.partner"].create(
            {"name": "Sektoriton Oy", "is_company": True}
        )
        person = self.env["res.partner"].create(
            {"name": "Sanna Sektoriton", "parent_id": unsectored.id}
        )
        html = str(table.sector_map)
        self.assertNotIn("o_kp_unsectored", html)
        self._seat(table, person)
        html = str(table.sector_map)
        self.assertIn("Organisations without a sector", html)
        self.assertIn("Sektoriton Oy", html)
        self.assertNotIn("Testikaupunki", html.split("o_kp_unsectored")[1])
        unsectored.kp_sector_id = self.sector_parish
        self.assertNotIn("o_kp_unsectored", str(table.sector_map))
        self.assertEqual(table._sector_status(self.sector_parish), "represented")
