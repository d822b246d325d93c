from odoo.models import BaseModel


class BadInputRunner:
    """Refuses cases of bad input in a language and checks nothing was written."""

    # written by most actions that get as far as doing something
    WATCHED_MODELS = ("mail.mail", "mail.message", "mail.activity")

    def _counts(self, case):
        return {
            model: self.env[model]
            .sudo()
            .with_context(active_test=False)
            .search_count([])
            for model in (case.model, *self.WATCHED_MODELS)
        }

    def _snapshot(self, records):
        """The stored values of the records (a recordset or a tuple of them)."""
        if isinstance(records, BaseModel):
            records = (records,)
        self.env.invalidate_all()
        return [
            group.sudo()
            .with_context(active_test=False)
            .read([name for name, field in group._fields.items() if field.store])
            for group in records or ()
        ]

    def _refuse(self, case, lang):
        user = getattr(self, case.user) if case.user else self.env.user
        # a user who works in the language: some of Odoo's own messages (the
        # record rules') follow the user's language rather than the context
        if case.user and user.lang != lang:
            user.sudo().lang = lang
        env = self.env(user=user, context=dict(self.env.context, lang=lang))
        counts, before = self._counts(case), self._snapshot(case.record)
        # Odoo's assertRaises runs the block in a savepoint and rolls it back
        with self.assertRaises(case.exception) as caught:
            case.run(env)
        fragment = case.finnish if lang == "fi_FI" else case.english
        self.assertIn(fragment, str(caught.exception))
        self.assertEqual(self._counts(case), counts, "nothing created or deleted")
        self.assertEqual(self._snapshot(case.record), before, "the record unchanged")

    def _run_cases(self, cases, lang):
        failures = []
        for case in cases:
            try:
                with self.subTest(case=case.description, lang=lang):
                    self._refuse(case, lang)
            except Exception as error:  # noqa: BLE001
                # pytest does not report unittest's subtests one by one: a
                # failing case must not hide the others
                failures.append(f"{case.description} [{lang}]: {error!r}")
        if failures:
            self.fail(f"{len(failures)} case(s) failed:\n" + "\n".join(failures))
