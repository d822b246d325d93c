"""Each idea stated once: who sits at a table, whose commitments are
"mine", time zones and the e-mail templates managers edit."""

import re
from datetime import datetime

from odoo.tests import Form, tagged
from odoo.tools.safe_eval import safe_eval

from .common import KpCommon, KpMinutesCommon


@tagged("post_install", "-at_install")
class TestMembership(KpCommon):
    def test_member_relations_follow_the_participants(self):
        table = self._table("Jäsenpöytä")
        founder = self.env.user  # the superuser founds it without a seat
        self.assertFalse(table.member_user_ids)
        seat = self._seat(table, self.user_participant.partner_id, state="invited")
        # invited people are members: they read what they are invited to
        self.assertEqual(table.member_user_ids, self.user_participant)
        self.assertEqual(table.member_partner_ids, self.user_participant.partner_id)
        self.assertFalse(table.coordinator_user_ids)
        Table = self.env["kp.table"].with_user(self.user_participant)
        self.assertEqual(Table.search([("id", "=", table.id)]), table)
        seat.role_ids = self.role_convener
        self.assertEqual(table.coordinator_user_ids, self.user_participant)
        seat.action_join()
        self.assertEqual(table.member_user_ids, self.user_participant)
        seat.action_leave()
        self.assertFalse(table.member_user_ids | table.coordinator_user_ids)
        # the record rules see it at once, in the same transaction
        self.assertFalse(Table.search([("id", "=", table.id)]))
        other = self._seat(table, self.user_coordinator.partner_id)
        other.action_archive()
        self.assertFalse(table.member_user_ids)
        self.assertNotIn(founder, table.member_user_ids)

    def test_every_table_rule_points_at_the_membership(self):
        """A rule of a table's content is one condition on the member
        relations, never the participants spelled out again."""
        rules = self.env["ir.rule"].search(
            [
                ("model_id.model", "like", "kp.%"),
                (
                    "groups",
                    "in",
                    [
                        self.env.ref("kumppanuuspoyta.group_kp_user").id,
                        self.env.ref("kumppanuuspoyta.group_kp_coordinator").id,
                        self.env.ref("base.group_portal").id,
                    ],
                ),
            ]
        )
        self.assertGreater(len(rules), 25)
        pointed = 0
        for rule in rules:
            domain = rule.domain_force
            self.assertNotIn("participant_ids", domain, rule.name)
            if "member_user_ids" in domain or "coordinator_user_ids" in domain:
                pointed += 1
                for condition in re.findall(
                    r"\('[\w.]*(?:member|coordinator)_user_ids'[^)]*\)", domain
                ):
                    self.assertRegex(
                        condition,
                        r"^\('(table_id\.)?(member|coordinator)_user_ids', "
                        r"'in', user\.id\)$",
                    )
        # all but the coordinators' right to found tables
        self.assertEqual(pointed, len(rules) - 1)

    def test_mine_or_my_organisations_is_one_definition(self):
        table = self._table("Omat")
        self._seat(table, self.person_volunteer)
        portal = self.env["res.users"].create(
            {
                "name": "Vilja Vapaaehtoinen",
                "login": "kp_own_portal",
                "partner_id": self.env["res.partner"]
                .create({"name": "Vilja", "parent_id": self.org_assoc.id})
                .id,
                "group_ids": [(6, 0, [self.env.ref("base.group_portal").id])],
            }
        )
        self._seat(table, portal.partner_id)
        Commitment = self.env["kp.commitment"]
        ours = Commitment.create(
            {
                "table_id": table.id,
                "name": "Yhdistyksen",
                "organisation_id": self.org_assoc.id,
            }
        )
        theirs = Commitment.create(
            {
                "table_id": table.id,
                "name": "Kaupungin",
                "organisation_id": self.org_city.id,
            }
        )
        mine = Commitment.create(
            {
                "table_id": table.id,
                "name": "Viljan",
                "organisation_id": self.org_city.id,
                "responsible_partner_id": portal.partner_id.id,
            }
        )
        as_portal = Commitment.with_user(portal)
        own = ours | mine
        # the filter, the record rule and the field say the same
        self.assertEqual(as_portal.search([("is_own", "=", True)]), own)
        self.assertEqual(as_portal.search([("table_id", "=", table.id)]), own)
        # sudo keeps the user: whose commitments they are, not what they read
        self.assertEqual(
            (ours | theirs | mine).with_user(portal).sudo().filtered("is_own"), own
        )
        self.assertFalse(theirs.with_user(portal).has_access("read"))


@tagged("post_install", "-at_install")
class TestTimeZones(KpMinutesCommon):
    def test_a_municipality_elsewhere_keeps_its_own_time(self):
        """A municipality in New York: its tables, meetings, minutes and
        agenda e-mails keep New York time without a Helsinki in sight."""
        company = self.env["res.company"].create({"name": "Town of Elsewhere"})
        company.partner_id.tz = "America/New_York"
        self.env.user.company_ids |= company
        Table = self.env["kp.table"].with_company(company)
        table = Table.create({"name": "Elsewhere table", "cadence": "weekly"})
        self.assertEqual(table.tz, "America/New_York")
        # this machine's default (Helsinki) where the municipality has none
        self.assertEqual(self._table("Kotipöytä").tz, "Europe/Helsinki")
        start = table._to_utc(datetime(2031, 1, 7, 9, 0))
        self.assertEqual(start, datetime(2031, 1, 7, 14, 0))
        self.assertEqual(table._to_local(start), datetime(2031, 1, 7, 9, 0))
        person = self.env["res.partner"].create(
            {
                "name": "Ellen",
                "email": "ellen@example.com",
                "company_id": company.id,
                # no time zone of her own: the table's is used
                "tz": False,
            }
        )
        table.participant_ids = [(0, 0, {"partner_id": person.id})]
        meeting = self.env["kp.meeting"].create(
            {"table_id": table.id, "start": start, "name": "January"}
        )
        self.assertEqual(meeting.tz, "America/New_York")
        # the next meeting is proposed at the same local hour a week later
        action = table.action_plan_next_meeting()
        proposed = datetime.fromisoformat(action["context"]["default_start"])
        self.assertEqual(table._to_local(proposed).time(), datetime(1, 1, 1, 9).time())
        # the minutes print local time
        html = self.env["ir.qweb"]._render(
            "kumppanuuspoyta.kp_minutes_body", {"meeting": meeting}
        )
        # 09:00 or, in Finnish, klo 9.00
        self.assertRegex(html, r"\b0?9[:.]00\b")
        self.assertNotRegex(html, r"\b16[:.]00\b")  # Helsinki's hour
        # the agenda e-mail of an attendee without a time zone of their own
        self.env["kp.agenda.item"].create({"meeting_id": meeting.id, "name": "Roads"})
        meeting.action_send_agenda()
        mail = self.env["mail.mail"].search(
            [("recipient_ids", "in", person.ids), ("body_html", "ilike", "Roads")]
        )
        self.assertEqual(len(mail), 1)
        # in the reader's format of a meeting time: 09:00, in Finnish klo 9.00
        self.assertRegex(mail.body_html, r"\b0?9[:.]00\b")
        self.assertIn("America/New_York", mail.body_html)


@tagged("post_install", "-at_install")
class TestTemplatesMenu(KpCommon):
    def test_managers_menu_lists_every_template_of_the_addon(self):
        templates = self.env["mail.template"].search(
            [
                (
                    "id",
                    "in",
                    self.env["ir.model.data"]
                    .search(
                        [
                            ("module", "=", "kumppanuuspoyta"),
                            ("model", "=", "mail.template"),
                        ]
                    )
                    .mapped("res_id"),
                )
            ]
        )
        # the attendees' templates too (agenda, cancellation)
        self.assertIn("calendar.attendee", templates.model_id.mapped("model"))
        action = self.env.ref("kumppanuuspoyta.kp_mail_template_action")
        listed = (
            self.env["mail.template"]
            .with_user(self.user_manager)
            .with_context(active_test=False)
            .search(safe_eval(action.domain))
        )
        self.assertEqual(listed, templates)

    def test_derived_values_follow_in_the_form(self):
        """The commitment's organisation follows its responsible person in
        the form as on create, without an onchange of its own."""
        table = self._table("Johdettu", state="active")
        form = Form(self.env["kp.commitment"].with_context(default_table_id=table.id))
        form.name = "Kirjoita tiedote"
        form.responsible_partner_id = self.person_volunteer
        self.assertEqual(form.organisation_id, self.org_assoc)
        commitment = form.save()
        self.assertEqual(commitment.organisation_id, self.org_assoc)


@tagged("post_install", "-at_install")
class TestTranslatedTemplates(KpCommon):
    def test_translations_keep_the_templates_code(self):
        """A whole-body translation repeats the template's code: Finnish and
        Swedish mails must not keep an old agenda block or time zone."""
        self._load_finnish()
        self._load_swedish()
        code = re.compile(r'\st-[\w-]+="[^"]*"')
        templates = self.env["mail.template"].search(
            [
                (
                    "id",
                    "in",
                    safe_eval(
                        self.env.ref("kumppanuuspoyta.kp_mail_template_action").domain
                    )[0][2],
                )
            ]
        )
        self.assertGreaterEqual(len(templates), 7)
        for lang in ("fi_FI", "sv_SE"):
            translated = 0
            for template in templates:
                english = template.with_context(lang="en_US").body_html
                other = template.with_context(lang=lang).body_html
                translated += english != other
                self.assertEqual(
                    sorted(code.findall(other)),
                    sorted(code.findall(english)),
                    f"{template.name} ({lang})",
                )
            self.assertEqual(translated, len(templates), lang)

    def test_translations_keep_the_reports_file_names(self):
        """A report's file name is code: its Finnish and Swedish are the same
        expression."""
        self._load_finnish()
        self._load_swedish()
        reports = self.env["ir.actions.report"].search(
            [("report_name", "like", "kumppanuuspoyta.%")]
        )
        self.assertGreaterEqual(len(reports), 2)
        for lang in ("fi_FI", "sv_SE"):
            for report in reports:
                self.assertEqual(
                    report.with_context(lang=lang).print_report_name,
                    report.with_context(lang="en_US").print_report_name,
                    f"{report.name} ({lang})",
                )
