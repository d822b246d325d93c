import re

from odoo import api, fields, models
from odoo.fields import Domain

# what never reaches a public page, whatever the text says
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?<![\w/])\+?\d[\d \-]{6,}\d(?![\w/])")


class KpPublication(models.Model):
    """The public memo's content (kp.publication): the preview's agenda items
    made from the approved minutes, the scan of their free text for the names
    of everyone linked to the table, the redacted snapshot taken at
    publishing, and the names rewritten when a person is anonymised. The
    period (visibility, the feed, the job that empties expired snapshots) is
    in ``kp_publication_period.py``."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.publication"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # PREVIEW
    # ------------------------------------------------------------

    def _kp_prefill(self):
        """The preview's agenda items: each item's heading and its free text
        (the discussion and what was agreed, each commitment with its
        organisation); people are named in the snapshot only from the
        records, never in the text."""
        Item = self.env["kp.publication.item"]
        for publication in self:
            lang = publication._kp_page_lang()
            meeting = publication.with_context(lang=lang).meeting_id
            labels = publication._kp_public_names()
            vals_list = []
            for sequence, item in enumerate(meeting.agenda_item_ids, start=1):
                agreements = meeting.agreement_ids.filtered(
                    lambda a, item=item: a.agenda_item_id == item
                )
                vals_list.append(
                    {
                        "publication_id": publication.id,
                        "sequence": sequence,
                        "agenda_item_id": item.id,
                        "heading": item._agenda_title(),
                        "text": publication._kp_item_text(
                            item.discussion, agreements, labels
                        ),
                    }
                )
            loose = meeting.agreement_ids.filtered(lambda a: not a.agenda_item_id)
            if loose:
                vals_list.append(
                    {
                        "publication_id": publication.id,
                        "sequence": len(vals_list) + 1,
                        "heading": meeting.env._("Other agreements"),
                        "text": publication._kp_item_text(False, loose, labels),
                    }
                )
            Item.create(vals_list)
            publication.write({"lang": lang})
        self._kp_scan()

    def _kp_item_text(self, discussion, agreements, labels):
        """The free text of an item: its discussion and what was agreed,
        each commitment with who took it (``labels``: _kp_public_names)."""
        env = self.with_context(lang=self._kp_page_lang()).env
        lines = [discussion.strip()] if discussion and discussion.strip() else []
        for agreement in agreements:
            lines.append(env._("Agreed: %(text)s", text=agreement.name.strip()))
            for commitment in agreement.commitment_ids:
                who = commitment.organisation_id.name or labels.get(
                    commitment.responsible_partner_id, ""
                )
                if commitment.deadline:
                    day = self.table_id._format_day(commitment.deadline, lang=env.lang)
                    line = env._(
                        "- %(what)s (%(who)s, by %(day)s)",
                        what=commitment.name,
                        who=who,
                        day=day,
                    )
                else:
                    line = env._("- %(what)s (%(who)s)", what=commitment.name, who=who)
                lines.append(line)
        return "\n".join(lines)

    def _kp_linked_people(self):
        """Everyone linked to the table (people, not organisations): its
        participants past and present, who attended, proposed or took a
        commitment at this meeting; the anonymised are nobody."""
        self.ensure_one()
        meeting = self.meeting_id
        people = (
            self._kp_table_seats().partner_id
            | meeting.attendance_ids.partner_id
            | meeting.agenda_item_ids.proposer_partner_id
            | meeting.agreement_ids.commitment_ids.responsible_partner_id
        )
        return people.filtered(
            lambda p: not p.is_company and not p.kp_anonymised_on and p.name
        )

    def _kp_table_seats(self):
        """The table's seats, past and present (archived ones too)."""
        self.ensure_one()
        return self.table_id.with_context(active_test=False).participant_ids

    def _kp_scan(self):
        """Find the names (and street addresses) of the people linked to the
        table in each item's heading and text: each hit blocks publishing
        until the text is edited or the hit is marked not a person (kept for
        the same name)."""
        Hit = self.env["kp.publication.hit"]
        for publication in self:
            people = publication._kp_linked_people()
            patterns = [
                (person.name, publication._kp_name_pattern(person.name))
                for person in people
            ] + [
                # their street addresses are found as their names are
                (street, publication._kp_name_pattern(street))
                for street in set(people.filtered("street").mapped("street"))
            ]
            kept = {
                (hit.item_id.id, hit.name.lower())
                for hit in publication.hit_ids
                if hit.not_a_person
            }
            publication.hit_ids.unlink()
            vals_list = []
            for item in publication.item_ids:
                text = f"{item.heading or ''}\n{item.text or ''}"
                for name, pattern in patterns:
                    if pattern.search(text):
                        vals_list.append(
                            {
                                "publication_id": publication.id,
                                "item_id": item.id,
                                "name": name,
                                "not_a_person": (item.id, name.lower()) in kept,
                            }
                        )
            Hit.create(vals_list)

    @staticmethod
    def _kp_name_pattern(name):
        """A person's name in a text, either way round (Virtanen Matti),
        any case, as whole words."""
        words = name.split()
        orders = {" ".join(words), " ".join(reversed(words))}
        alternatives = "|".join(
            r"[\s,]+".join(re.escape(word) for word in order.split())
            for order in orders
        )
        return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)

    # ------------------------------------------------------------
    # SNAPSHOT
    # ------------------------------------------------------------

    def _kp_page_lang(self):
        """The public page's language: the municipality's."""
        self.ensure_one()
        return self._kp_company_lang(self.company_id or self.env.company)

    @api.model
    def _kp_company_lang(self, company):
        """The language a municipality's public pages and feed speak: its
        own, when that language is active."""
        lang = company.partner_id.lang or self.env.lang or "en_US"
        return lang if self.env["res.lang"]._get_data(code=lang) else self.env.lang

    def _kp_is_named(self, partner, seats):
        """Whether ``partner`` is named on a public page: an organisation, a
        person acting for an organisation or in office (a role that runs the
        table, an official's user). Everyone else is a resident."""
        if partner.is_company or partner.parent_id:
            return True
        seat = seats.filtered(lambda s: s.partner_id == partner)
        if seat.filtered(lambda s: s.organisation_id or s.coordinates):
            return True
        return bool(partner.user_ids.filtered(lambda user: not user.share))

    def _kp_public_names(self):
        """``{partner: the name the public page gives them}``: their own name,
        or "resident 1", "resident 2"… in the order they appear."""
        self.ensure_one()
        env = self.with_context(lang=self._kp_page_lang()).env
        meeting = self.meeting_id
        seats = self._kp_table_seats()
        order = (
            meeting.chair_id.partner_id
            | meeting.secretary_id.partner_id
            | meeting.attendance_ids.partner_id
            | meeting.agreement_ids.commitment_ids.responsible_partner_id
        )
        names, residents = {}, 0
        for partner in order:
            if self._kp_is_named(partner, seats):
                names[partner] = partner.name
            else:
                residents += 1
                names[partner] = env._("resident %(number)s", number=residents)
        return names

    def _kp_snapshot_values(self):
        self.ensure_one()
        lang = self._kp_page_lang()
        publication = self.with_context(lang=lang)
        meeting = publication.meeting_id
        table = publication.table_id
        names = publication._kp_public_names()
        present = meeting.attendance_ids.filtered(lambda a: a.status == "present")
        attendance = []
        for organisation in present.organisation_id:
            people = present.filtered(lambda a, o=organisation: a.organisation_id == o)
            attendance.append(
                (organisation.name, [names[p] for p in people.partner_id])
            )
        residents = present.filtered(lambda a: not a.organisation_id)
        if residents:
            attendance.append(
                (
                    publication.env._("Residents"),
                    [names[p] for p in residents.partner_id],
                )
            )
        basis = dict(
            self.env["kp.publication.item"]
            .with_context(lang=lang)
            ._fields["basis"]
            ._description_selection(publication.env)
        )
        items = [
            {
                "heading": self._kp_clean(item.heading),
                "blocks": self._kp_blocks(self._kp_clean(item.text)),
                "basis": item.non_public and basis.get(item.basis),
            }
            for item in publication.item_ids.sorted("sequence")
        ]
        return {
            "title": table.name,
            "when": table._format_meeting_time(meeting.start, meeting.stop),
            "chair": names.get(meeting.chair_id.partner_id, ""),
            "secretary": names.get(meeting.secretary_id.partner_id, ""),
            "attendance": attendance,
            "items": items,
            "approved": table._format_day(publication.minutes_id.approved_date),
        }

    def _kp_take_snapshot(self):
        """Take the redacted snapshot the public page shows (superuser)."""
        for publication in self:
            lang = publication._kp_page_lang()
            html = (
                self.env["ir.qweb"]
                .with_context(lang=lang)
                ._render(
                    "kumppanuuspoyta.kp_publication_snapshot",
                    publication._kp_snapshot_values(),
                )
            )
            publication.write(
                {
                    "snapshot": html,
                    "lang": lang,
                    "headings": "\n".join(
                        self._kp_clean(h)
                        for h in publication.item_ids.sorted("sequence").mapped(
                            "heading"
                        )
                    ),
                    "state": "published",
                    "published_by_id": self.env.uid,
                    "published_on": fields.Datetime.now(),
                }
            )

    @staticmethod
    def _kp_blocks(text):
        """The text as paragraphs and lists: ``[(False, line)]`` for a
        paragraph, ``[(True, [items])]`` for lines that start with "- "."""
        blocks = []
        for line in (line.strip() for line in text.split("\n")):
            if not line:
                continue
            if line.startswith("- "):
                if blocks and blocks[-1][0]:
                    blocks[-1][1].append(line[2:])
                else:
                    blocks.append((True, [line[2:]]))
            else:
                blocks.append((False, line))
        return blocks

    @staticmethod
    def _kp_clean(text):
        """``text`` without e-mail addresses and phone numbers."""
        text = EMAIL.sub("[…]", text or "")
        return PHONE.sub("[…]", text)

    def _kp_empty_snapshot(self, state):
        """Keep the tombstone (table, date, headings, who published), empty
        the public text."""
        self.write({"snapshot": False, "state": state})

    # ------------------------------------------------------------
    # ANONYMISING
    # ------------------------------------------------------------

    @api.model
    def _kp_purge_names(self, old_texts, new_name):
        """Anonymising a person: every memo that names them has the name
        replaced by the anonymous one in its snapshot, tombstone, preview and
        hits; the memo stays where it is (public until its end)."""
        old_texts = [text for text in old_texts if text]
        if not old_texts:
            return self.browse()
        domain = Domain.OR(
            Domain.OR(
                [
                    [("snapshot", "ilike", text)],
                    [("headings", "ilike", text)],
                    [("item_ids.text", "ilike", text)],
                    [("item_ids.heading", "ilike", text)],
                    [("hit_ids.name", "ilike", text)],
                ]
            )
            for text in old_texts
        )
        Anonymiser = self.env["kp.anonymiser"]
        publications = self.sudo().search(domain)

        def purge(text):
            for old in old_texts:
                text = Anonymiser._replace(text, old, new_name)
            return text

        for publication in publications:
            vals = {"headings": purge(publication.headings or "") or False}
            if publication.snapshot:
                vals["snapshot"] = purge(str(publication.snapshot))
            publication.write(vals)
            for item in publication.item_ids:
                item.write(
                    {
                        "heading": purge(item.heading or ""),
                        "text": purge(item.text or ""),
                    }
                )
            for hit in publication.hit_ids:
                hit.name = purge(hit.name)
        return publications
