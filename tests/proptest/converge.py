"""One convergence run: documents applied in sequence to a fresh emulated device through the CLI.

For each document: `usconf validate --device`, `usconf plan --json`, `usconf apply --yes`, then
`usconf plan --json` again, exactly as a user runs them. `problems()` lists every way the
run broke a promise (empty when it converged):
- validate passes <=> plan succeeds;
- a plan has calls <=> it has changes;
- apply exits 0;
- the plan after apply is empty (but for passwords the document asks to send every time);
- no generated secret appears in any output, nor in the device's request log.
"""
import contextlib
import io
import json
import pathlib

import yaml

from tests.emulator.helpers import edid_bytes, jpeg
from tests.proptest.documents import SECRET_MARK
from usconf.emulator import Faults, running
from usconf.spec.edid import DEFAULT_EDID_B64

PROFILES = ("default", "strict")
# Quirks of real firmware and networks (usconf.emulator.faults), short enough for a fast suite.
QUIRKS = {
    "clean": {},
    "string-results": {"string_results": True},
    "write-lag": {"write_lag_s": 0.05},
    "session-expiry": {"expire_after": 7},
    "busy": {"busy_rate": 0.05},
}


def write_files(folder):
    """The files documents may name (tests.proptest.documents.FILES), beside them."""
    import base64
    folder = pathlib.Path(folder)
    (folder / "slate.jpg").write_bytes(jpeg(1280, 720))
    (folder / "bars.jpg").write_bytes(jpeg(640, 360))
    (folder / "big.jpg").write_bytes(jpeg(1920, 1080, pad=600_000))
    (folder / "default.bin").write_bytes(base64.b64decode(DEFAULT_EDID_B64))
    (folder / "other.bin").write_bytes(edid_bytes(blocks=2))


def cli(*argv):
    """Run `usconf ARGV` in this process: (exit code, stdout + stderr)."""
    from usconf.cli import main
    out, err = io.StringIO(), io.StringIO()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(argv))
        except SystemExit as done:
            code = done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return code, out.getvalue() + err.getvalue()


def _secrets(value, out):
    if isinstance(value, dict):
        for v in value.values():
            _secrets(v, out)
    elif isinstance(value, list):
        for v in value:
            _secrets(v, out)
    elif isinstance(value, str) and value.startswith(SECRET_MARK):
        out.add(value)
    return out


def _admin_password(doc, current):
    """The tool's own password after applying `doc` (a document may change Admin's password)."""
    for user in doc.get("users") or []:
        if user.get("name") == "Admin" and user.get("password") is not None \
                and user.get("update_password", "on_create") == "always":
            return user["password"]
    return current


def _always_sent(doc):
    """Methods a plan sends every time for this document: passwords with update_password: always."""
    out = set()
    if (doc.get("device") or {}).get("app", {}).get("update_password") == "always" \
            and (doc.get("device") or {}).get("app", {}).get("pairing_password") is not None:
        out.add("set-app-passwd")
    for user in doc.get("users") or []:
        if user.get("update_password") == "always" and user.get("password") is not None:
            out.update({"set-password", "ch-password"})
    return out


def problems(docs, folder, profile="default", quirk="clean", seed=0, stats=None):
    """Apply `docs` in sequence on a fresh device; a list of what went wrong (empty: converged).

    `stats` (a Counter), when given, counts documents, valid ones and applied ones.
    """
    stats = stats if stats is not None else {}
    folder = pathlib.Path(folder)
    write_files(folder)
    faults = Faults(seed=seed, **QUIRKS[quirk])
    out, outputs, secrets = [], [], set()
    password = "Admin"
    with running(faults=faults, **({"strict": True} if profile == "strict" else {})) as emu:
        for n, doc in enumerate(docs):
            path = folder / f"doc{n}.yaml"
            path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
            secrets |= _secrets(doc, set())
            pw_file = folder / "password"
            pw_file.write_text(password + "\n", encoding="utf-8")
            device = ["--device", emu.url, "--cloud-port", str(emu.cloud_port), "--password-file", str(pw_file)]
            where = f"doc{n}"

            # Validated against the device it goes to, as a user checks a file before applying it.
            valid, text = cli("validate", str(path), *device)
            outputs.append(text)
            stats["documents"] = stats.get("documents", 0) + 1
            stats["valid"] = stats.get("valid", 0) + (valid == 0)
            if valid != 0:
                for line in text.strip().splitlines():
                    if ": " in line and "invalid (" not in line:
                        stats.setdefault("refusals", []).append(line.split(": ", 1)[1][:150])
            planned, text = cli("plan", str(path), "--json", *device)
            outputs.append(text)
            if (valid == 0) != (planned == 0):
                out.append(f"{where}: validate exit {valid} but plan exit {planned}: {text.strip()[-400:]}")
                break
            if planned != 0:
                continue            # refused by both: the device is left as it was
            plan = json.loads(text)
            if bool(plan["calls"]) != bool(plan["changes"]):
                out.append(f"{where}: {len(plan['calls'])} calls but {len(plan['changes'])} changes")
            applied, text = cli("apply", str(path), "--yes", *device)
            outputs.append(text)
            if applied != 0:
                out.append(f"{where}: apply exit {applied}: {text.strip()[-600:]}")
                break
            stats["applied"] = stats.get("applied", 0) + 1
            password = _admin_password(doc, password)
            pw_file.write_text(password + "\n", encoding="utf-8")
            again_code, text = cli("plan", str(path), "--json", *device)
            outputs.append(text)
            if again_code != 0:
                out.append(f"{where}: re-plan exit {again_code}: {text.strip()[-400:]}")
                break
            again = json.loads(text)
            left = [c for c in again["calls"] if c["method"] not in _always_sent(doc)]
            if left or (again["changes"] and not again["calls"]):
                out.append(f"{where}: re-plan not empty: {[(c['method'], c.get('reason')) for c in left]} "
                           f"changes {[c.get('path') for c in again['changes']]}")
                break
        logged = json.dumps(list(emu.requests))
    for secret in secrets:
        if any(secret in text for text in outputs) or secret in logged:
            out.append("a secret appears in the output or the request log")
            break
    return out
