from odoo import api, models
from odoo.exceptions import AccessError, UserError


class AccessRefusal(str):
    """A refusal for who asks rather than for what the record is: raised as
    Odoo's AccessError, as the ORM refuses what the record rules forbid."""

    __slots__ = ()


class KpGateMixin(models.AbstractModel):
    """One gate for every state machine of the addon (as ``hr.leave`` asks
    ``_check_approval_update`` from ``write``, its actions and its
    ``can_approve``/``can_refuse`` fields).

    A *transition* is a name: a move between states (``'held'``,
    ``'pause'``), a step that is no state of its own (``'swap_accept'``,
    ``'minutes_correction'``) or an update of fields only some users make
    (``'manage'``: what was committed, by whom, when). One method,
    ``_gate_error(transition)``, says why the current user may not make it
    on this record now, or returns False; everything else asks it:

    - the actions call ``_check_transition(transition)``: an AccessError
      for who may not write the record at all, then the gate's refusal
      (UserError, or AccessError for an ``AccessRefusal``: who asks may not);
    - ``write`` asks the gate for what a write does (the move its change of
      state makes, and ``_gate_updates``: its updates of guarded fields), so
      an edit and the API are refused in the same words as a button; the
      superuser's own code and data files pass;
    - one compute sets every ``can_*`` field of ``_gate_buttons()``: true
      only when the user may write the record *and* the gate lets them
      through, so a form shows a button exactly when pressing it succeeds.
      The views show buttons by these fields, never by literal states.

    A model with states inherits this mixin and declares (each concern's
    file extending them with ``super()``):

    - ``_gate_moves()``: ``{transition: (from states, to state)}``;
    - ``_gate_buttons()``: ``{can_* field: transition}``, the fields being
      ``fields.Boolean(compute="_compute_gate_buttons")``;
    - ``_gate_depends()``: what the ``can_*`` fields depend on;
    - ``_gate_error()``: ``super()`` first (the moves' states), then the
      model's own conditions (who, when, what must be recorded first);
    - where needed, ``_gate_updates(vals)`` (the guarded fields a write
      changes), ``_gate_refusal()`` (the words for a move from a wrong
      state) and ``_gate_unsaved()`` (a form editable while created).

    Every model with states that comes later uses this mixin too
    (test_gates.py fails for a model with a ``state`` that does not, and
    for a ``can_*`` button it does not press). docs/gates.md tells more.
    """

    _name = "kp.gate.mixin"
    _description = "Gate of a State Machine"

    # ------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------

    @api.depends(lambda self: self._gate_depends())
    @api.depends_context("uid")
    def _compute_gate_buttons(self):
        buttons = self._gate_buttons()
        # the form asks again as the user edits: the saved records say
        # whether the user may write them at all (one check for all)
        writable = self._origin.filtered("id")._filtered_access("write")
        for record in self:
            saved = record._origin
            may_write = saved in writable if saved.id else record._gate_unsaved()
            for name, transition in buttons.items():
                record[name] = may_write and not record._gate_error(transition)

    # ------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------

    def write(self, vals):
        if not self.env.su:
            # who may not write at all hears it first, as from a button
            self.check_access("write")
        for record in self:
            record._gate_raise(record._gate_write_error(vals))
        return super().write(vals)

    # ------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------

    def _gate_moves(self):
        """``{transition: (the states it leaves from, the state it reaches)}``."""
        return {}

    def _gate_buttons(self):
        """``{can_* field: the transition its button makes}``."""
        return {}

    def _gate_depends(self):
        """The fields the ``can_*`` fields depend on."""
        return ("state",) if "state" in self._fields else ()

    def _gate_unsaved(self):
        """Whether a record being created may make its transitions (a form
        editable while it is created); buttons act on saved records."""
        return False

    def _gate_error(self, transition):
        """Why the current user may not make ``transition`` on this record
        now, or False. Here: a move from a state it does not leave from."""
        self.ensure_one()
        move = self._gate_moves().get(transition)
        if move and self.state not in move[0]:
            return self._gate_refusal(transition)
        return False

    def _gate_refusal(self, transition):
        """The words for a move from a state it does not leave from."""
        return self._gate_state_refusal(self._gate_moves()[transition][1])

    def _gate_state_refusal(self, state):
        labels = dict(self._fields["state"]._description_selection(self.env))
        return self.env._(
            "%(model)s %(record)s cannot move from %(current)s to %(new)s.",
            model=self.env["ir.model"].sudo()._get(self._name).name,
            record=self.display_name,
            current=labels.get(self.state, self.state),
            new=labels.get(state, state),
        )

    def _gate_move(self, state):
        """The transition a change to ``state`` makes from the current state
        (the first move that leaves from it), or None when no move reaches it."""
        moves = self._gate_moves()
        reaching = [name for name, (_, to) in moves.items() if to == state]
        leaving = [name for name in reaching if self.state in moves[name][0]]
        return (leaving or reaching or [None])[0]

    def _gate_updates(self, vals):
        """The updates of guarded fields that writing ``vals`` makes: the
        transitions of a write other than its change of state."""
        return []

    def _gate_write_error(self, vals):
        """The gate as ``write`` asks it, or False: data files and the
        superuser's own code (e.g. the correction of minutes) pass."""
        if self.env.su:
            return False
        if "state" in vals and vals["state"] != self.state:
            move = self._gate_move(vals["state"])
            error = (
                self._gate_error(move)
                if move
                else self._gate_state_refusal(vals["state"])
            )
            if error:
                return error
        for transition in self._gate_updates(vals):
            error = self._gate_error(transition)
            if error:
                return error
        return False

    def _check_transition(self, transition):
        """Refuse ``transition`` in the gate's words (or, to who may not
        write the records at all, in the record rules'), or do nothing."""
        self.check_access("write")
        for record in self:
            record._gate_raise(record._gate_error(transition))

    # ------------------------------------------------------------
    # TOOLS
    # ------------------------------------------------------------

    def _gate_raise(self, error):
        if error:
            raise (AccessError if isinstance(error, AccessRefusal) else UserError)(
                error
            )

    def _gate_table_error(self):
        """Why the current user may not manage the table (``table_id``) of
        the record (write it), in the table's own words, or False: for the
        transitions only those who run the table make."""
        table = self.table_id
        if self.env.su or not table or table.has_access("write"):
            return False
        try:
            table.check_access("write")
        except AccessError as error:
            return AccessRefusal(error.args[0])
        return False
