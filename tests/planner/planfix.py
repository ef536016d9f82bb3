"""Building simulated devices for planner and apply tests: factory settings plus a case's overrides."""
import copy
import hashlib
import os

from usconf import model
from usconf.emulator import Backend
from usconf.language.load import load_data
from usconf.plan.build import plan_calls
from usconf.plan.simulate import read_back
from usconf.secrets import Secret, reveal

ADMIN_MD5 = Secret(hashlib.md5(b"Admin").hexdigest())


def merge(base, overrides):
    """Overrides onto a get-settings body: dicts merge, everything else replaces."""
    out = copy.deepcopy(base)
    for key, value in (overrides or {}).items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        else:
            out[key] = copy.deepcopy(value)
    return out


def device(spec=None):
    """A Backend as a case's `device:` describes it.

    spec keys: settings (overrides), setup (list of {method, params} run in order),
    users (names to add), first_boot (keep statusFirst; default false), softap (bool),
    edid_file (an EDID binary the device imported before the case).
    """
    spec = spec or {}
    backend = Backend(model=spec.get("model", "hdmi"))
    if not spec.get("first_boot"):
        backend.handle("set-first-over", {"name": backend.settings["name"], "enable-passwd": "0",
                                          "timezone": "UTC", "is-auto": "1", "time": ""}, None, None, None)
    if "settings" in spec:
        backend.settings = merge(backend.settings, spec["settings"])
    for name in spec.get("users", []):
        backend.handle("add-user", {"id": name, "pass": hashlib.md5(name.encode()).hexdigest()}, None, None, None)
    for step in spec.get("setup", []):
        params = {k: str(v) for k, v in (step.get("params") or {}).items()}
        answer = backend.handle(step["method"], params, None, None, None)
        assert answer["result"] >= 0, f"setup call {step} refused: {answer}"
    if spec.get("edid_file"):
        with open(spec["edid_file"], "rb") as fh:
            files = {"file": (os.path.basename(spec["edid_file"]), fh.read())}
        answer = backend.handle("import-edid", {}, None, files, None)
        assert answer["result"] >= 0, f"setup import-edid refused: {answer}"
    if spec.get("softap") is not None:
        backend.handle("open-softap" if spec["softap"] else "close-softap", {}, None, None, None)
    return backend


def plan_for(backend, desired_doc, url=None, validate=True):
    """(calls, snapshot, canonical desired) for a desired document against a simulated device."""
    snap = read_back(backend)
    if validate:
        canonical = load_data(desired_doc, "case").canonical
    else:
        canonical = model.from_yaml({k: v for k, v in desired_doc.items() if k != "usconf"})
    state = model.to_device(canonical, snap)
    calls = plan_calls(state, snap, login_user="Admin", login_password=ADMIN_MD5, url=url)
    return calls, snap, canonical


def shown(call):
    """method + params as a test compares them: secrets revealed, the target's key as `target`,
    the file a call uploads as `upload` (relative to the working directory, however the loader wrote it)."""
    out = {"method": call.method}
    out.update({k: reveal(v) for k, v in call.params.items()})
    if call.upload:
        out["upload"] = os.path.relpath(os.path.abspath(call.upload))
    if call.target is not None:
        out["target"] = ", ".join(str(reveal(v)) for v in call.target["key"].values())
    return out
