"""The installed demo data carries the real cases of the source document.

Runs under pytest-odoo in the test database that scripts/test installs with
demo data (DESIGN.md, "The real cases it must carry").
"""

from odoo.tests import TransactionCase, tagged

KP = "kumppanuuspoyta"

KEURUU_ORGANISATIONS = {
    "Keurusseudun sydänyhdistys ry",
    "Keski-Suomen Muistiyhdistys ry / Keuruun alaosasto",
    "Keuruun kirjastotoimi",
    "Keuruun Ystäväntupa",
    "Keuruun Vanhusneuvosto",
    "Keuruun seurakunta",
}

CENTRAL_FINLAND = ("keuruu", "toivakka", "joutsa", "pihtipudas", "viitasaari")

# regional table -> the villages' umbrella association of its area
PIEKSAMAKI_REGIONAL = {
    "pieksamaki_virtasalmi": "Virtasalmi-yhdistys ry",
    "pieksamaki_maalaiskunta": "Pieksämäen kylät ry",
    "pieksamaki_jappila": "Jäppilän kylät ry",
}


# Outside odoo.addons.*, Odoo's BaseCase sets no test_tags by itself; tagged() does.
@tagged("post_install", "-at_install")
class TestDemoData(TransactionCase):
    def ref(self, xmlid):
        return self.env.ref(f"{KP}.{xmlid}")

    def table(self, key):
        return self.ref(f"kp_demo_table_{key}")

    def active(self, table):
        return table.participant_ids.filtered(lambda p: p.state == "active")

    def with_role(self, table, role_xmlid, state="active"):
        role = self.ref(role_xmlid)
        return table.participant_ids.filtered(
            lambda p: p.state == state and role in p.role_ids
        )

    # --- projects -----------------------------------------------------

    def test_projects_and_funders(self):
        kimpassa = self.ref("kp_demo_project_kehitytaan_kimpassa")
        kylakumppani = self.ref("kp_demo_project_kylakumppani_plus")
        self.assertEqual(kimpassa.name, "Kehitytään kimpassa")
        self.assertEqual(kimpassa.funder, "RAY")
        self.assertEqual(kylakumppani.name, "Kyläkumppani plus")
        self.assertEqual(kylakumppani.funder, "Leader")
        for key in CENTRAL_FINLAND:
            with self.subTest(table=key):
                self.assertEqual(self.table(key).project_id, kimpassa)
                self.assertEqual(self.table(key).funder, "RAY")
        for key in PIEKSAMAKI_REGIONAL:
            with self.subTest(table=key):
                self.assertEqual(self.table(key).funder, "Leader")
        self.assertEqual(len(kimpassa.table_ids), 5)

    # --- Central Finland --------------------------------------------------

    def test_keuruu_six_organisations_and_theme(self):
        keuruu = self.table("keuruu")
        self.assertEqual(keuruu.kind, "thematic")
        self.assertEqual(keuruu.state, "active")
        self.assertTrue(keuruu.residents_participate)
        self.assertIn("ikäihmisten", keuruu.goal)
        organisations = set(self.active(keuruu).organisation_id.mapped("name"))
        self.assertLessEqual(KEURUU_ORGANISATIONS, organisations)
        self.assertEqual(keuruu.theme_ids.mapped("name"), ["Kahvia ja kohtaamisia"])
        # a project worker convenes and keeps the minutes, the city chairs
        convener = self.with_role(keuruu, "kp_role_convener")
        self.assertEqual(convener, self.with_role(keuruu, "kp_role_secretary"))
        self.assertEqual(convener.organisation_id.name, "Kehitytään kimpassa -hanke")
        chair = self.with_role(keuruu, "kp_role_chair")
        self.assertEqual(chair.organisation_id.name, "Keuruun kaupunki")
        self.assertEqual(
            chair.sector_id, self.ref("kp_sector_municipality"), "the city chairs"
        )
        # the wellbeing services county has been invited, not yet seated
        self.assertIn(self.ref("kp_sector_wellbeing_county"), keuruu.invited_sector_ids)

    def test_toivakka_and_joutsa_themes(self):
        self.assertEqual(
            self.table("toivakka").theme_ids.mapped("name"),
            ["Soppaa ja seurustelua", "Kuntatiedote joka talouteen"],
        )
        self.assertEqual(
            self.table("joutsa").theme_ids.mapped("name"), ["Hyvinvointitupa"]
        )

    def test_themes_start_before_their_meetings_and_results(self):
        """Days to results are counted from a start before the results
        (issue #20: the bulletin showed -7), and no theme was taken up at a
        meeting before it started."""
        themes = self.env["kp.theme"].search([])
        for theme in themes:
            with self.subTest(theme=theme.name):
                table = theme.table_id
                meetings = theme.agenda_item_ids.meeting_id
                for meeting in meetings.filtered(lambda m: m.state != "cancelled"):
                    self.assertLessEqual(
                        theme.date_start, table._to_local(meeting.start).date()
                    )
                if theme.results_date:
                    self.assertLess(theme.date_start, theme.results_date)
                    self.assertGreater(theme.days_to_results, 0)
        bulletin = self.ref("kp_demo_theme_kuntatiedote")
        self.assertEqual(bulletin.days_to_results, 35)

    def test_central_finland_lifecycle(self):
        self.assertEqual(self.table("pihtipudas").state, "active")
        viitasaari = self.table("viitasaari")
        self.assertEqual(viitasaari.state, "forming")
        self.assertTrue(
            viitasaari.participant_ids.filtered(lambda p: p.state == "invited")
        )

    # --- Pieksämäki ---------------------------------------------------

    def test_pieksamaki_regional_tables(self):
        required = (
            self.ref("kp_role_umbrella_association")
            | self.ref("kp_role_city_official")
            | self.ref("kp_role_village_ombudsman")
        )
        ombudsmen = self.env["res.partner"]
        for key, umbrella in PIEKSAMAKI_REGIONAL.items():
            table = self.table(key)
            with self.subTest(table=key):
                self.assertEqual(table.kind, "regional")
                self.assertTrue(table.residents_participate)
                self.assertEqual(table.required_role_ids, required)
                rep = self.with_role(table, "kp_role_umbrella_association")
                self.assertEqual(rep.organisation_id.name, umbrella)
                self.assertEqual(rep.sector_id, self.ref("kp_sector_resident"))
                ombudsman = self.with_role(table, "kp_role_village_ombudsman")
                self.assertEqual(len(ombudsman), 1)
                ombudsmen |= ombudsman.partner_id
                # the ombudsman compiles the agenda: she coordinates the table
                self.assertIn(self.ref("kp_role_convener"), ombudsman.role_ids)
        self.assertEqual(ombudsmen, self.ref("kp_demo_person_vuokko_jaakkola"))
        self.assertEqual(ombudsmen.function, "Kyläasiamies")

    def test_pieksamaki_complete_regional_tables(self):
        for key in ("pieksamaki_virtasalmi", "pieksamaki_maalaiskunta"):
            table = self.table(key)
            with self.subTest(table=key):
                self.assertFalse(table.missing_role_ids)
                official = self.with_role(table, "kp_role_city_official")
                self.assertEqual(official.organisation_id.name, "Pieksämäen kaupunki")

    def test_jappila_misses_its_city_official(self):
        jappila = self.table("pieksamaki_jappila")
        self.assertEqual(jappila.missing_role_ids, self.ref("kp_role_city_official"))
        former = self.with_role(jappila, "kp_role_city_official", state="left")
        self.assertEqual(len(former), 1)
        self.assertTrue(former.left_date)
        self.assertLess(former.joined_date, former.left_date)
        successor = self.with_role(jappila, "kp_role_city_official", state="invited")
        self.assertEqual(successor.organisation_id.name, "Pieksämäen kaupunki")
        self.assertFalse(successor.joined_date)

    def test_pieksamaki_networking_tables(self):
        conveners = {
            "pieksamaki_accessibility": (
                "Vanhuspalvelujen johtaja",
                "Pieksämäen kaupunki",
            ),
            "pieksamaki_volunteering": ("Rehtori", "Pieksämäen kansalaisopisto"),
        }
        for key, (function, organisation) in conveners.items():
            table = self.table(key)
            with self.subTest(table=key):
                self.assertFalse(table.residents_participate)
                self.assertEqual(table.project_id.funder, "Leader")
                convener = self.with_role(table, "kp_role_convener")
                self.assertEqual(len(convener), 1)
                self.assertEqual(convener.partner_id.function, function)
                self.assertEqual(convener.organisation_id.name, organisation)
                self.assertNotIn(
                    self.ref("kp_sector_resident"), table.represented_sector_ids
                )
        self.assertEqual(
            self.table("pieksamaki_volunteering").theme_ids.mapped("name"),
            ["Vapaaehtoisten perehdytys ja koulutus"],
        )
        self.assertIn(
            "Palvelujen saavutettavuu", self.table("pieksamaki_accessibility").name
        )

    # --- South Savo -------------------------------------------------------

    def test_south_savo_wellbeing_table(self):
        table = self.table("etela_savo_wellbeing")
        self.assertIn("Etelä-Savon", table.name)
        sectors = [
            "wellbeing_county",
            "business",
            "association",
            "education",
        ]
        for sector in sectors:
            self.assertIn(self.ref(f"kp_sector_{sector}"), table.represented_sector_ids)
        for sector in ("employment", "business_services"):
            self.assertIn(self.ref(f"kp_sector_{sector}"), table.invited_sector_ids)
        invited = table.participant_ids.filtered(lambda p: p.state == "invited")
        self.assertIn("Etelä-Savon TE-palvelut", invited.organisation_id.mapped("name"))

    # --- across tables ----------------------------------------------------

    def test_sector_maps_differ(self):
        keys = [
            "keuruu",
            "toivakka",
            "joutsa",
            "pieksamaki_virtasalmi",
            "pieksamaki_accessibility",
            "pieksamaki_volunteering",
            "etela_savo_wellbeing",
        ]
        maps = {
            key: (
                frozenset(self.table(key).represented_sector_ids.ids),
                frozenset(self.table(key).invited_sector_ids.ids),
            )
            for key in keys
        }
        self.assertEqual(len(set(maps.values())), len(keys), maps)
        for key in keys:
            table = self.table(key)
            with self.subTest(table=key):
                self.assertTrue(table.missing_sector_ids)
                self.assertIn("o_kp_seat_represented", table.sector_map)
        self.assertGreater(
            self.table("etela_savo_wellbeing").sector_coverage,
            self.table("pieksamaki_maalaiskunta").sector_coverage,
        )

    def test_participants_are_people_of_organisations_with_sectors(self):
        demo_tables = self.env["kp.table"].browse(
            self.env["ir.model.data"]
            .search([("module", "=", KP), ("model", "=", "kp.table")])
            .mapped("res_id")
        )
        self.assertEqual(len(demo_tables), 11)
        for participant in demo_tables.participant_ids:
            with self.subTest(participant=participant.display_name):
                self.assertFalse(participant.partner_id.is_company)
                self.assertTrue(participant.organisation_id)
                self.assertTrue(participant.sector_id)
                if participant.state == "invited":
                    self.assertFalse(participant.joined_date)
                else:
                    self.assertTrue(participant.joined_date)
                if participant.partner_id != self.env.ref("base.partner_admin"):
                    self.assertTrue(participant.email.endswith("@example.com"))

    def test_a_swedish_speaking_participant(self):
        """A bilingual municipality's resident: Linnea Sjöberg at the
        Virtasalmi table speaks Swedish, and the addon answers her in it."""
        seat = self.ref("kp_demo_participant_pieksamaki_virtasalmi_linnea_sjoberg")
        self.assertEqual(seat.table_id, self.table("pieksamaki_virtasalmi"))
        self.assertEqual(seat.state, "active")
        self.assertEqual(seat.partner_id.lang, "sv_SE")
        self.assertEqual(seat.organisation_id.name, "Virtasalmi-yhdistys ry")
        self.assertTrue(self.env["res.lang"]._lang_get("sv_SE"))
        # invited to the table's coming meeting, as its other participants
        meeting = self.ref("kp_demo_meeting_virtasalmi_next")
        self.assertIn(seat.partner_id, meeting.event_id.attendee_ids.partner_id)
        # the addon's Swedish is loaded: her agenda e-mail's subject and body
        template = self.ref("kp_mail_template_agenda").with_context(lang="sv_SE")
        self.assertTrue(template.subject.startswith("Föredragningslista: "))
        self.assertIn("Föredragningslista", template.body_html)
        self.assertEqual(
            self.env["ir.model"]._get("kp.table").with_context(lang="sv_SE").name,
            "Partnerskapsbord",
        )

    def test_admin_is_a_person_of_the_municipality(self):
        """The administrator who signs in to the demo sits at Keuruu's table
        as a person of the town, not as Odoo's "YourCompany, Mitchell
        Admin"; the other tables have their own secretaries."""
        admin = self.env.ref("base.user_admin")
        partner = admin.partner_id
        self.assertEqual(partner.display_name, "Kaisa Nurmi")
        self.assertFalse(partner.company_name)
        self.assertEqual(partner.country_id, self.env.ref("base.fi"))
        self.assertTrue(partner.phone.startswith("+358"))
        seats = self.env["kp.participant"].search(
            [("user_id", "=", admin.id), ("state", "=", "active")]
        )
        self.assertEqual(seats.table_id, self.table("keuruu"))
        self.assertEqual(seats.organisation_id.name, "Keuruun kaupunki")
        for key in ("pieksamaki_accessibility", "etela_savo_wellbeing"):
            with self.subTest(table=key):
                secretary = self.with_role(self.table(key), "kp_role_secretary")
                self.assertEqual(len(secretary), 1)
                self.assertTrue(secretary.email.endswith("@example.com"))

    # --- the municipality ---------------------------------------------

    def test_demo_municipality_has_a_name_and_a_logo(self):
        company = self.env.ref("base.main_company")
        self.assertEqual(company.name, "Keuruun kaupunki")
        self.assertTrue(company.logo)
        self.assertNotEqual(
            company.logo,
            self.env["res.company"]._get_logo(),
            "not Odoo's placeholder logo",
        )
        # the letterhead of the minutes shows the municipality, not YourCompany
        meeting = self.env["kp.meeting"].search(
            [("table_id", "=", self.table("keuruu").id)], limit=1
        )
        html, _type = self.env["ir.actions.report"]._render_qweb_html(
            f"{KP}.kp_report_minutes", meeting.ids
        )
        self.assertIn("Keuruun kaupunki", html.decode())
        self.assertNotIn("YourCompany", html.decode())

    def test_demo_municipality_prints_and_signs_its_e_mails(self):
        """The first PDF prints (the document layout is chosen, so Odoo's
        layout wizard with its sample invoice does not open) and the
        e-mails' footers give the town's address, not Odoo's demo company's
        "+1 555-555-5556 | info@yourcompany.com"."""
        company = self.env.ref("base.main_company")
        self.assertTrue(company.external_report_layout_id)
        self.assertEqual(
            (company.street, company.zip, company.city),
            ("Multialantie 5", "42700", "Keuruu"),
        )
        self.assertTrue(company.phone.startswith("+358"))
        self.assertTrue(company.email.endswith("keuruu.example.com"))
        self.assertTrue(company.website)
        meeting = self.env["kp.meeting"].search(
            [("table_id", "=", self.table("keuruu").id)], limit=1
        )
        admin = self.env.ref("base.user_admin")
        action = (
            self.env.ref(f"{KP}.kp_report_minutes")
            .with_user(admin)
            .report_action(meeting)
        )
        self.assertEqual(action["type"], "ir.actions.report", "not the layout wizard")
        # the invitations the demo's coming meetings queued
        events = self.env["kp.meeting"].search([]).event_id
        mails = self.env["mail.mail"].search(
            [("model", "=", "calendar.event"), ("res_id", "in", events.ids)]
        )
        self.assertTrue(mails)
        for mail in mails:
            with self.subTest(mail=mail.subject):
                for text in ("yourcompany", "555-555", "Mitchell", "YourCompany"):
                    self.assertNotIn(text, mail.body_html)
                self.assertIn("Keuruun kaupunki", mail.body_html)
                self.assertIn("+358 14 000 1200", mail.body_html)
