"""The portal's list pages are bounded: Odoo's pager, 80 a page, and its
sort menu, at the same size and cost whatever the number of records
(issue: a table of a thousand)."""

import re

from odoo.tests import tagged

from .portal_common import PortalPages


@tagged("post_install", "-at_install")
class TestPortalPager(PortalPages):
    def _grow_commitments(self, upto):
        Commitment = self.env["kp.commitment"].with_context(tracking_disable=True)
        have = Commitment.search_count([("name", "like", "Sitoumus ")])
        Commitment.create(
            [
                {
                    "table_id": self.table_a.id,
                    "name": f"Sitoumus {index:04d}",
                    "organisation_id": self.org_assoc.id,
                }
                for index in range(have, upto)
            ]
        )

    def _items(self, html):
        return re.findall(r'href="/my/kp/commitments/(\d+)"', html)

    def test_commitments_page_is_bounded(self):
        self._assert_bounded(
            "/my/kp/commitments",
            self._grow_commitments,
            lambda html: len(set(self._items(html))),
        )

    def test_commitments_sorted_and_paged(self):
        self._grow_commitments(100)
        html, _queries = self._get("/my/kp/commitments?sortby=name")
        self.assertTrue("Sort By" in html)
        names = re.findall(r">(Sitoumus \d{4})<", html)
        self.assertEqual(names[:2], ["Sitoumus 0000", "Sitoumus 0001"])
        # the page after: the rest of the 100 and the fixtures' own
        html, _queries = self._get("/my/kp/commitments/page/2?sortby=name")
        names = re.findall(r">(Sitoumus \d{4})<", html)
        # page 1: the fixtures' "Kerää yhdistysten uutiset", then 0000-0078
        self.assertEqual(names[0], "Sitoumus 0079")
        self.assertEqual(names[-1], "Sitoumus 0099")
        # another table's commitments stay out, on every page
        self.assertNotIn("Beta-pöydän salainen lupaus", html)
        html, _queries = self._get("/my/kp/commitments?sortby=newest")
        self.assertLess(html.index("Sitoumus 0099"), html.index("Sitoumus 0098"))

    def test_tables_paged(self):
        for index in range(90):
            table = self._table(f"Sivupöytä {index:03d}")
            self._seat(table, self.portal_partner)
        html, _queries = self._get("/my/kp/tables")
        self.assertEqual(len(re.findall(r'href="/my/kp/tables/\d+"', html)), 80)
        self.assertIn("/my/kp/tables/page/2", html)
        html, _queries = self._get("/my/kp/tables/page/2")
        # 90 here, table A and the other fixtures' tables the user sits at
        self.assertIn("Sivupöytä 089", html)
        self.assertNotIn("Pöytä Beta", html)


@tagged("post_install", "-at_install")
class TestPortalProposals(PortalPages):
    """The participant's proposals at every table on one bounded page, each
    with what became of it."""

    def _propose(self, table, seat, name, **vals):
        return (
            self.env["kp.agenda.item"]
            .with_context(tracking_disable=True)
            .create(
                {"table_id": table.id, "proposer_id": seat.id, "name": name, **vals}
            )
        )

    def _grow(self, upto):
        Item = self.env["kp.agenda.item"].with_context(tracking_disable=True)
        have = Item.search_count([("name", "like", "Ehdotus ")])
        Item.create(
            [
                {
                    "table_id": self.table_a.id,
                    "proposer_id": self.portal_seat.id,
                    "name": f"Ehdotus {index:04d}",
                }
                for index in range(have, upto)
            ]
        )

    def test_own_proposals_with_what_became_of_them(self):
        meeting = self._meeting_in(self.table_a, 7, name="Syystapaaminen")
        waiting = self._propose(self.table_a, self.portal_seat, "Kylätalon remontti")
        on_agenda = self._propose(
            self.table_a, self.portal_seat, "Nuorten kesätyöt", meeting_id=meeting.id
        )
        declined = self._propose(self.table_a, self.portal_seat, "Uimahallin aukiolo")
        declined.action_decline("Asia kuuluu liikuntalautakunnalle.")
        other_seat = self.table_a.participant_ids.filtered(
            lambda p: p.partner_id == self.person_official
        )
        self._propose(self.table_a, other_seat, "Virkamiehen oma ehdotus")
        html, _queries = self._get("/my/kp/proposals")
        for item in (waiting, on_agenda, declined):
            self.assertIn(item.name, html)
        self.assertIn("Asia kuuluu liikuntalautakunnalle.", html)
        # the meeting named with its date in the reader's language
        meeting_name = on_agenda.meeting_id.with_context(lang="en_US").display_name
        self.assertIn(f"On the agenda of {meeting_name}", html)
        # someone else's proposal at the same table stays out
        self.assertNotIn("Virkamiehen oma ehdotus", html)
        # the table page keeps the waiting one and links to the list
        table_page = self.url_open(f"/my/kp/tables/{self.table_a.id}").text
        mine = table_page.split("o_kp_portal_proposals")[1]
        self.assertIn("Kylätalon remontti", mine)
        self.assertNotIn("Uimahallin aukiolo", mine)
        self.assertIn('href="/my/kp/proposals"', table_page)
        # the portal home shows the tile with its number
        home = self.url_open("/my").text
        self.assertIn('href="/my/kp/proposals"', home)
        # in Finnish, with the meeting's date as Finnish writes it
        self._login_portal("fi_FI")
        html, _queries = self._get("/my/kp/proposals")
        meeting_fi = on_agenda.meeting_id.with_context(lang="fi_FI").display_name
        self.assertIn(f"Käsitellään tapaamisessa {meeting_fi}", html)
        self.assertIn("Perustelu:", html)
        self.assertIn("Jätetty pois asialistalta", html)

    def test_proposals_page_is_bounded(self):
        self._assert_bounded(
            "/my/kp/proposals",
            self._grow,
            lambda html: len(re.findall(r">Ehdotus \d{4}<", html)),
        )

    def test_proposals_sorted_and_paged(self):
        self._grow(100)
        self._propose(self.table_b, self.table_b.participant_ids[:1], "Beta-ehdotus")
        html, _queries = self._get("/my/kp/proposals?sortby=name")
        self.assertIn("Sort By", html)
        names = re.findall(r">(Ehdotus \d{4})<", html)
        self.assertEqual(names[:2], ["Ehdotus 0000", "Ehdotus 0001"])
        html, _queries = self._get("/my/kp/proposals/page/2?sortby=name")
        names = re.findall(r">(Ehdotus \d{4})<", html)
        self.assertEqual((names[0], names[-1]), ("Ehdotus 0080", "Ehdotus 0099"))
        self.assertNotIn("Beta-ehdotus", html)
        html, _queries = self._get("/my/kp/proposals?sortby=newest")
        self.assertLess(html.index("Ehdotus 0099"), html.index("Ehdotus 0098"))
