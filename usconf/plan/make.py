"""Make a Plan: the changes and the ordered calls from what a device holds to a desired state.

    desired = load("studio.yaml")                  # usconf.language.load
    with Client(url, password=pw) as dev:
        p = make_plan(desired, dev)                # Plan: changes + ordered calls, nothing sent
        result = apply_plan(p, dev, desired)       # usconf.apply.run: sent, verified, rolled back?

`make_plan` accepts a connected Client (it reads the device) or a Snapshot
(offline, e.g. check mode on recorded facts). The fingerprints recorded here let
apply refuse a plan the device has moved away from.
"""
import json
import os

from usconf import model
from usconf.client.methods import SENSITIVE_PARAMS
from usconf.digests import hmac_sha256_hex, sha256_hex
from usconf.errors import PlanError
from usconf.model import nosignal
from usconf.plan import firmware as plan_firmware
from usconf.plan import onair
from usconf.plan.diff import diff
from usconf.plan.records import Plan
from usconf.secrets import Secret, reveal
from usconf.spec import status as status_bits

__all__ = ["make_plan", "snapshot_of", "fingerprint", "section_fingerprints", "check_saved", "stale_sections",
           "secret_digests", "check_secrets"]


# Secrets stay out of fingerprints: a digest of a password in a small section lets
# anyone holding the plan file test guesses offline. A secret changed on the device
# is still caught: apply recomputes the calls and refuses when they differ.
LEFT_OUT = "\x00sensitive"


def _json_safe(value, name=None):
    if isinstance(value, Secret) or (name in SENSITIVE_PARAMS and isinstance(value, str) and value):
        return LEFT_OUT
    if isinstance(value, dict):
        return {str(k): _json_safe(v, str(k)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    return value


def _digest(value):
    text = json.dumps(_json_safe(value), sort_keys=True, default=str)
    return sha256_hex(text)


def fingerprint(snapshot):
    """sha256 of what was read (settings, users, EDID, cloud; not the ever-changing status)."""
    s = {k: v for k, v in snapshot.settings.items() if k != "result"}
    return _digest({"settings": s, "users": snapshot.users, "edid": snapshot.edid, "cloud": snapshot.cloud})


def section_fingerprints(snapshot, actual=None):
    """sha256 per canonical section and list, so a stale plan can say what changed on the device.

    `actual`: model.from_device(snapshot) when the caller has it already.
    """
    if actual is None:
        actual = model.from_device(snapshot)
    out = {}
    for name, section in actual.items():
        out[name] = _digest(section)
        if isinstance(section, dict):
            for key, value in section.items():
                if isinstance(value, list):
                    out[f"{name}.{key}"] = _digest(value)
    return out


def snapshot_of(source):
    """A Snapshot from a Snapshot or a connected client."""
    if isinstance(source, model.Snapshot):
        return source
    return model.read_snapshot(source)


def identity(snapshot, url=None):
    product = snapshot.info.get("product", {})
    return {"serial": product.get("sn"), "model": product.get("module-name"),
            "firmware": product.get("firmware-ver-s"), "url": url}


def restrict(canonical, targets):
    """Only the parts of a canonical state that `--target` paths name (device.name, live.servers, video)."""
    if not targets:
        return canonical
    out = {}
    for target in targets:
        parts = [p for p in str(target).split(".") if p]
        if not parts:
            # an empty path would restrict the plan to nothing and report "No changes"
            raise PlanError(f"--target {target!r}: names nothing; give a path such as live.servers")
        src, dst = canonical, out
        for i, part in enumerate(parts):
            if not isinstance(src, dict) or part not in src:
                raise PlanError(f"--target {target}: the configuration does not set {'.'.join(parts[:i + 1])}")
            if i == len(parts) - 1:
                dst[part] = src[part]
            else:
                dst = dst.setdefault(part, {})
                src = src[part]
    return out


def canonical_of(desired):
    return desired.canonical if hasattr(desired, "canonical") else desired


def login_of(client):
    """(username, MD5 of the password as a Secret) of a client's session, for ch-password."""
    if client is None:
        return None, None
    return client.username, client.login_digest()


def make_plan(desired, source, targets=None, url=None, client=None):
    """Plan = the changes and the ordered calls from the device (`source`) to `desired`.

    `desired`: a usconf.language.load.Desired or a canonical dict. `source`: a connected Client
    or a Snapshot. Raises PlanError when the device rules forbid the goal.
    """
    if client is None and not isinstance(source, model.Snapshot):
        client = source
    snap = snapshot_of(source)
    if url is None and client is not None:
        url = getattr(client, "base", None)
    wanted, firmware_goal = plan_firmware.split(restrict(canonical_of(desired), targets))
    plan_firmware.check_sections(wanted, firmware_goal)
    firmware = plan_firmware.step(firmware_goal, snap.info)
    if wanted.get("cloud") is not None and snap.cloud is None:
        # Unknown slots would plan a registration every time, and apply would fail at it.
        raise PlanError("cloud: the device's cloud API did not answer (port 8070 unless a cloud port is "
                        "given), so its cloud slots are unknown; give the cloud port, or leave cloud out")
    missing = nosignal.missing_shown(wanted, snap.settings)
    if missing:
        raise PlanError(missing)
    state = model.to_device(wanted, snap)
    actual = model.from_device(snap)
    changes = diff(actual, wanted)
    if changes or snap.cur_status & status_bits.FIRST:
        # The rules, the simulated device and the order search (usconf.plan.build, which loads
        # the emulator) are loaded only for a plan that has something to do.
        from usconf.plan.build import plan_calls
        user, password = login_of(client)
        # planned as if off air: what the air blocks is marked below and refused by apply, not unplannable
        calls = plan_calls(state, onair.off_air(snap), login_user=user, login_password=password, url=url)
    else:
        # Nothing differs and no first boot to finish: calls are made exactly when there are
        # changes (tests/planner/test_no_change_plan.py, and the convergence property test on
        # every plan it makes), so there is nothing to call.
        calls = []
    source_info = {}
    if getattr(desired, "source", None):
        source_info = {"path": desired.source, "sha256": desired.sha256}
        # apply PLAN renders the file again: it needs the same vars files, and the --var names
        if getattr(desired, "vars_files", None):
            source_info["vars_files"] = [dict(f) for f in desired.vars_files]
        if getattr(desired, "var_names", None):
            source_info["vars"] = list(desired.var_names)
        digests = secret_digests(desired)
        if digests["hmac"]:
            source_info["secrets"] = digests
    return Plan(changes=changes, calls=calls, device=identity(snap, url), source=source_info,
                fingerprint=fingerprint(snap), sections=section_fingerprints(snap, actual),
                target=list(targets) if targets else None, firmware=firmware,
                on_air=onair.summary(calls, changes, snap), snapshot=snap)


# A saved plan holds no secret, yet apply must not send other secrets than the ones planned
# (an env variable changed between plan and apply). So the plan keeps an HMAC-SHA256 of each:
# the key is random per plan, so equal secrets in two plans do not show as equal digests
# (os.urandom: what secrets.token_bytes returns, without loading random for it).

def _secret_values(desired):
    """{path text: plain value} of every secret of a loaded desired state (sensitive fields, env, secret_file)."""
    from usconf.language import yamlpos
    out = {}
    for path in sorted(getattr(desired, "secrets", None) or (), key=lambda p: [str(x) for x in p]):
        node = desired.doc
        try:
            for part in path:
                node = node[part]
        except (KeyError, IndexError, TypeError):
            continue
        out[yamlpos.path_text(path)] = str(reveal(node))
    return out


def secret_digests(desired, key=None):
    """{"key": hex, "hmac": {path: hex}}: a keyed hash of each secret of `desired`."""
    key = bytes.fromhex(key) if isinstance(key, str) else (key or os.urandom(32))
    return {"key": key.hex(),
            "hmac": {path: hmac_sha256_hex(key, value)
                     for path, value in _secret_values(desired).items()}}


def check_secrets(saved, desired):
    """Refuse a saved plan when a secret of the configuration is not the one it was planned with."""
    recorded = (saved.source or {}).get("secrets") or {}
    if not recorded.get("hmac") and not getattr(desired, "secrets", None):
        return
    try:
        now = secret_digests(desired, recorded.get("key") or None)["hmac"]
    except ValueError:
        raise PlanError("saved plan is damaged: its secrets key is not hex") from None
    # compare_digest: apply's check only (apply loads hashlib anyway), so not at the top
    import hmac

    was = recorded.get("hmac") or {}
    changed = sorted(p for p in set(was) | set(now) if not hmac.compare_digest(str(was.get(p, "")), now.get(p, "")))
    if changed:
        raise PlanError(f"plan is stale: the secret{'s' if len(changed) > 1 else ''} {', '.join(changed)} "
                        f"changed since the plan was made (an environment variable or secret file?); plan again")


def stale_sections(saved, snapshot):
    """Sections whose device value changed since `saved` was computed (most specific first)."""
    now = section_fingerprints(snapshot)
    changed = [name for name in sorted(set(saved.sections) | set(now))
               if saved.sections.get(name) != now.get(name)]
    specific = [n for n in changed if not any(o != n and o.startswith(n + ".") for o in changed)]
    return specific


def check_saved(saved, fresh, snapshot):
    """Refuse a saved plan the device or the configuration has moved away from."""
    was, now = saved.device.get("serial"), fresh.device.get("serial")
    if was and now and was != now:
        # another unit: every section differs, and "stale" would send the user looking for a change
        raise PlanError(f"plan was made for device {was}, not for this one ({now}); plan against this device")
    if saved.fingerprint != fresh.fingerprint:
        names = stale_sections(saved, snapshot)
        what = ", ".join(names) if names else "the device state"
        raise PlanError(f"plan is stale: {what} changed on the device since the plan was made; plan again")
    if saved.firmware != fresh.firmware:
        raise PlanError("plan is stale: the device's firmware or the firmware file changed; plan again")
    if [c.to_dict() for c in saved.calls] != [c.to_dict() for c in fresh.calls]:
        raise PlanError("plan is stale: the plan computed now differs from the saved one; plan again")
