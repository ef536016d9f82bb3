"""The minimal calls that take one device-shaped state to another.

Each function compares the desired and the actual value of one group or list
(both in the device's own shape) and yields calls only where they differ: one
call per changed group, carrying the whole group (unchanged fields keep the
device's values, as the API wants every parameter), nothing for an unchanged
group. The order they come out in is only a starting point; the planner's
simulation decides the final order. Each call has a priority class that seeds
that order (see PRIORITY).
"""

from usconf.client.methods import SENSITIVE_PARAMS
from usconf.digests import md5_hex
from usconf.errors import PlanError
from usconf.model import lists, sections
from usconf.model.lists import quoted
from usconf.plan.records import Call
from usconf.secrets import Secret, reveal
from usconf.spec import params as example

# Seeds for the order search; lower runs earlier. Classes >= PINNED are kept at
# the end in this order and never moved: they cut the tool's own connection.
FIRST, REMOVE, GROUP, ADD, ENABLE, USERS, NETWORK, OWN_PASSWORD, OWN_INTERFACE = range(9)
PINNED = OWN_PASSWORD

# The tables below are read off the section descriptors (model/sections.py, model/lists.py).
# Scalar settings with a one-parameter call of their own: field -> (method, param).
SCALARS = {s.device: (s.method, s.param) for s in sections.SCALARS}
# Groups set by one call carrying the whole group: field -> (method, fixed params, only these keys).
GROUPS = {s.device: (s.method, s.fixed, s.params) for s in sections.GROUPS}
NETS = {s.device: s.fixed["type"] for s in sections.INTERFACES}                # set-net type
STREAM_SELECT = tuple((s.device, s.param) for s in sections.STREAM_CHOICES)

# Canonical names for reasons and messages; a field not listed shows its device path.
LABELS = dict({s.device: s.path for s in sections.ALL}, **{lst.device: lst.text for lst in lists.ALL if lst.device},
              users="users", edid="edid", cloud="cloud")



def label(field, sub=None):
    """`main-stream`, `kbps` -> `video.main.bitrate`: a device group (and field) in the language's terms."""
    base = LABELS.get(field, field)
    if not sub:
        return base
    setting = sections.BY_DEVICE.get(field)
    return f"{base}.{(setting and setting.field_name(sub)) or sub}"


def wire(value, name=None):
    """A parameter as the API takes it: strings, 0/1 for flags; secrets wrapped (also ones read back)."""
    if isinstance(value, Secret):
        return value
    if name in SENSITIVE_PARAMS and value not in ("", None):
        return Secret(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if value is None:
        return ""
    return str(value)


def as_example(method, params):
    """The parameters as the reference's example request has them.

    Every parameter the example shows is kept (the caller fills it from the
    device's current value); an optional one that would go empty is left out,
    so the device keeps (or, on an add, chooses) its own value: a strict device
    refuses `url=` with nothing after it.
    """
    keep = set(example.required(method, params)) | example.EMPTY_ALLOWED.get(method, set())
    return {k: v for k, v in params.items() if k in keep or reveal(v) not in ("", None)}


def digest(secret):
    """The MD5 the device takes for a password, still wrapped: the model holds the password itself."""
    if secret is None:
        return Secret("")
    return Secret(md5_hex(reveal(secret)))


_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain(value):
    """A value with every Secret revealed, for comparing desired with what the device holds."""
    if type(value) in _SCALARS:
        return value        # most values: settled before the checks below (a plan makes ~800 calls)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return reveal(value)


def same(a, b):
    return plain(a) == plain(b)


def public(item):
    """An item without planner hints (`_`-prefixed keys)."""
    return {k: v for k, v in item.items() if not str(k).startswith("_")}


def _shown(value, name=None):
    if isinstance(value, Secret) or (name in SENSITIVE_PARAMS and value not in ("", None)):
        return "(sensitive)"
    return value


def _reason(field, before, after):
    """`video.main.bitrate 4096 -> 8192` for each changed field of a group."""
    if not isinstance(after, dict):
        return f"{label(field)} {_shown(before)} -> {_shown(after)}"
    before = before or {}
    after = public(after)
    if "cx" in after and "cy" in after:
        # One resolution, not two numbers.
        before = dict(before, cx=f"{before.get('cx')}x{before.get('cy')}", cy=None)
        after = dict(after, cx=f"{after['cx']}x{after['cy']}", cy=None)
    parts = [f"{label(field, k)} {_shown(before.get(k), k)} -> {_shown(v, k)}"
             for k, v in after.items() if not same(before.get(k), v)]
    return "; ".join(parts) or f"{label(field)} changed"


# --- plain settings ------------------------------------------------------------------------

def setting_calls(want, have):
    """Calls for scalar settings, groups and stream selection: [(priority, Call)]."""
    out = []
    for field, (method, param) in SCALARS.items():
        if field in want and not same(want[field], have.get(field)):
            out.append((GROUP, Call(method, {param: wire(want[field])}, _reason(field, have.get(field), want[field]))))
    for field, (method, fixed, keys) in GROUPS.items():
        if field not in want:
            continue
        new, old = public(want[field]), public(have.get(field) or {})
        if same(new, {k: old.get(k) for k in new}):
            continue
        merged = dict(old, **new)
        setting = sections.BY_DEVICE[field]
        params = dict(fixed)
        shown = example.shown(method)
        for k in (keys or merged):
            if shown and k not in shown and same(merged.get(k), old.get(k)):
                # Optional (the example request does not show it) and not changed by the document: the
                # device keeps its own value, and a stricter device may not know the parameter at all
                # (the custom file prefix has no parameter in set-rec-control's table).
                continue
            if k == "time":
                # Manual time is sent only when the clock is not automatic.
                params[k] = wire(want[field].get("_time", merged.get("time", ""))) if merged.get("is-auto") == 0 else ""
            elif k in merged:
                params[k] = wire(merged[k], k)
        if setting.finish is not None:
            params = setting.finish(params, merged)
        out.append((GROUP, Call(method, as_example(method, params), _reason(field, old, new))))
    if any(f in want and not same(want[f], have.get(f)) for f, _ in STREAM_SELECT):
        params = {p: wire(want.get(f, have.get(f))) for f, p in STREAM_SELECT}
        reason = "; ".join(_reason(f, have.get(f), want[f]) for f, _ in STREAM_SELECT
                           if f in want and not same(want[f], have.get(f)))
        out.append((GROUP, Call("set-stream", params, reason)))
    return out


def net_calls(want, have, connected_via):
    out = []
    for field, kind in NETS.items():
        if field in want and not same(public(want[field]), {k: (have.get(field) or {}).get(k) for k in public(want[field])}):
            params = {"type": kind}
            params.update({k: wire(v, k) for k, v in dict(have.get(field) or {}, **public(want[field])).items()})
            params = as_example("set-net", params)
            prio = OWN_INTERFACE if field == connected_via else NETWORK
            out.append((prio, Call("set-net", params, _reason(field, have.get(field), want[field]))))
    return out


# --- keyed lists ---------------------------------------------------------------------------

def _target(lst, key, shown):
    """A list item a call acts on: `key` finds its id on the device, `label` is how the change lines name it."""
    return {"list": lst, "key": key, "label": shown}


def _item_params(item, drop=("id", "is-use")):
    return {k: wire(v, k) for k, v in public(item).items() if k not in drop}


def _keyed_list(want, have, lst, methods):
    """add/set/del/enable calls for one keyed list (live or upload servers), items matched by identity.

    Where the device enables the item added to an empty list itself (lst.first_added_enabled),
    an item added there with `enabled: false` needs a call to disable it.
    """
    add, set_, delete, enable = methods
    field = lst.device
    if field not in want:
        return []

    def who(item):
        return quoted(lst.device_label(item))
    out = []
    new = {lst.frozen_device_key(i): i for i in want[field]}
    old = {lst.frozen_device_key(i): i for i in have.get(field, [])}
    for k, item in old.items():
        if k not in new:
            out.append((REMOVE, Call(delete, {}, f"{label(field)}[{who(item)}] is not in the configuration",
                                     target=_target(field, lst.device_key(item), f"{label(field)}[{who(item)}]"))))
    kept = [k for k in old if k in new]
    added = [k for k in new if k not in old]
    # The first item added to a list left empty is enabled by the device, unless another one is enabled after it.
    lands_enabled = added[0] if lst.first_added_enabled and added and not kept and not any(
        new[k].get("is-use") for k in added) else None
    for k, item in new.items():
        tgt = _target(field, lst.device_key(item), f"{label(field)}[{who(item)}]")
        if k not in old:
            params = as_example(add, _item_params(item))
            missing = [p for p in example.required(add, params) if p not in params]
            if missing:
                raise PlanError(f"{label(field)}[{who(item)}] is not on the device and has no "
                                f"{' or '.join(missing)}: a new one needs it ({add})")
            out.append((ADD, Call(add, params, f"{label(field)}[{who(item)}] is new",
                                  target=None)))
            if item.get("is-use"):
                out.append((ENABLE, Call(enable, {"is-use": "1"}, f"{label(field)}[{who(item)}].enabled false -> true",
                                         target=tgt)))
            elif k == lands_enabled and "is-use" in item:
                out.append((ENABLE, Call(enable, {"is-use": "0"}, f"{label(field)}[{who(item)}].enabled true -> false "
                                         "(the device enables the first server itself)", target=tgt)))
            continue
        cur = old[k]
        fields = {f: v for f, v in public(item).items() if f not in ("id", "is-use")}
        if any(not same(cur.get(f), v) for f, v in fields.items()):
            params = as_example(set_, _item_params(dict(public(cur), **fields)))
            out.append((GROUP, Call(set_, params, f"{label(field)}[{who(item)}]: " + _reason_fields(cur, fields),
                                    target=tgt)))
        if "is-use" in item and bool(item["is-use"]) != bool(cur.get("is-use")):
            prio, word = (ENABLE, "false -> true") if item["is-use"] else (REMOVE, "true -> false")
            out.append((prio, Call(enable, {"is-use": wire(item["is-use"])}, f"{label(field)}[{who(item)}].enabled {word}",
                                   target=tgt)))
    return out


def _reason_fields(cur, fields):
    return ", ".join(f"{k} {_shown(cur.get(k), k)} -> {_shown(v, k)}" for k, v in fields.items() if not same(cur.get(k), v))


def server_calls(want, have):
    return _keyed_list(want, have, lists.LIVE_SERVERS, ("add-server", "set-server", "del-server", "enable-server"))


def upload_calls(want, have):
    return _keyed_list(want, have, lists.UPLOAD_SERVERS,
                       ("send-file-add-server", "send-file-set-server", "send-file-del-server",
                        "send-file-enable-server"))


def image_calls(want, have):
    """No-signal images: user images by name (built-ins are never deleted), then which one is shown."""
    images = lists.IMAGES.device
    if images not in want:
        return []
    out = []
    new = {lists.IMAGES.device_identity(i): i for i in want[images]}
    old = {lists.IMAGES.device_identity(i): i for i in have.get(images, [])}
    for name, item in old.items():
        if name not in new and item.get("is-edit"):
            out.append((REMOVE, Call("del-nosignal-file", {}, f"video.no_signal.images[{quoted(name)}] is not in the configuration",
                                     target=_target(images, {"name": name},
                                                   f"video.no_signal.images[{quoted(name)}]"))))
    for name, item in new.items():
        if name not in old:
            if not item.get("_file"):
                raise PlanError(f"video.no_signal.images[{quoted(name)}] is not on the device and has no file: "
                                "a new image needs one (add-nosignal-file)")
            out.append((ADD, Call("add-nosignal-file", {}, f"video.no_signal.images[{quoted(name)}] is new",
                                  upload=item.get("_file"))))
    shown = [n for n, i in new.items() if i.get("is-use")]
    current = [n for n, i in old.items() if i.get("is-use")]
    if shown and shown[:1] != current[:1]:
        out.append((ENABLE, Call("set-nosignal-file", {}, f"video.no_signal.show {current[0] if current else None} -> {shown[0]}",
                                 target=_target(images, {"name": shown[0]},
                                                 f"video.no_signal.images[{quoted(shown[0])}]"))))
    return out


# --- users, pairing password, access point, EDID, cloud -------------------------------------

def user_calls(want_users, have_users, login_user=None, login_password=None):
    """Users by name. Passwords are write-only: sent on create, on update only with `always`.

    The user the tool is logged in as changes its own password with ch-password,
    last of all, because the session's password changes with it.
    """
    if want_users is None:
        return []
    out = []
    new = {u["id"]: u for u in want_users}
    old = {u["id"]: u for u in have_users}
    for name, user in old.items():
        if name not in new and user.get("type") != 1 and name != login_user:
            out.append((REMOVE, Call("del-user", {"id": name}, f"users[{quoted(name)}] is not in the configuration")))
    for name, user in new.items():
        password = user.get("_password")
        if name not in old:
            if password is None:
                raise PlanError(f"users[{quoted(name)}] is not on the device and has no password: "
                                "a new user needs one (add-user)")
            out.append((ADD, Call("add-user", {"id": name, "pass": digest(password)}, f"users[{quoted(name)}] is new")))
        elif password is not None and user.get("_update_password") == "always":
            if name == login_user:
                out.append((OWN_PASSWORD, Call("ch-password", {"pass": wire(login_password, "pass"),
                                                               "new-pass": digest(password)},
                                               f"users[{quoted(name)}].password (update_password: always; "
                                               "the tool's own login, so it goes last)")))
            else:
                out.append((USERS, Call("set-password", {"id": name, "pass": digest(password)},
                                        f"users[{quoted(name)}].password (update_password: always)")))
    return out


def softap_calls(want_enabled, have_enabled):
    if want_enabled is None or bool(want_enabled) == bool(have_enabled):
        return []
    if want_enabled:
        return [(NETWORK, Call("open-softap", {}, "network.access_point.enabled false -> true"))]
    return [(REMOVE, Call("close-softap", {}, "network.access_point.enabled true -> false"))]


EDID_FLAGS = ("smart-edid", "keep-last", "add-audio", "limit-pixel-clock")


def _b64(text):
    return "".join(str(text or "").split())


# The reference gives one EDID as what set-default-edid restores; a device whose
# EDID equals it needs no restore (so `default: true` plans clean once applied).
from usconf.spec.edid import DEFAULT_EDID_B64 as DEFAULT_EDID  # noqa: E402


def edid_calls(want, have):
    """EDID: restore the default or import a file (compared by content), then the four flags."""
    if not want:
        return []
    have = have or {}
    out = []
    held = _b64(have.get("data"))
    if want.get("_default") and held != _b64(DEFAULT_EDID):
        out.append((GROUP, Call("set-default-edid", {}, "edid.default: restore the default EDID")))
    elif want.get("_file") and _b64(want.get("data")) != held:
        out.append((GROUP, Call("import-edid", {}, f"edid.file {want['_file']} differs from the device's EDID",
                                upload=want["_file"])))
    flags = {k: want[k] for k in EDID_FLAGS if k in want}
    if any(not same(have.get(k), v) for k, v in flags.items()):
        params = {k: wire(flags.get(k, have.get(k))) for k in EDID_FLAGS}
        out.append((GROUP, Call("set-edid-config", params, "edid: " + _reason_fields(have, flags))))
    return out


CLOUD_FIELDS = {"cloud-ip-addr": "address", "cloud-http-port": "http_port",
                "cloud-enable-https": "https", "cloud-https-port": "https_port"}


def cloud_calls(want, have):
    """Cloud slots 0/1: a slot whose server differs is unregistered, then registered anew."""
    if want is None:
        return []
    out = []
    new = {int(s["id"]): s for s in want}
    old = {int(s["id"]): s for s in have or []}
    for slot in (0, 1):
        cur, item = old.get(slot, {}), new.get(slot)
        registered = bool(cur.get("is-cloud-set"))
        differs = item is not None and any(not same(cur.get(k), item.get(k)) for k in CLOUD_FIELDS if k in item)
        if registered and (item is None or differs):
            why = "is not in the configuration" if item is None else "moves to another server"
            out.append((REMOVE, Call("cloud-unreg-ex", {"id": str(slot)}, f"cloud[{slot}] {why}", api="cloud")))
        if item is not None and (differs or not registered):
            # Without a code the cloud's administrator accepts the registration later.
            code = item.get("_code") or item.get("cloud-code")
            params = {"id": str(slot)}
            if code:
                params["cloud-code"] = wire(code, "cloud-code")
            params.update({k: wire(item.get(k, cur.get(k))) for k in CLOUD_FIELDS})
            out.append((ADD, Call("cloud-reg-ex", params, f"cloud[{slot}] registers with {item.get('cloud-ip-addr')}",
                                  api="cloud")))
    return out


def first_over_call(want, have, pairing=None):
    """set-first-over for a factory-new device: name, pairing password and time zone in one call."""
    name = want.get("name", have.get("name"))
    clock_key = sections.CLOCK.device
    clock = dict(have.get(clock_key) or {}, **public(want.get(clock_key) or {}))
    params = {"name": wire(name), "enable-passwd": "1" if pairing else "0"}
    if pairing:
        params["passwd"] = digest(pairing)      # set-first-over's own parameter
    params.update({"timezone": wire(clock.get("timezone", "UTC")), "is-auto": wire(clock.get("is-auto", 1)),
                   "time": "" if clock.get("is-auto", 1) else wire((want.get(clock_key) or {}).get("_time", ""))})
    return Call("set-first-over", as_example("set-first-over", params),
                "the device is factory-new (statusFirst): name, pairing password and time zone come first")


def target_label_of(key):
    return ", ".join(str(_shown(v, k)) for k, v in key.items())
