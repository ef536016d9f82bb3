"""Lists of items the device keys by id (live servers, upload servers): add, replace, delete, enable."""
from usconf.emulator.api import Refused, api
from usconf.spec import codes


def index_of(items, call):
    """Position of the item whose id the request names; errNotFound when there is none."""
    ident = call.int("id")
    for index, item in enumerate(items):
        if item["id"] == ident:
            return index
    raise Refused(codes.NOT_FOUND)


def append(backend, key, item, limit):
    """Add `item` to `settings[key]` under a new id; errParam when the list is full."""
    items = backend.settings[key]
    if len(items) >= limit:
        raise Refused(codes.PARAM)
    # Ids are stable: a new item gets one more than the highest in use.
    item["id"] = max((i["id"] for i in items), default=-1) + 1
    backend.change(lambda s: s[key].append(item))
    return {"result": 0, "id": item["id"]}


def replace(backend, key, call, build):
    """Replace the item the request names with `build(call, current)`."""
    index = index_of(backend.settings[key], call)
    item = build(call, backend.settings[key][index])
    backend.change(lambda s: s[key].__setitem__(index, item))


def remove(backend, key, call):
    index = index_of(backend.settings[key], call)
    backend.change(lambda s: s[key].pop(index))


def enable(backend, key, call, exclusive):
    """Set the named item's `is-use`; in an `exclusive` list enabling one disables the others."""
    index = index_of(backend.settings[key], call)
    use = call.flag("is-use")

    def mutate(s):
        for i, item in enumerate(s[key]):
            if i == index:
                item["is-use"] = use
            elif use and exclusive:
                item["is-use"] = 0
    backend.change(mutate)


def methods(key, build, limit, add, set_, delete, enable_, exclusive=False):
    """Register the add/set/delete/enable methods of the list `settings[key]`.

    `build(call, current=None)` makes an item from a request. In an `exclusive`
    list (one enabled item at a time) the first item added is the enabled one.
    """
    @api(add)
    def _add(backend, call):
        item = build(call)
        if exclusive:
            item["is-use"] = int(not backend.settings[key])
        return append(backend, key, item, limit)

    @api(set_)
    def _set(backend, call):
        replace(backend, key, call, build)

    @api(delete)
    def _delete(backend, call):
        remove(backend, key, call)

    @api(enable_)
    def _enable(backend, call):
        enable(backend, key, call, exclusive)
