"""DeviceState desired + what the device holds -> ordered calls, proven by simulation.

1. Rules first: a desired state the device rules forbid is a PlanError naming the
   rule, before any call is made up.
2. A factory-new device (statusFirst) gets set-first-over before anything else.
3. The minimal calls (usconf.plan.calls) are ordered by simulation (usconf.plan.order).
4. The simulated device is read back and must equal the desired state: this
   proves the calls' parameters, not only their order.
"""
from usconf import rules
from usconf.errors import PlanError
from usconf.model import device, lists, sections, streams, video
from usconf.plan import calls as C
from usconf.plan.calls import plain
from usconf.plan.order import order
from usconf.plan.reasons import human
from usconf.plan.records import Call
from usconf.plan.simulate import Refusal, explain_states, fork, read_back, read_info, simulate, simulated_device
from usconf.spec import status as status_bits
from usconf.urls import urlsplit  # not urllib.parse: loading it costs every start ~2 ms

SERVERS = lists.LIVE_SERVERS.device
PAIRING = sections.PAIRING_PASSWORD


def _rule_label(field):
    """A rule's device field named as the user wrote it, for rule messages."""
    path = sections.language_path(field)
    return ".".join(path) if path else field


def check_reachable(desired_settings, actual_settings, info=None):
    """PlanError naming each rule the desired state breaks (that the device does not already break)."""
    broken = rules.new_violations(plain(actual_settings), plain(_strip(desired_settings)), info)
    if broken:
        lines = [f"{_rule_label(v.field)}: {_explain(v, desired_settings)} ({v.code_name})"
                 for v in broken]
        raise PlanError("the configuration breaks a device rule, nothing was sent:\n  " + "\n  ".join(lines))


def _explain(violation, settings):
    """A rule's message in the file's terms where the rulebook words it in device units."""
    n = sum(1 for s in settings.get(SERVERS, []) if s.get("is-use"))
    if violation.code_name == "errChannelsLimited":
        return f"{n} servers enabled; the device allows {rules.MAX_ENABLED_SERVERS}"
    if violation.code_name == "err8MLimited":
        path = "video.sub.bitrate" if settings.get(streams.LIVE.device) == 1 else "video.main.bitrate"
        kbps = plain(rules.live_kbps(plain(settings)))
        return (f"{n} servers enabled while {path} is {human(path, kbps)} "
                f"(over {human(path, rules.SINGLE_SERVER_KBPS)})")
    if violation.code_name == "errRTSP8MLimited":
        flat = plain(settings)
        for server in flat.get(SERVERS, []):
            # the rulebook's message names the server as Python writes it: find which one
            if server.get("type") == rules.RTSP and repr(server.get("name")) in violation.message:
                served = [(video.MAIN, server.get("is-main")), (video.SUB, server.get("is-sub"))]
                path, kbps = max(((f"{s.path}.bitrate", flat[s.device]["kbps"]) for s, on in served if on),
                                 key=lambda pk: pk[1])
                return (f'RTSP server "{server.get("name")}" streams {path} {human(path, kbps)}, '
                        f"over {human(path, rules.RTSP_MAX_KBPS)}")
    return violation.message


def _strip(value):
    """A state without planner hints, as the device would hold it."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if not str(k).startswith("_")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def connected_interface(url, status):
    """'wifi' when the tool reaches the device over its Wi-Fi address, else 'eth'."""
    host = urlsplit(url).hostname if url else None
    wifi_ip = (status.get("wifi") or {}).get("ip")
    return "wifi" if host and wifi_ip and host == wifi_ip else "eth"


def softap_on(snapshot):
    return bool(snapshot.cur_status & status_bits.SOFTAP)


def _current_pairing(want, doing):
    """The MD5 of the pairing password the device has now, which it asks for to change or remove it."""
    current = want.get("_current_pairing_password")
    if current is None:
        raise PlanError(f"device.app.pairing_password: the device has a pairing password, and {doing} it needs "
                        "the current one: give it as device.app.current_pairing_password")
    return C.digest(current)


def pairing_calls(want, have):
    """set-app-passwd: the device only says whether a pairing password is set.

    Setting one where none is set takes the new password only; changing or removing one
    takes the current password too (`pass`), as the reference's requests show.
    """
    key, method, path = PAIRING.device, PAIRING.method, PAIRING.path
    if key not in want:
        return []
    secret = want.get("_pairing_password")
    if want[key] and not have.get(key):
        return [(C.GROUP, Call(method, {"is-pass": "1", "new-pass": C.digest(secret)}, f"{path} set"))]
    if want[key] and want.get("_update_password") == "always":
        return [(C.GROUP, Call(method, {"is-pass": "1", "pass": _current_pairing(want, "changing"),
                                        "new-pass": C.digest(secret)}, f"{path} changed"))]
    if not want[key] and have.get(key):
        return [(C.GROUP, Call(method, {"is-pass": "0", "pass": _current_pairing(want, "removing")},
                               f"{path} null (off)"))]
    return []


def make_calls(desired, have, login_user=None, login_password=None, via="eth"):
    """All calls from `have` (a Snapshot) to `desired` (a DeviceState), in priority order."""
    want = desired.settings
    out = []
    out += C.setting_calls(want, have.settings)
    out += pairing_calls(want, have.settings)
    out += C.server_calls(want, have.settings)
    out += C.upload_calls(want, have.settings)
    out += C.image_calls(want, have.settings)
    out += C.user_calls(getattr(desired, "users", None), have.users, login_user, login_password)
    out += C.edid_calls(getattr(desired, "edid", None), have.edid)
    out += C.cloud_calls(getattr(desired, "cloud", None), (have.cloud or {}).get("status", []))
    out += C.softap_calls(getattr(desired, "softap_enabled", None), softap_on(have))
    out += C.net_calls(want, have.settings, via)
    return out


def plan_calls(desired, snapshot, login_user=None, login_password=None, url=None, backend_factory=None):
    """Ordered calls that take the device from `snapshot` to `desired`; PlanError if none exist."""
    if backend_factory is None:
        backend_factory = simulated_device
    check_reachable(desired.settings, snapshot.settings, snapshot.info)
    backend = backend_factory(snapshot)
    states = [fork(backend)]      # the device before each call and after the last, for the reasons
    info = read_info(backend)     # no planned call changes get-info (simulate.SHARED): read it once
    have = read_back(backend, info)
    first = []
    if snapshot.cur_status & status_bits.FIRST:
        call = C.first_over_call(desired.settings, have.settings, desired.settings.get("_pairing_password"))
        try:
            simulate(backend, call)
        except Refusal as refusal:
            refusal.before = backend
            raise PlanError(f"cannot finish the first-boot setup: {refusal.describe()}") from None
        first = [call]
        states.append(backend)    # the search below copies it before every trial, so it stays as it is now
        have = read_back(backend, info)
        if desired.settings.get("_pairing_password") is not None:
            # set-first-over has just set the pairing password: sending it again (update_password:
            # always) would need it as the old one, and it is already what the file asks for.
            desired = desired.with_settings(dict(desired.settings, _update_password="on_create"))
    via = connected_interface(url, snapshot.status)
    ordered, end = order(make_calls(desired, have, login_user, login_password, via), backend, states=states)
    left = mismatches(desired, read_back(end, info), login_user)
    if left:
        raise PlanError("the planned calls would not reach the configuration (a usconf bug): "
                        + "; ".join(left))
    calls = first + ordered
    explain_states(calls, states)
    return calls


# --- checking an end state ------------------------------------------------------------------

def _sub(want, have, path, out):
    """Record where `have` differs from the parts of `want` that are not hints or fresh ids."""
    if isinstance(want, dict) and isinstance(have, dict):
        for k, v in want.items():
            if str(k).startswith("_") or (k == "id" and v is None):
                continue
            _sub(v, have.get(k), f"{path}.{k}" if path else k, out)
    elif isinstance(want, list) and isinstance(have, list):
        if len(want) != len(have):
            out.append(f"{path}: {len(have)} items, want {len(want)}")
            return
        for i, (w, h) in enumerate(zip(want, have)):
            _sub(w, h, f"{path}[{i}]", out)
    elif not C.same(want, have):
        out.append(f"{path}: {C._shown(have, path.rsplit('.', 1)[-1])!r}, want {C._shown(want, path.rsplit('.', 1)[-1])!r}")


def mismatches(desired, snap, login_user=None):
    """Where a read-back Snapshot differs from a desired DeviceState (device paths)."""
    out = []
    want = desired.settings
    for field, value in want.items():
        if str(field).startswith("_") or field == PAIRING.device:
            continue
        if field in lists.BY_DEVICE:
            _list(value, snap.settings.get(field, []), field, out)
        elif field == device.CLOCK_GROUP.device:
            _sub({k: v for k, v in value.items() if k != "time"}, snap.settings.get(field), field, out)
        else:
            _sub(value, snap.settings.get(field), field, out)
    users = getattr(desired, "users", None)
    if users is not None:
        names = sorted(u["id"] for u in users)
        held = sorted(u["id"] for u in snap.users if u["id"] in names or u.get("type") != 1)
        if held != names:
            out.append(f"users: {held}, want {names}")
    edid = getattr(desired, "edid", None)
    if edid:
        want_edid = {k: v for k, v in edid.items() if k in C.EDID_FLAGS}
        held = dict(snap.edid or {})
        if edid.get("_file") or edid.get("_default"):
            want_edid["data"] = C._b64(C.DEFAULT_EDID if edid.get("_default") else edid.get("data"))
            held["data"] = C._b64(held.get("data"))
        _sub(want_edid, held, "edid", out)
    cloud = getattr(desired, "cloud", None)
    if cloud is not None and snap.cloud is not None:
        have = {int(s["id"]): s for s in snap.cloud.get("status", [])}
        for item in cloud:
            _sub({k: v for k, v in item.items() if k in C.CLOUD_FIELDS}, have.get(int(item["id"]), {}),
                 f"cloud[{item['id']}]", out)
    ap = getattr(desired, "softap_enabled", None)
    if ap is not None and bool(ap) != softap_on(snap):
        out.append(f"access point {'off' if ap else 'on'}, want {'on' if ap else 'off'}")
    return out


def _list(want, have, field, out):
    lst = lists.BY_DEVICE[field]
    index = {lst.frozen_device_key(i): i for i in have}
    wanted = {lst.frozen_device_key(i) for i in want}
    for item in want:
        found = index.get(lst.frozen_device_key(item))
        label = C.target_label_of(lst.device_key(item))
        if found is None:
            out.append(f"{field}[{label}]: missing")
        else:
            compare = {k: v for k, v in item.items() if not (lst is lists.IMAGES and k in ("file-path", "time"))}
            _sub(compare, found, f"{field}[{label}]", out)
    for key, item in index.items():
        if key not in wanted and not (lst is lists.IMAGES and not item.get("is-edit")):
            out.append(f"{field}[{C.target_label_of(lst.device_key(item))}]: still on the device")
