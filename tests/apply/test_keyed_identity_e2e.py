"""Keyed lists converge when the file leaves out what the device fills in (identity from model/lists.py)."""
from usconf.apply.run import apply_plan
from usconf.client import Client, RetryPolicy
from usconf.language.load import load_text
from usconf.plan.make import make_plan

FTP_WITHOUT_PORT = """
uploads:
  servers:
    - type: ftp
      url: archive.example.net
      username: encoder
      password: "{{ env.FTP_PASSWORD }}"
      enabled: true
"""


def test_ftp_upload_server_without_port_plans_applies_and_replans_clean(emulator):
    desired = load_text(FTP_WITHOUT_PORT, env={"FTP_PASSWORD": "ftp-secret"})
    with Client(emulator.url, retries=RetryPolicy(attempts=4, backoff=0.05, settle=2.0)) as dev:
        plan = make_plan(desired, dev)
        assert "send-file-add-server" in [c.method for c in plan.calls]
        result = apply_plan(plan, dev, desired, settle=3.0)
        assert result.ok, (result.error, [c.path for c in result.ignored])
        again = make_plan(desired, dev)
    assert again.empty, [c.describe() for c in again.calls]
    assert 'uploads.servers["ftp://encoder@archive.example.net:21"]' in [c.path for c in plan.changes]
