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
