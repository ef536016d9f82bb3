"""Every plan the examples and the planner fixtures make, as text, to prove a planner change alters none.

    .venv/bin/python bench/plan_dump.py > before.txt      # change the planner, then
    .venv/bin/python bench/plan_dump.py > after.txt && cmp before.txt after.txt

Each example is planned against a factory-new emulated device, against one it
was already applied to (nothing to change) and against both while live and
recording (the on-air marks); each fixture of tests/fixtures/plans against its
own device. A plan is written as its calls (method, params, target, upload,
reason, in order), changes, on-air summary and fingerprints. Secret values are
written as a sha256 prefix: a changed secret shows, its text does not.
"""
import hashlib
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "planner"))
ENV = {"YT_KEY": "dump-yt", "BACKUP_KEY": "dump-backup", "OPS_PASSWORD": "dump-ops", "FTP_PASSWORD": "dump-ftp",
       "RTMP_KEY": "dump-rtmp", "LECTURE_STREAM_KEY": "dump-lecture", "LECTURE_OPS_PASSWORD": "dump-lops",
       "STUDIO_STREAM_KEY": "dump-studio", "USCONF_PASSWORD": "dump-admin"}
os.environ.update({k: os.environ.get(k, v) for k, v in ENV.items()})

import yaml  # noqa: E402
from planfix import device  # noqa: E402

from usconf import model  # noqa: E402
from usconf.emulator import Backend  # noqa: E402
from usconf.errors import PlanError  # noqa: E402
from usconf.language.load import load, load_data  # noqa: E402
from usconf.plan.make import make_plan  # noqa: E402
from usconf.plan.simulate import read_back, wire_params  # noqa: E402
from usconf.secrets import Secret  # noqa: E402
from usconf.spec import status as bits  # noqa: E402

EXAMPLES = [("examples/minimal.yaml", {}), ("examples/rtsp.yaml", {}), ("examples/studio.yaml", {}),
            ("examples/lecture-hall/room.yaml", {"vars_files": ["examples/lecture-hall/rooms/hall-101.yaml"]}),
            ("examples/lecture-hall/room.yaml", {"vars_files": ["examples/lecture-hall/rooms/hall-204.yaml"]}),
            ("examples/gitops/configs/hall.yaml", {"vars_files": ["examples/gitops/vars/halls.yaml"],
                                                   "vars": {"room": "101"}}),
            ("examples/gitops/configs/lobby.yaml", {"vars": {"org": "ACME"}}),
            ("examples/gitops/configs/studio.yaml", {"vars": {"org": "ACME", "room": "A", "bitrate": "8M"}}),
            ("examples/gitops/configs/studio-b.yaml", {"vars": {"org": "ACME", "bitrate": "8M"}})]
FIXTURES = sorted((ROOT / "tests" / "fixtures" / "plans").glob("*.yaml"))


def shown(value):
    """JSON-safe, with each Secret as a digest of its value."""
    if isinstance(value, Secret):
        return "secret:" + hashlib.sha256(value.reveal().encode()).hexdigest()[:16]
    if isinstance(value, dict):
        return {str(k): shown(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [shown(v) for v in value]
    if isinstance(value, str):
        return value.replace(str(ROOT), "<checkout>")     # dumps of two checkouts compare
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return repr(value)


def plan_text(desired, snap):
    try:
        plan = make_plan(desired, snap)
    except PlanError as exc:
        return json.dumps({"error": str(exc)})
    data = {"calls": [{"method": c.method, "params": shown(c.params), "target": shown(c.target),
                       "upload": c.upload and os.path.relpath(c.upload, ROOT), "api": c.api, "reason": c.reason}
                      for c in plan.calls],
            "changes": [{"path": c.path, "action": c.action, "before": shown(c.before), "after": shown(c.after),
                         "sensitive": c.sensitive} for c in plan.changes],
            "on_air": shown(plan.on_air), "fingerprint": plan.fingerprint, "sections": plan.sections,
            "firmware": plan.firmware, "device": plan.device}
    return json.dumps(data, indent=1, sort_keys=True)


def applied(plan):
    """A factory-new emulated device after the plan's calls, sent as apply sends them (logged in)."""
    backend = Backend()
    sid = backend.open_session("Admin")
    for call in plan.calls:
        params = wire_params(call, backend.settings)
        files = None
        if call.upload:
            files = {"file": (os.path.basename(call.upload), Path(call.upload).read_bytes())}
        answer = backend.handle(call.method, params, None, files, sid)
        if answer["result"] < 0:
            raise SystemExit(f"{call.method} refused with {answer['result']} while applying")
    return backend


def on_air(snap):
    """The snapshot as if the device were live and recording."""
    loud = snap.copy()
    loud.status = dict(loud.status, **{"cur-status": loud.cur_status | bits.LIVING | bits.RECORD})
    return loud


def main():
    os.chdir(ROOT)
    for path, options in EXAMPLES:
        desired = load(path, **options)
        factory = read_back(Backend())
        converged = read_back(applied(make_plan(desired, factory)))
        for name, snap in (("factory", factory), ("converged", converged),
                           ("factory on air", on_air(factory)), ("converged on air", on_air(converged))):
            print(f"== {path} {options} {name}")
            print(plan_text(desired, snap))
    for path in FIXTURES:
        case = yaml.safe_load(path.read_text())
        print(f"== {path.relative_to(ROOT)}")
        if case.get("unvalidated"):
            # as tests/planner/planfix.plan_for: the planner must refuse what the loader would have
            desired = model.from_yaml({k: v for k, v in case["desired"].items() if k != "usconf"})
        else:
            desired = load_data(case["desired"], "case")
        print(plan_text(desired, read_back(device(case.get("device")))))


if __name__ == "__main__":
    main()
