"""A password change whose answer is lost on the way back: applied once, reported as done, not as errPasswd."""
import hashlib

import pytest

from usconf.apply.run import apply_plan
from usconf.client import Client, RetryPolicy
from usconf.language.load import load_text
from usconf.plan.make import make_plan

FIRST = {"name": "Box", "enable-passwd": "0", "timezone": "UTC", "is-auto": "1", "time": ""}


def md5(text):
    return hashlib.md5(text.encode()).hexdigest()


def drop_answer_to(faults, method):
    """The device applies the first `method` request, then closes the connection without answering."""
    decide, seen = faults.decide, []

    def dropping(count, name):
        drop, busy = decide(count, name)
        if name == method and not seen:
            seen.append(name)
            return True, False
        return drop, busy
    faults.decide = dropping
    faults.drop_mode = "after"
    return seen


@pytest.fixture
def device(emulator):
    emulator.backend.handle("set-first-over", FIRST)
    return emulator


def _apply(device, text, env):
    desired = load_text(text, name="box.yaml", env=env)
    with Client(device.url, cloud_url=device.cloud_url, retries=RetryPolicy(attempts=3, backoff=0.01)) as dev:
        plan = make_plan(desired, dev)
        seen = drop_answer_to(device.faults, plan.calls[-1].method)
        result = apply_plan(plan, dev, desired, settle=2.0)
    assert seen, "the answer was not dropped"
    return plan, result


def test_changed_pairing_password_with_a_lost_answer_is_reported_done(device):
    device.backend.handle("set-app-passwd", {"is-pass": "1", "new-pass": md5("old-pair")})
    text = ("usconf: 1\ndevice:\n  app:\n    pairing_password: '{{ env.NEW }}'\n    update_password: always\n"
            "    current_pairing_password: '{{ env.OLD }}'\n")
    plan, result = _apply(device, text, {"NEW": "new-pair", "OLD": "old-pair"})
    assert [c.method for c in plan.calls] == ["set-app-passwd"]
    assert result.ok and result.failed is None, result.error
    assert device.backend.app_md5 == md5("new-pair")


def test_first_pairing_password_with_a_lost_answer_is_reported_done(device):
    _, result = _apply(device, "usconf: 1\ndevice:\n  app:\n    pairing_password: '{{ env.NEW }}'\n",
                        {"NEW": "new-pair"})
    assert result.ok and result.failed is None, result.error
    assert device.backend.app_md5 == md5("new-pair") and device.backend.settings["passwd"] == 1


def test_own_password_change_with_a_lost_answer_is_reported_done(device):
    text = 'usconf: 1\nusers:\n- {name: Admin, password: "{{ env.NEW }}", update_password: always}\n'
    plan, result = _apply(device, text, {"NEW": "NewAdmin-9"})
    assert plan.calls[-1].method == "ch-password"
    assert result.failed is None and "errPasswd" not in str(result.error), result.error
    assert device.backend.users["Admin"]["md5"] == md5("NewAdmin-9")


def test_a_really_wrong_current_pairing_password_is_still_refused(device):
    device.backend.handle("set-app-passwd", {"is-pass": "1", "new-pass": md5("old-pair")})
    text = ("usconf: 1\ndevice:\n  app:\n    pairing_password: '{{ env.NEW }}'\n    update_password: always\n"
            "    current_pairing_password: '{{ env.OLD }}'\n")
    desired = load_text(text, name="box.yaml", env={"NEW": "new-pair", "OLD": "not-it"})
    with Client(device.url, cloud_url=device.cloud_url) as dev:
        result = apply_plan(make_plan(desired, dev), dev, desired, settle=1.0)
    assert result.failed is not None and result.failure.name == "errPasswd"
    assert device.backend.app_md5 == md5("old-pair")
