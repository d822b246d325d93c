"""The web client's calls over HTTP, for tests that drive a server from
outside: JSON-RPC (/web/dataset/call_kw and friends) and the field
specification the web client builds from a view's arch.

One place for the addon's view tests (an HttpCase's ``opener``) and the
project's real-server and reliability tests (a ``requests.Session``).
"""

SUBVIEW_TAGS = ("list", "kanban", "form")


class RpcError(Exception):
    """An error the server answered a JSON-RPC call with."""

    def __init__(self, message, name=None):
        super().__init__(message)
        self.name = name


def rpc(session, url, route, params, timeout=60):
    """POST a JSON-RPC call as the web client does; its result, or
    RpcError with the server's error name and message."""
    response = session.post(
        f"{url}{route}",
        json={"id": 0, "jsonrpc": "2.0", "method": "call", "params": params},
        timeout=timeout,
    )
    response.raise_for_status()
    payload = response.json()
    if "error" in payload:
        data = payload["error"].get("data", {})
        raise RpcError(f"{data.get('name')}: {data.get('message')}", data.get("name"))
    return payload.get("result")


def call_kw(session, url, model, method, args, kwargs, timeout=60):
    """A model method through /web/dataset/call_kw."""
    return rpc(
        session,
        url,
        f"/web/dataset/call_kw/{model}/{method}",
        {"model": model, "method": method, "args": list(args), "kwargs": kwargs},
        timeout=timeout,
    )


def field_nodes(node):
    """The <field> nodes of this (sub-)view, not those of its sub-views."""
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "field":
            yield child
        elif child.tag not in SUBVIEW_TAGS:
            yield from field_nodes(child)


def specification(node, model, models, extra=(), context_of=None):
    """The field specification of a view's arch (``node``) as the web client
    builds it for web_read / web_search_read: many2one -> display_name,
    x2many -> the fields of its sub-views (one2many lines 40 at a time),
    plus the ``extra`` field names a view names in its attributes.
    ``context_of(field_node)``, when given, evaluates a relational field's
    ``context`` attribute, which the client sends with its sub-fields (the
    co-records' display names are computed in it)."""
    fields_info = models[model]["fields"]
    spec = {"display_name": {}} if node.tag != "form" else {}
    names = [(n.get("name"), n) for n in field_nodes(node)]
    names += [(name, None) for name in extra]
    for name, field_node in names:
        info = fields_info.get(name)
        if not info:
            continue
        if info["type"] in ("many2one", "reference"):
            spec[name] = {"fields": {"display_name": {}}}
            if context_of and field_node is not None and field_node.get("context"):
                spec[name]["context"] = context_of(field_node)
        elif info["type"] in ("one2many", "many2many"):
            sub_spec = {"display_name": {}}
            subviews = (
                []
                if field_node is None
                else [c for c in field_node if c.tag in SUBVIEW_TAGS]
            )
            for subview in subviews:
                sub_spec.update(
                    specification(subview, info["relation"], models, (), context_of)
                )
            spec[name] = {"fields": sub_spec}
            if info["type"] == "one2many":
                spec[name]["limit"] = 40
        else:
            spec.setdefault(name, {})
    return spec


def record_values(values):
    """The values of a record as the web client's expressions see them
    (its evalContext): a many2one as its id, an x2many as its ids."""
    result = {}
    for name, value in values.items():
        if isinstance(value, dict) and "id" in value:
            value = value["id"]
        elif isinstance(value, list):
            value = x2many_ids(value)
        result[name] = value
    return result


def x2many_ids(value):
    """The ids of an x2many value: a list of ids, of records (dicts) or of
    the commands an onchange answers with."""
    ids = []
    for item in value:
        if isinstance(item, int):
            ids.append(item)
        elif isinstance(item, dict):
            ids.append(item.get("id"))
        elif item and item[0] in (1, 4):
            ids.append(item[1])
        elif item and item[0] == 6:
            ids.extend(item[2])
    return [i for i in ids if isinstance(i, int)]


def write_values(values, fields_info):
    """An onchange's values as the web client saves them (web_save): a
    many2one as its id, new x2many lines as creation commands."""
    result = {}
    for name, value in values.items():
        info = fields_info.get(name, {})
        if info.get("readonly") or name == "id":
            continue
        if isinstance(value, dict) and "id" in value:
            value = value["id"]
        elif info.get("type") in ("one2many", "many2many"):
            value = [
                [0, 0, write_values(command[2], {})] if command[0] == 0 else command
                for command in value
                if isinstance(command, list | tuple)
            ]
            if not value:
                continue
        result[name] = value
    return result


def client_values(data):
    """A record as web_read gives it, as the web client's expressions see
    it: a many2one is its id, an x2many the list of its ids."""
    values = {}
    for name, value in data.items():
        if isinstance(value, dict):
            value = value.get("id") or False
        elif isinstance(value, list):
            value = [v["id"] if isinstance(v, dict) else v for v in value]
        values[name] = value
    return values


def evaluate(expression, values, context, parent=None):
    """An attribute of a view (``invisible``, ``context``) evaluated as the
    web client evaluates it on a record: its values, ``parent`` (the record
    of an x2many line), ``context``, ``uid`` and the date helpers."""
    # imported here: the HTTP helpers above also serve tests outside Odoo
    from odoo.tools.safe_eval import datetime, dateutil, safe_eval, time

    return safe_eval(
        expression,
        {
            **values,
            "parent": parent or {},
            "context": context,
            "uid": context.get("uid"),
            "datetime": datetime,
            "time": time,
            "relativedelta": dateutil.relativedelta.relativedelta,
            "context_today": lambda: datetime.date.today(),
        },
    )


def visible_buttons(node, data, context, parent=None, line_of=None):
    """The buttons of a view's arch (as get_views gives it) that the web
    client shows for a record read with web_read (``data``): each as
    (button node, its values, x2many field name or None, line id or None).
    The buttons of an x2many's list are shown per line, evaluated on the
    line's values with the record as ``parent``."""
    values = client_values(data)
    for child in node:
        if not isinstance(child.tag, str):
            continue
        if child.tag == "button":
            invisible = child.get("invisible")
            if not (invisible and evaluate(invisible, values, context, parent)):
                yield child, values, line_of, data.get("id") if line_of else None
        elif child.tag == "field":
            lines = data.get(child.get("name"))
            # a line's own form opens in a dialog: its buttons are not shown
            for subview in (c for c in child if c.tag in ("list", "kanban")):
                for line in lines if isinstance(lines, list) else ():
                    yield from visible_buttons(
                        subview, line, context, values, child.get("name")
                    )
        elif child.tag not in SUBVIEW_TAGS:
            yield from visible_buttons(child, data, context, parent, line_of)


def addon_views(env, types, keep=None, module="kumppanuuspoyta"):
    """The views of ``module`` of the given ``types``, each as the web client
    asks for it: an extension through the primary view it extends; ``keep``
    (a view -> bool) narrows them further."""
    data = env["ir.model.data"].search(
        [("module", "=", module), ("model", "=", "ir.ui.view")]
    )
    views = env["ir.ui.view"]
    for view in env["ir.ui.view"].browse(data.mapped("res_id")):
        while view.inherit_id and view.mode != "primary":
            view = view.inherit_id
        if view.type in types and (keep is None or keep(view)):
            views |= view
    return views
