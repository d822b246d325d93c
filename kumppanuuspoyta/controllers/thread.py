from werkzeug.exceptions import NotFound

from odoo.http import request

from odoo.addons.mail.controllers.thread import ThreadController

from ..tools.forms import parse_id


class KpThreadController(ThreadController):
    """The chatter's routes (/mail/message/post, /mail/thread/messages, ...)
    for the addon's own records (models ``kp.*``, whose chatter the portal
    shows to external participants) with the thread strictly read: Odoo's
    int(thread_id) fails on "²" or "١" (a 500 with a traceback); here they
    are a thread that does not exist. A model name that names no model at
    all (a KeyError in Odoo, also a 500) is a 404 too: no model's behaviour
    changes by that. Every other model's thread goes to Odoo untouched."""

    @classmethod
    def _kp_thread_id(cls, thread_model, thread_id):
        if not isinstance(thread_model, str) or thread_model not in request.env:
            raise NotFound()
        if not thread_model.startswith("kp."):
            return thread_id
        if isinstance(thread_id, bool):
            raise NotFound()
        if isinstance(thread_id, int):
            thread_id = str(thread_id) if thread_id > 0 else ""
        parsed = parse_id(thread_id)
        if parsed is None:
            raise NotFound()
        return parsed

    @classmethod
    def _get_thread_with_access_for_post(cls, thread_model, thread_id, **kwargs):
        thread_id = cls._kp_thread_id(thread_model, thread_id)
        return super()._get_thread_with_access_for_post(
            thread_model, thread_id, **kwargs
        )

    @classmethod
    def _get_thread_with_access(cls, thread_model, thread_id, mode="read", **kwargs):
        thread_id = cls._kp_thread_id(thread_model, thread_id)
        return super()._get_thread_with_access(
            thread_model, thread_id, mode=mode, **kwargs
        )
