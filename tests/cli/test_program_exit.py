"""The `usconf` program exits without taking the interpreter apart (usconf.cli.entry), and loses
nothing by it: all output, the exit status, atexit functions, and threads still running."""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENV = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT), "YT_KEY": "k1", "BACKUP_KEY": "k2", "OPS_PASSWORD": "p1",
       "FTP_PASSWORD": "p2"}


def program(*args, code="import usconf.cli\nusconf.cli.entry()\n"):
    return subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=ROOT, env=ENV,
                          timeout=60)


def test_a_long_answer_into_a_pipe_arrives_whole(emulator):
    done = program("plan", "examples/studio.yaml", "--json", "--device", emulator.url,
                   "--cloud-port", str(emulator.cloud_port))
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)["calls"]) == 20


def test_the_exit_status_of_a_failed_command_is_kept():
    done = program("validate", "missing.yaml")
    assert done.returncode == 1
    assert "missing.yaml: cannot read" in done.stdout and "missing.yaml: invalid" in done.stderr


def test_atexit_functions_still_run():
    code = ("import atexit, usconf.cli\natexit.register(lambda: print('atexit ran', flush=True))\n"
            "usconf.cli.entry()\n")
    done = program("--version", code=code)
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["usconf, version " + __import__("usconf").__version__, "atexit ran"]


def test_a_thread_still_running_is_waited_for():
    code = ("import threading, time, usconf.cli\n"
            "threading.Thread(target=lambda: (time.sleep(0.3), print('thread done', flush=True))).start()\n"
            "usconf.cli.entry()\n")
    done = program("--version", code=code)
    assert done.returncode == 0
    assert done.stdout.splitlines()[-1] == "thread done"


def test_an_exit_with_a_message_prints_it_and_exits_1():
    code = "import sys, usconf.cli\nusconf.cli.main = lambda: sys.exit('stopped: why')\nusconf.cli.entry()\n"
    done = program(code=code)
    assert (done.returncode, done.stderr) == (1, "stopped: why\n")


def _collecting_during(command, replaced):
    """Whether cycle collection is on while `usconf COMMAND` does its work (`replaced` stands in for it)."""
    module, name = replaced.rsplit(".", 1)
    code = (f"import gc, importlib, usconf.cli\nm = importlib.import_module({module!r})\n"
            f"setattr(m, {name!r}, lambda *a, **k: print(gc.isenabled()) or 0)\nusconf.cli.entry()\n")
    done = program(*command, code=code)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_cycles_are_collected_in_every_command_but_the_short_ones():
    # a one-device plan ends soon; its memory goes back at exit
    assert _collecting_during(["plan", "x.yaml", "--device", "http://127.0.0.1:9"],
                              "usconf.cli.plan_device.plan_device") == "False"
    # validate may read a whole repository; click's commands may run for hours (the emulator)
    assert _collecting_during(["validate", "x.yaml"], "usconf.cli.checking.check_files") == "True"
    assert _collecting_during(["emulator", "--port", "0"], "usconf.cli.group.run") == "True"
