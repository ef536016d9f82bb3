"""Plan and apply against an emulated encoder, as ratios to floors measured in the same run.

    .venv/bin/python bench/plan_apply.py [--repeat N]

Floors, each making the same HTTP requests as the usconf command it is compared with:
- curl: one `curl` process sending the requests in order on one keep-alive connection;
- requests: a bare Python script doing it with requests.Session (start-up included);
- ansible: `ansible-playbook` with the `uri` module, when ansible-core is installed.
Two more rows, for scale, make no requests: a bare Python start-up, and Python importing
only the modules no plan can do without (PyYAML, json, _socket, _md5).

Figures: `usconf plan` wall time on a factory-new device and with nothing to change
(targets: <= 5x and <= 4x the curl floor), planner CPU time per plan at 20 calls
(target <= 15 ms), and the requests an apply sends (target: the plan's reads + one
freshness read + the calls + the verify reads). The emulator runs in its own
process; everything stays on 127.0.0.1. Exits 1 when a target is missed.
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
STUDIO = ROOT / "examples" / "studio.yaml"
ENV_KEYS = {"YT_KEY": "bench-yt", "BACKUP_KEY": "bench-backup", "OPS_PASSWORD": "bench-ops",
            "FTP_PASSWORD": "bench-ftp"}
ADMIN_MD5 = "e3afed0047b08059d0fada10f400c1e5"     # md5("Admin"), the factory password
PLAN_READS = ["get-info", "get-status", "get-settings", "get-users", "get-edid-config", "cloud-status"]
TARGET_FACTORY, TARGET_NO_CHANGE, TARGET_CPU_MS = 5.0, 4.0, 15.0

os.environ.update({k: os.environ.get(k, v) for k, v in ENV_KEYS.items()})
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)


class Emulator:
    """`usconf emulator --port 0` in its own process (with --log FILE), stopped on exit."""

    def __init__(self, log):
        self.log = log
        self.proc = subprocess.Popen([sys.executable, "-m", "usconf", "emulator", "--port", "0", "--log", log],
                                     stdout=subprocess.PIPE, text=True, cwd=ROOT)
        ready = self.proc.stdout.readline().split()
        self.url, self.cloud_url = ready[1], ready[2].split("=", 1)[1]
        self.cloud_port = self.cloud_url.rsplit(":", 1)[1]

    def methods(self):
        import json
        with open(self.log, encoding="utf-8") as fh:
            return [json.loads(line)["method"] for line in fh if line.strip()]

    def close(self):
        self.proc.terminate()
        self.proc.wait(30)


def usconf(*args):
    script = Path(sys.executable).with_name("usconf")     # the console script, as a user runs it
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "usconf", *args]


def run_once(argv, env=None):
    """Wall time of one run of `argv`."""
    started = time.perf_counter()
    done = subprocess.run(argv, check=False, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if done.returncode not in (0, 2):
        raise SystemExit(f"{' '.join(map(str, argv))} failed: {done.stderr.decode(errors='replace')[-500:]}")
    return time.perf_counter() - started


def timed(argv, repeat, env=None):
    """Median wall time of `argv` over `repeat` runs (after one warm-up run)."""
    run_once(argv, env)
    return statistics.median(run_once(argv, env) for _ in range(repeat))


def interleaved(argv, floor_argv, repeat):
    """(median wall time of `argv`, of `floor_argv`), run in turn (A B A B ...) so that a machine
    whose speed drifts during the benchmark slows both alike."""
    run_once(argv)
    run_once(floor_argv)
    times, floors = [], []
    for _ in range(repeat):
        times.append(run_once(argv))
        floors.append(run_once(floor_argv))
    return statistics.median(times), statistics.median(floors)


def curl_sequence(emu, methods):
    """One curl process sending login, `methods` and logout in order (cookie jar, keep-alive)."""
    fd, jar = tempfile.mkstemp(prefix="usconf-bench-")
    os.close(fd)
    urls = [f"{emu.url}/usapi?method=login&id=Admin&pass={ADMIN_MD5}"]
    for method in methods:
        if method == "cloud-status":
            urls.append(f"{emu.cloud_url}/cloud-api?method=cloud-status&version=1")
        else:
            urls.append(f"{emu.url}/usapi?method={method}")
    urls.append(f"{emu.url}/usapi?method=logout")
    return ["curl", "-s", "-o", "/dev/null", "-c", jar, "-b", jar, *urls]


REQUESTS_SCRIPT = """
import sys, requests
url, cloud, methods = sys.argv[1], sys.argv[2], sys.argv[3:]
with requests.Session() as s:
    s.get(url + "/usapi", params={"method": "login", "id": "Admin", "pass": "ADMIN_MD5"}).json()
    for m in methods:
        if m == "cloud-status":
            s.get(cloud + "/cloud-api", params={"method": m, "version": "1"}).json()
        else:
            s.get(url + "/usapi", params={"method": m}).json()
    s.get(url + "/usapi", params={"method": "logout"}).json()
""".replace("ADMIN_MD5", ADMIN_MD5)

PLAN_MODULES = "import yaml, json, _socket, _md5"      # what any plan needs, before usconf's own code

PLAYBOOK = """
- hosts: localhost
  gather_facts: false
  tasks:
    - uri: {{url: "{url}/usapi?method=login&id=Admin&pass={md5}"}}
      register: login
{reads}
    - uri: {{url: "{url}/usapi?method=logout", headers: {{Cookie: "{{{{ login.cookies_string }}}}"}}}}
"""


def ansible_floor(emu, methods, repeat):
    if not shutil.which("ansible-playbook", path=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"]):
        return None
    reads = []
    for m in methods:
        base = f"{emu.cloud_url}/cloud-api" if m == "cloud-status" else f"{emu.url}/usapi"
        reads.append(f'    - uri: {{url: "{base}?method={m}", headers: {{Cookie: "{{{{ login.cookies_string }}}}"}}}}')
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False) as book:
        book.write(PLAYBOOK.format(url=emu.url, md5=ADMIN_MD5, reads="\n".join(reads)))
    exe = shutil.which("ansible-playbook", path=os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    env = dict(os.environ, ANSIBLE_LOCALHOST_WARNING="False", ANSIBLE_INVENTORY_UNPARSED_WARNING="False")
    return timed([exe, "-i", "localhost,", "-c", "local", book.name], max(3, repeat // 3), env=env)


def plan_cpu_ms(repeat):
    """Median planner CPU time per plan: studio.yaml on a factory-new device (20 calls), offline."""
    from usconf.emulator import Backend
    from usconf.language.load import load
    from usconf.plan.make import make_plan
    from usconf.plan.simulate import read_back

    desired = load(STUDIO)
    snap = read_back(Backend())
    plan = make_plan(desired, snap)
    times = []
    for _ in range(max(20, repeat * 4)):
        started = time.process_time()
        make_plan(desired, snap)
        times.append(time.process_time() - started)
    return statistics.median(times) * 1000, len(plan.calls), len(plan.changes)


def apply_requests():
    """(requests an apply of studio.yaml sent, the formula's count, its parts) on a factory-new device."""
    from usconf.apply.run import apply_plan, reads_for
    from usconf.client import Client
    from usconf.emulator import running
    from usconf.language.load import load
    from usconf.plan.make import make_plan

    desired = load(STUDIO)
    with running(port=0, cloud_port=0) as emu, Client(emu.url, cloud_url=emu.cloud_url) as dev:
        plan = make_plan(desired, dev)
        start = len(emu.requests)
        result = apply_plan(plan, dev, desired, settle=5.0)
        sent = [r["method"] for r in list(emu.requests)[start:]]
    assert result.ok, (result.error, result.ignored)
    n = len(plan.calls)
    verify = len(reads_for(plan.calls))
    id_reads = len(sent) - 1 - n - verify
    return {"plan_reads": len(PLAN_READS), "freshness": 1, "calls": n, "verify": verify, "id_reads": id_reads,
            "apply_total": len(sent), "sent": sent}


def results(repeat):
    """[(figure, value, floor, unit, target_text, ok)] for bench/run.py."""
    rows = []
    tmp = tempfile.mkdtemp(prefix="usconf-bench-")
    factory = Emulator(os.path.join(tmp, "factory.log"))
    applied = Emulator(os.path.join(tmp, "applied.log"))
    try:
        device = ["--device", factory.url, "--cloud-port", factory.cloud_port]
        subprocess.run(usconf("apply", str(STUDIO), "--yes", "--device", applied.url, "--cloud-port",
                              applied.cloud_port), check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
        before = len(factory.methods())
        subprocess.run(usconf("plan", str(STUDIO), *device), check=False, cwd=ROOT, stdout=subprocess.DEVNULL)
        plan_sent = factory.methods()[before:]
        reads = [m for m in plan_sent if m not in ("login", "logout")]
        have_curl = shutil.which("curl") is not None
        floor_requests = timed([sys.executable, "-c", REQUESTS_SCRIPT, factory.url, factory.cloud_url, *reads],
                               repeat)
        floor_ansible = ansible_floor(factory, reads, repeat)
        # What a Python process pays before any work of its own: the interpreter, and the modules
        # no plan can do without (YAML, JSON, a socket, MD5 for the login). The 4x and 5x targets
        # leave usconf what is between these and 4 or 5 curl floors.
        floor_python = timed([sys.executable, "-c", "pass"], repeat)
        floor_modules = timed([sys.executable, "-c", PLAN_MODULES], repeat)

        def plan_against(emu):
            """(usconf plan's time, its floor's) on `emu`, interleaved with the floor's runs."""
            argv = usconf("plan", str(STUDIO), "--device", emu.url, "--cloud-port", emu.cloud_port)
            floor_argv = (curl_sequence(emu, reads) if have_curl
                          else [sys.executable, "-c", REQUESTS_SCRIPT, emu.url, emu.cloud_url, *reads])
            return interleaved(argv, floor_argv, repeat)

        factory_s, floor = plan_against(factory)
        same_s, same_floor = plan_against(applied)
        floor_name = "curl" if have_curl else "requests"
        rows.append((f"floor: {floor_name}, the plan's {len(plan_sent)} requests", floor, None, "s", "", True))
        rows.append(("floor: python + requests, same requests", floor_requests, floor, "s", "", True))
        rows.append(("floor: ansible-playbook + uri, same requests", floor_ansible, floor, "s",
                     "" if floor_ansible else "ansible-core not installed", True))
        rows.append(("python start-up, no work", floor_python, floor, "s", "", True))
        rows.append(("python importing PyYAML, json, _socket, _md5 only", floor_modules, floor, "s", "", True))
        rows.append(("usconf plan, factory-new device", factory_s, floor, "s",
                     f"<= {TARGET_FACTORY:g} x {floor_name}", factory_s <= TARGET_FACTORY * floor))
        rows.append((f"floor: {floor_name}, same requests, converged device", same_floor, None, "s", "", True))
        rows.append(("usconf plan, nothing to change", same_s, same_floor, "s",
                     f"<= {TARGET_NO_CHANGE:g} x {floor_name}", same_s <= TARGET_NO_CHANGE * same_floor))
        rows.append(("requests per plan (login, reads, logout)", len(plan_sent), None, "",
                     "each read once", sorted(reads) == sorted(PLAN_READS)))
    finally:
        factory.close()
        applied.close()
        shutil.rmtree(tmp, ignore_errors=True)
    cpu, calls, changes = plan_cpu_ms(repeat)
    rows.append((f"planner CPU per plan ({calls} calls, {changes} changes)", cpu, None, "ms",
                 f"<= {TARGET_CPU_MS:g} ms", cpu <= TARGET_CPU_MS))
    counts = apply_requests()
    expected = counts["freshness"] + counts["calls"] + counts["verify"] + counts["id_reads"]
    rows.append(((f"requests per apply after its plan ({counts['calls']} calls, {counts['verify']} verify reads, "
                  f"{counts['id_reads']} id read)"), counts["apply_total"], None, "",
                 "1 freshness + calls + verify (+ id reads after adds)", counts["apply_total"] == expected))
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args(argv)
    rows = results(args.repeat)
    for name, value, floor, unit, target, ok in rows:
        if value is None:
            print(f"{name:62s} {'-':>9s}  {target}")
            continue
        shown = f"{value * 1000:7.1f} ms" if unit == "s" else f"{value:7.1f} {unit}" if unit else f"{value:7d}"
        ratio = f"{value / floor:5.2f} x floor" if floor else ""
        print(f"{name:62s} {shown:>10s}  {ratio:13s} {target}{'' if ok else '  MISSED'}")
    return 0 if all(ok for *_, ok in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
