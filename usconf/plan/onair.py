"""On-air safety: what a device streaming or recording is doing, and which calls would disturb it.

A box that is live or recording is on air. A plan shows that state at its top
(`LIVE to 2 servers, RECORDING to sd`) and marks each call that would interrupt it
or that the device refuses while on air; apply refuses such a plan unless the user
allows the interruption. The judgement is made from one read of the device
(get-status for the state, get-settings for which servers and disks are in use).

What counts, and why:
- re-encoding (set-video main/sub, set-audio, set-stream): the encoder restarts,
  so the live stream drops and the recording is cut into a new file;
- the enabled live server (changing, enabling, disabling or deleting one, or adding
  an enabled one): its connection is restarted or cut while live;
- recording control (set-rec-control, set-auto-rec): the device refuses it while
  recording (errBusy);
- network (set-net): the device's address changes under the live stream;
- EDID (import-edid, set-default-edid, set-edid-config): the source renegotiates
  the input signal, a blackout in both outputs.
"""
from usconf.model.lists import LIVE_SERVERS
from usconf.spec import status as bits

RE_ENCODE = {"set-video": "re-encodes the video", "set-audio": "re-encodes the audio",
             "set-stream": "changes which stream is encoded for recording and live"}
EDID = {"import-edid", "set-default-edid", "set-edid-config"}
SERVER_METHODS = {"add-server", "set-server", "del-server", "enable-server"}
REC_CONTROL = {"set-rec-control": "recording settings", "set-auto-rec": "recording.auto_start"}
DISKS = (("usb", "usb-option", "USB"), ("sd", "sd-option", "SD"))
DISK_VALID = 0x01


def _int(value, default=0):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _enabled_servers(settings):
    return [s for s in (settings or {}).get(LIVE_SERVERS.device) or [] if isinstance(s, dict) and _int(s.get("is-use"))]


def air_state(snapshot):
    """{"live": bool, "servers": n, "recording": bool, "disks": [...]} from one read of the device."""
    mask = _int((snapshot.status or {}).get("cur-status"))
    rec = (snapshot.settings or {}).get("rec-control") or {}
    return {"live": bool(mask & bits.LIVING), "servers": len(_enabled_servers(snapshot.settings)),
            "recording": bool(mask & bits.RECORD),
            "disks": [key for key, option, _ in DISKS if _int(rec.get(option))]}


def on_air(state):
    return bool(state and (state.get("live") or state.get("recording")))


def state_text(state):
    """`LIVE to 2 servers, RECORDING to sd`; empty when off air."""
    parts = []
    if state.get("live"):
        n = state.get("servers", 0)
        parts.append(f"LIVE to {n} server{'s' if n != 1 else ''}")
    if state.get("recording"):
        disks = state.get("disks") or []
        parts.append("RECORDING" + (f" to {' and '.join(disks)}" if disks else ""))
    return ", ".join(parts)


def _server_enabled(call, settings):
    if call.method == "add-server":
        return _int(call.params.get("is-use"))
    key = (call.target or {}).get("key") or {}
    for server in (settings or {}).get(LIVE_SERVERS.device) or []:
        if isinstance(server, dict) and server.get("name") == key.get("name") and _int(server.get("is-use")):
            return True
    # enabling a server that is off also changes what the live stream sends to
    return call.method == "enable-server" and _int(call.params.get("is-use"))


def effect(call, snapshot, state=None):
    """Why `call` would interrupt the device as it is now, or be refused by it; None when it is safe."""
    state = state if state is not None else air_state(snapshot)
    live, recording = state.get("live"), state.get("recording")
    if not (live or recording):
        return None
    what = state_text({"live": live, "servers": state.get("servers"), "recording": recording,
                       "disks": state.get("disks")})
    method = call.method
    if method in RE_ENCODE:
        return f"{RE_ENCODE[method]}: interrupts {what}"
    if method in EDID:
        return f"the input renegotiates its signal: interrupts {what}"
    if live and method in SERVER_METHODS and _server_enabled(call, snapshot.settings):
        return f"changes a live server in use: interrupts {state_text({'live': True, 'servers': state.get('servers')})}"
    if recording and method in REC_CONTROL:
        return f"{REC_CONTROL[method]} cannot change while recording: the device refuses it"
    if live and method == "set-net":
        return f"the network changes under the stream: interrupts {state_text({'live': True, 'servers': state.get('servers')})}"
    return None


def off_air(snapshot):
    """The snapshot as if nothing were live or recording, for finding an order of calls: what the
    air blocks is marked and refused by apply (unless allowed), not made unplannable."""
    mask = _int((snapshot.status or {}).get("cur-status"))
    if not mask & (bits.LIVING | bits.RECORD):
        return snapshot
    quiet = snapshot.copy()
    quiet.status = dict(quiet.status, **{"cur-status": mask & ~(bits.LIVING | bits.RECORD)})
    return quiet


def mark(calls, snapshot):
    """(state, {index: why}) of the calls that would disturb the device as read in `snapshot`."""
    state = air_state(snapshot)
    found = {}
    for n, call in enumerate(calls):
        why = effect(call, snapshot, state)
        if why:
            found[n] = why
    return state, found


def _refusal_text(state, found, calls):
    listed = "; ".join(f"call {n + 1} {calls[n].method} ({why})" for n, why in found.items())
    return (f"refusing to apply: the device is on air ({state}) and {len(found)} "
            f"call{'s' if len(found) != 1 else ''} would interrupt it or be refused: {listed}. Apply when it is "
            f"off air, or give --allow-interrupt (Ansible: allow_interrupt: true) to interrupt it")


def refusal(calls, snapshot):
    """One message saying what an on-air device blocks (its state and the calls), or None when nothing does."""
    state, found = mark(calls, snapshot)
    return _refusal_text(state_text(state), found, calls) if found else None


def plan_refusal(plan):
    """refusal() from what a plan recorded when it was made."""
    found = {m["index"] - 1: m["why"] for m in (plan.on_air or {}).get("calls", [])}
    return _refusal_text(plan.on_air.get("state"), found, plan.calls) if found else None


def _areas(call):
    """The change paths (prefixes) a call sets, so the change lines can be marked with it."""
    m, p = call.method, call.params
    if m == "set-video":
        return ("video.main",) if str(p.get("stream")) == "0" else ("video.sub",)
    if m == "set-audio":
        return ("audio",)
    if m == "set-stream":
        return ("streams",)
    if m in EDID:
        return ("edid",)
    if m in REC_CONTROL:
        return ("recording",)
    if m == "set-net":
        return ("network.ethernet",) if str(p.get("type")) == "1" else ("network.wifi",)
    if m in SERVER_METHODS:
        if call.target and call.target.get("label"):
            return (call.target["label"],)
        return (f'live.servers["{p.get("name")}"]',)
    return ()


def summary(calls, changes, snapshot):
    """What a plan shows about the air: {} off air, else the state and the marked calls and changes."""
    state, found = mark(calls, snapshot)
    if not on_air(state):
        return {}
    areas = {}
    for n, why in found.items():
        for area in _areas(calls[n]):
            areas.setdefault(area, why)
    marked = []
    for change in changes:
        for area, why in areas.items():
            if change.path == area or change.path.startswith((area + ".", area + "[")):
                marked.append({"path": change.path, "why": why})
                break
    return {"state": state_text(state), "live": state["live"], "servers": state["servers"],
            "recording": state["recording"], "disks": state["disks"],
            "calls": [{"index": n + 1, "why": why} for n, why in found.items()], "changes": marked}
