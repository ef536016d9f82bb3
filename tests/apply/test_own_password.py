"""The tool changes its own login password: ch-password carries the current one, the session follows."""
import hashlib
import logging

from usconf.apply.run import apply_plan
from usconf.client import Client
from usconf.language.load import load_text
from usconf.plan.make import make_plan

DESIRED = """usconf: 1
users:
- {name: Admin, password: "{{ env.NEW_ADMIN }}", update_password: always}
"""


def test_client_gives_its_login_only_as_a_masked_digest():
    client = Client("http://127.0.0.1:9", password="S3cret-login")
    digest = client.login_digest()
    assert digest.reveal() == hashlib.md5(b"S3cret-login").hexdigest()
    assert "S3cret" not in repr(client) and digest.reveal() not in f"{digest} {digest!r} {client!r}"


def test_own_password_change_applies_and_the_session_follows(emulator, caplog):
    desired = load_text(DESIRED, name="own.yaml", env={"NEW_ADMIN": "NewAdmin-9"})
    caplog.set_level(logging.DEBUG)
    with Client(emulator.url, cloud_url=emulator.cloud_url) as dev:
        plan = make_plan(desired, dev)
        own = [c for c in plan.calls if c.method == "ch-password"]
        assert own and plan.calls[-1] is own[0]
        assert own[0].params["pass"].reveal() == hashlib.md5(b"Admin").hexdigest()
        assert own[0].params["new-pass"].reveal() == hashlib.md5(b"NewAdmin-9").hexdigest()
        result = apply_plan(plan, dev, desired)
        assert result.ok, (result.error, result.failed)
        assert dev.login_digest().reveal() == hashlib.md5(b"NewAdmin-9").hexdigest()
        dev.get_settings()                       # the reconnected session works
    with Client(emulator.url, password="NewAdmin-9", cloud_url=emulator.cloud_url) as again:
        assert again.get_users()
    shown = "\n".join(c.describe() for c in plan.calls) + caplog.text
    for secret in ("NewAdmin-9", hashlib.md5(b"NewAdmin-9").hexdigest(), hashlib.md5(b"Admin").hexdigest()):
        assert secret not in shown
