"""The hand-offs' hot paths cost the same number of queries with 2 or 20
hand-offs (issue #23): their list as the web client reads it, the theme's
form with its hand-offs, the agreements' line back from decision-making,
and sending one."""

from odoo.tests import tagged

from .common import KpMinutesCommon

SIZES = (2, 20)


@tagged("post_install", "-at_install")
class TestHandoffSpeed(KpMinutesCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.kp_registry_email = "kirjaamo@pieksamaki.example.org"
        cls.theme = cls.env["kp.theme"].create(
            {"table_id": cls.table.id, "name": "Kylien valaistus"}
        )
        # one approved meeting with an agreement per matter, and one more
        # agreement to send in each round
        names = [f"Kylätie {index}" for index in range(max(SIZES) + len(SIZES))]
        cls.meeting = cls._held_meeting(items=names)
        cls.agreements = cls.env["kp.agreement"]
        for item in cls.meeting.agenda_item_ids.sorted("sequence"):
            item.theme_id = cls.theme
            cls.agreements |= cls._agree(
                cls.meeting, f"{item.name}: valaistus kaupunginhallitukselle.", item
            )
        cls.meeting.action_draft_minutes()
        cls.meeting.with_user(cls.user_coordinator).action_approve_minutes()

    def _grow(self, size):
        """Hand-offs of the first ``size`` agreements, every other decided."""
        Handoff = self.env["kp.decision.handoff"]
        have = Handoff.search_count([("table_id", "=", self.table.id)])
        Handoff.create(
            [
                {
                    "agreement_id": agreement.id,
                    "addressee": "Kaupunginhallitus",
                    "case_number": f"PKS {index}/2026",
                    "state": "approved" if index % 2 else "registered",
                    "decision_date": "2026-03-12" if index % 2 else False,
                    "decision_section": str(100 + index) if index % 2 else False,
                }
                for index, agreement in enumerate(self.agreements[have:size])
            ]
        )

    def _queries(self, run):
        """Queries of ``run`` with warm caches (rules, views, translations)."""
        run()
        self.env.invalidate_all()
        run()
        self.env.invalidate_all()
        before = self.env.cr.sql_log_count
        run()
        return self.env.cr.sql_log_count - before

    def _spec(self, model, view_type):
        views = model.get_views([(False, view_type)])
        return {
            name: {"fields": {"display_name": {}}}
            if model._fields[name].relational
            else {}
            for name in views["models"][model._name]["fields"]
        }

    def _assert_flat(self, measure, label):
        counts = []
        for size in SIZES:
            self._grow(size)
            self.env.invalidate_all()
            counts.append(measure(size))
        self.assertEqual(counts[0], counts[1], f"{label} at {SIZES}: {counts}")

    def test_list_of_a_tables_hand_offs_is_flat(self):
        Handoff = self.env["kp.decision.handoff"].with_user(self.user_coordinator)
        spec = self._spec(Handoff, "list")
        domain = [("table_id", "=", self.table.id)]

        def measure(size):
            result = Handoff.web_search_read(domain, spec)
            self.assertEqual(result["length"], size)
            return self._queries(lambda: Handoff.web_search_read(domain, spec))

        self._assert_flat(measure, "the list")

    def test_theme_form_with_its_hand_offs_is_flat(self):
        Theme = self.env["kp.theme"].with_user(self.user_coordinator)
        Handoff = self.env["kp.decision.handoff"]
        spec = {
            "name": {},
            "handoff_ids": {"fields": self._spec(Handoff, "list")},
        }
        theme = Theme.browse(self.theme.id)

        def measure(size):
            record = theme.web_read(spec)[0]
            self.assertEqual(len(record["handoff_ids"]), size)
            return self._queries(lambda: theme.web_read(spec))

        self._assert_flat(measure, "the theme's form")

    def test_agreements_line_back_is_flat(self):
        Agreement = self.env["kp.agreement"].with_user(self.user_coordinator)
        spec = {"name": {}, "handoff_count": {}, "decision_line": {}}
        domain = [("meeting_id", "=", self.meeting.id)]

        def measure(size):
            records = Agreement.web_search_read(domain, spec)["records"]
            lines = [r["decision_line"] for r in records if r["decision_line"]]
            self.assertEqual(len(lines), size)
            self.assertTrue(any("decided" in line for line in lines))
            return self._queries(lambda: Agreement.web_search_read(domain, spec))

        self._assert_flat(measure, "the agreements' lines")

    def test_sending_one_is_flat(self):
        Handoff = self.env["kp.decision.handoff"].with_user(self.user_coordinator)
        spare = self.agreements[max(SIZES) :]
        # the registry's contact is created by the first send, not measured
        Handoff.create(
            {"agreement_id": spare[0].id, "addressee": "Kaupunginhallitus"}
        ).action_send()

        def send():
            handoff = Handoff.create(
                {"agreement_id": spare[1].id, "addressee": "Kaupunginhallitus"}
            )
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            handoff.action_send()
            self.env.flush_all()
            self.assertEqual(handoff.state, "sent")
            return self.env.cr.sql_log_count - before

        def measure(size):
            send()  # warm: what a first send of the round caches
            return send()

        self._assert_flat(measure, "sending one")
