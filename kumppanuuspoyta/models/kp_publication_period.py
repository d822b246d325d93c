from lxml import etree

from odoo import api, fields, models
from odoo.fields import Domain


class KpPublication(models.Model):
    """The public memo's period (kp.publication): whether a memo is visible
    now, decided at each request whether or not the job ran; the
    municipality's feed of the memos visible now; and the job that empties
    the snapshots whose period ended."""

    # one concern per file, as account_journal_dashboard.py extends its model
    _inherit = "kp.publication"  # pylint: disable=consider-merging-classes-inherited

    # ------------------------------------------------------------
    # THE PERIOD
    # ------------------------------------------------------------

    def _kp_visibility(self):
        """'visible' or 'gone' now, decided at each request whether or not
        the job ran; False for what never was public (or not yet)."""
        self.ensure_one()
        now = fields.Datetime.now()
        if self.state in ("expired", "withdrawn") and self.published_on:
            return "gone"
        if self.state != "published" or now < self.date_start:
            return False
        return "visible" if now < self.date_end else "gone"

    def _kp_seconds_left(self):
        self.ensure_one()
        return max(0, int((self.date_end - fields.Datetime.now()).total_seconds()))

    @api.model
    def _kp_visible_domain(self):
        now = fields.Datetime.now()
        return Domain(
            [
                ("state", "=", "published"),
                ("date_start", "<=", now),
                ("date_end", ">", now),
            ]
        )

    @api.model
    def _kp_atom_feed(self, company, publications):
        """An Atom feed of ``publications`` (visible now) of ``company``, in
        its language: each entry its title, its public page and when it was
        published and until when it is public."""
        lang = self._kp_company_lang(company)
        env = self.with_context(lang=lang).env
        base = self.env["ir.config_parameter"].sudo().get_param("web.base.url")
        atom = "{http://www.w3.org/2005/Atom}"
        feed = etree.Element(f"{atom}feed", nsmap={None: atom[1:-1]})
        etree.SubElement(feed, f"{atom}title").text = env._(
            "Public memos of %(company)s", company=company.name
        )
        etree.SubElement(
            feed, f"{atom}id"
        ).text = f"{base}/kp/memos/{company.id}/feed.atom"
        etree.SubElement(
            feed,
            f"{atom}link",
            rel="self",
            href=f"{base}/kp/memos/{company.id}/feed.atom",
        )
        author = etree.SubElement(feed, f"{atom}author")
        etree.SubElement(author, f"{atom}name").text = company.name
        updated = max(publications.mapped("published_on") or [company.write_date])
        etree.SubElement(feed, f"{atom}updated").text = updated.isoformat() + "Z"
        for publication in publications:
            entry = etree.SubElement(feed, f"{atom}entry")
            url = f"{base}/kp/memo/{publication.access_token}"
            etree.SubElement(entry, f"{atom}title").text = publication.name
            etree.SubElement(entry, f"{atom}id").text = url
            etree.SubElement(entry, f"{atom}link", href=url)
            etree.SubElement(entry, f"{atom}updated").text = (
                publication.published_on.isoformat() + "Z"
            )
            etree.SubElement(entry, f"{atom}summary").text = env._(
                "Public until %(day)s.",
                day=publication.table_id._format_day(publication.date_end, lang=lang),
            )
        return etree.tostring(feed, xml_declaration=True, encoding="utf-8")

    @api.model
    def _cron_expire(self):
        """Empty the snapshots whose period ended and keep their tombstones,
        one committed step at a time (a restart resumes)."""
        Cron = self.env["ir.cron"]
        Cron._commit_progress(remaining=len(self._kp_expired()))
        for done in self._kp_expiry_steps():
            if not Cron._commit_progress(done):
                return

    @api.model
    def _kp_expired(self):
        return self.sudo().search(
            [("state", "=", "published"), ("date_end", "<=", fields.Datetime.now())]
        )

    @api.model
    def _kp_expiry_steps(self):
        """The job's steps, one memo each: its snapshot emptied."""
        for publication in self._kp_expired():
            publication._kp_empty_snapshot("expired")
            yield 1
