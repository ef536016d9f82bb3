"""`usconf plan` and `usconf validate` start fast: the modules they load leave out what only costs time.

dataclasses loads inspect (and with it ast, dis, tokenize), and typing is as large: together about
a tenth of the start-up of a plan, for classes a plain class or collections.namedtuple writes as well.
hashlib and hmac load OpenSSL (about 3 ms) for digests CPython builds in (usconf.digests); random
(about 1 ms) is drawn from only by an emulator serving HTTP, never by the planner's simulated device;
socket builds enums of every constant at import (about 2.5 ms), and the client opens its connections
with _socket (usconf.sockets). pathlib and urllib.parse (which loads ipaddress) cost about 3 ms for
what os.path and a few lines do (usconf.files, usconf.urls); ipaddress (about 1 ms) only for an
address usconf.addresses must judge, which no plan of the studio example asks; copy (with weakref,
about a millisecond) for JSON-shaped data usconf.copies copies faster.
The check runs in a fresh interpreter: the test process has loaded everything already.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

STUDIO = Path(__file__).resolve().parents[2] / "examples" / "studio.yaml"

PLAN_AND_VALIDATE = ("usconf.language.load", "usconf.language.validate", "usconf.plan.make", "usconf.output.text",
                     "usconf.plan.build", "usconf.cli.plan_device", "usconf.client.session", "usconf.client.transport",
                     "usconf.model", "usconf.cli", "usconf.cli.checking")
LEFT_OUT = ("dataclasses", "inspect", "typing", "hashlib", "hmac", "random", "socket", "ipaddress", "pathlib", "urllib.parse", "copy")

PROBE = f"""
import json, sys
for name in {PLAN_AND_VALIDATE!r}:
    __import__(name)
print(json.dumps(sorted(m for m in {LEFT_OUT!r} if m in sys.modules)))
"""

# What a plan loads as it runs, not only at import: the studio example planned on a factory-new
# simulated device (the planner, its simulated device and the order search all run) and printed.
PLAN_RUN = f"""
import json, sys
from usconf.emulator import Backend
from usconf.language.load import load
from usconf.output.text import text
from usconf.plan.make import make_plan
from usconf.plan.simulate import read_back
plan = make_plan(load({str(STUDIO)!r}), read_back(Backend()))
assert plan.calls and text(plan, color=False)
print(json.dumps(sorted(m for m in {LEFT_OUT!r} if m in sys.modules)))
"""
SECRETS = {"YT_KEY": "k-yt", "BACKUP_KEY": "k-backup", "OPS_PASSWORD": "p-ops", "FTP_PASSWORD": "p-ftp"}


def test_plan_and_validate_load_none_of_the_modules_left_out():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(done.stdout) == []


def test_a_whole_plan_loads_none_of_them_as_it_runs():
    done = subprocess.run([sys.executable, "-c", PLAN_RUN], capture_output=True, text=True, check=True, timeout=60,
                          env=dict(os.environ, **SECRETS))
    assert json.loads(done.stdout) == []
