"""`usconf plan` and `usconf validate` start fast: the modules they load leave out what only costs time.

dataclasses loads inspect (and with it ast, dis, tokenize), and typing is as large: together about
a tenth of the start-up of a plan, for classes a plain class or collections.namedtuple writes as well.
The check runs in a fresh interpreter: the test process has loaded everything already.
"""
import json
import subprocess
import sys

PLAN_AND_VALIDATE = ("usconf.language.load", "usconf.language.validate", "usconf.plan.make", "usconf.output.text")
LEFT_OUT = ("dataclasses", "inspect", "typing")

PROBE = f"""
import json, sys
for name in {PLAN_AND_VALIDATE!r}:
    __import__(name)
print(json.dumps(sorted(m for m in {LEFT_OUT!r} if m in sys.modules)))
"""


def test_plan_and_validate_load_neither_dataclasses_nor_inspect_nor_typing():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60)
    assert json.loads(done.stdout) == []
