"""Fleet benchmark: plan and apply N emulated encoders with `usconf -i`, against ansible-playbook.

    .venv/bin/python bench/fleet.py [--count 500] [--parallel 16] [--forks 20] [--no-ansible]

The emulated fleet runs in its own process (`usconf emulator --count N --port 0
--inventory-out FILE`), as a user runs it; every usconf command runs as its own
process too, as in CI. Measured, in order:
  1. `usconf plan -i`: every device factory-new (first boot, name, video, a live server);
  2. `usconf apply -i --yes`: that plan applied and verified (the fleet converged);
  3. `usconf apply -i --yes` after one field changed for every device (video bitrate);
  4. peak memory (max RSS) of the process that made the 500 plans;
  5. ansible-playbook --forks F with ultrastream_config in check mode on the same
     converged fleet (hosts from the magewell.ultrastream.usconf inventory plugin), and
     `usconf plan -i` on the same converged fleet right before it, for the ratio.
Everything stays on 127.0.0.1. Prints a Markdown table; exits 1 when a target is missed.
"""
import argparse
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
BIN = os.path.dirname(sys.executable)
TARGETS = {"plan": 15.0, "apply_change": 30.0, "memory_mb": 300.0, "ansible_ratio": 10.0}
DESIRED = """\
usconf: 1
device:
  name: "{{ target.name }}"
video:
  main:
    resolution: 1920x1080
    fps: 30
    bitrate: "{{ vars.bitrate }}"
    gop: 2s
live:
  servers:
    - name: Program
      type: rtmp
      url: rtmp://ingest.example.net/live
      key: "{{ env.BENCH_STREAM_KEY }}"
      enabled: false
"""
PLAYBOOK = """\
- hosts: all
  gather_facts: false
  tasks:
    - magewell.ultrastream.ultrastream_config:
        url: "{{ usconf_url }}"
        cloud_port: "{{ usconf_cloud_port }}"
        src: "{{ usconf_file }}"
        variables: "{{ usconf_vars }}"
        target: "{{ usconf_target }}"
        state: replaced
      check_mode: true
"""


def machine():
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs (nproc {len(os.sched_getaffinity(0))}), {model}, Python {platform.python_version()}"


class Fleet:
    """`usconf emulator --count N --inventory-out` in a child process, stopped with SIGTERM."""

    def __init__(self, count, workdir):
        self.inventory = os.path.join(workdir, "fleet.yaml")
        self.proc = subprocess.Popen([os.path.join(BIN, "usconf"), "emulator", "--port", "0", "--count", str(count),
                                      "--inventory-out", self.inventory], stdout=subprocess.PIPE, text=True)
        ready = 0
        while ready < count:
            line = self.proc.stdout.readline()
            if not line:
                raise SystemExit("the emulator stopped before its devices were ready")
            ready += line.startswith("ready ")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(30)


def timed(argv, env, cwd):
    started = time.perf_counter()
    proc = subprocess.run(argv, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    return time.perf_counter() - started, proc


def usconf(args, env, cwd):
    seconds, proc = timed([os.path.join(BIN, "usconf"), *args], env, cwd)
    if proc.returncode not in (0, 2):
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"usconf {' '.join(args)} failed with {proc.returncode}")
    return seconds, proc


def ansible_check(workdir, env, forks):
    sys.path.insert(0, os.path.join(ROOT, "tests", "ansible"))
    from ansible_harness import ansible_env, install_collection
    root = os.path.join(workdir, "ansible")
    install_collection(root)
    with open(os.path.join(workdir, "check.yml"), "w") as fh:
        fh.write(PLAYBOOK)
    aenv = ansible_env(root, ANSIBLE_INVENTORY_ENABLED="magewell.ultrastream.usconf",
                       BENCH_STREAM_KEY=env["BENCH_STREAM_KEY"])
    seconds, proc = timed([os.path.join(BIN, "ansible-playbook"), "-i", "fleet.yaml", "--forks", str(forks),
                           "check.yml"], aenv, workdir)
    if proc.returncode != 0:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit("ansible-playbook failed")
    return seconds


class Rows(list):
    """The measurements; each is also written to stderr as it is taken (the whole run takes minutes)."""

    def append(self, row):
        super().append(row)
        print(f"  {row[0]}: {row[1]:.1f}", file=sys.stderr, flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--parallel", type=int, default=16)
    parser.add_argument("--forks", type=int, default=20)
    parser.add_argument("--no-ansible", action="store_true", help="Skip the ansible-playbook comparison.")
    args = parser.parse_args()
    run_ansible = not args.no_ansible and shutil.which("ansible-playbook", path=BIN) is not None
    workdir = tempfile.mkdtemp(prefix="usconf-bench-fleet-")
    env = {k: v for k, v in os.environ.items() if not k.startswith("USCONF_")}
    env.update(BENCH_STREAM_KEY="bench-stream-key", NO_COLOR="1")
    fleet = Fleet(args.count, workdir)
    rows = Rows()
    try:
        with open(os.path.join(workdir, "fleet-device.yaml"), "w") as fh:
            fh.write(DESIRED)
        with open(fleet.inventory) as fh:
            text = fh.read()
        with open(fleet.inventory, "w") as fh:
            fh.write(text.replace("defaults:\n", "defaults:\n  vars: {bitrate: 8M}\n", 1))
        common = ["-i", "fleet.yaml", "--parallel", str(args.parallel), "--quiet"]
        seconds, _ = usconf(["plan", *common], env, workdir)
        memory_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        rows.append(("plan, factory-new devices", seconds, TARGETS["plan"]))
        rows.append(("memory (max RSS) of that plan run", memory_mb, TARGETS["memory_mb"]))
        seconds, _ = usconf(["apply", *common, "--yes"], env, workdir)
        rows.append(("apply the whole configuration (first boot included)", seconds, None))
        with open(fleet.inventory) as fh:
            text = fh.read()
        with open(fleet.inventory, "w") as fh:
            fh.write(text.replace("{bitrate: 8M}", "{bitrate: 3M}", 1))
        seconds, _ = usconf(["apply", *common, "--yes"], env, workdir)
        rows.append(("apply a one-field change (video bitrate)", seconds, TARGETS["apply_change"]))
        plan_converged, _ = usconf(["plan", *common], env, workdir)
        rows.append(("plan, converged devices (nothing to change)", plan_converged, TARGETS["plan"]))
        if run_ansible:
            seconds = ansible_check(workdir, env, args.forks)
            rows.append((f"ansible-playbook --forks {args.forks}, ultrastream_config check mode", seconds, None))
            rows.append(("ansible time / usconf plan time (converged)", seconds / plan_converged,
                         TARGETS["ansible_ratio"]))
    finally:
        fleet.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Machine: {machine()}; {args.count} emulated devices, --parallel {args.parallel}\n")
    print("| measurement | value | target | met |")
    print("|---|---|---|---|")
    missed = 0
    for label, value, target in rows:
        higher_is_better = label.startswith("ansible time /")
        met = "" if target is None else ("yes" if (value >= target if higher_is_better else value <= target) else "no")
        missed += met == "no"
        unit = "x" if higher_is_better else (" MB" if label.startswith("memory") else " s")
        bound = "" if target is None else (f">= {target:g}{unit}" if higher_is_better else f"<= {target:g}{unit}")
        print(f"| {label} | {value:.1f}{unit} | {bound} | {met} |")
    if not run_ansible:
        print("\nansible-playbook not installed (or --no-ansible): no comparison.")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
