"""A read answered as before is sent from the bytes encoded before (http.py `_json`); any change in
value, type or key order must still be seen, however small."""
import pytest

from tests.emulator.helpers import logged_in
from usconf.copies import plain_copy


def raw_settings(api, url):
    return api.http.get(f"{url}/usapi", params={"method": "get-settings"}, timeout=10).content


@pytest.mark.parametrize(("change", "shown"), [
    (lambda s: s["main-stream"].update(kbps=4096.0), b'"kbps": 4096.0,'),      # was 4096
    (lambda s: s.update({"is-settings": True}), b'"is-settings": true,'),       # was 1
])
def test_an_equal_value_of_another_type_is_not_sent_from_the_old_bytes(emulator, change, shown):
    api = logged_in(emulator)
    before = raw_settings(api, emulator.url)
    assert raw_settings(api, emulator.url) == before and shown not in before
    settings = plain_copy(emulator.backend.settings)
    change(settings)
    emulator.backend.settings = settings        # 4096 == 4096.0 and 1 == True in Python, not in JSON
    assert shown in raw_settings(api, emulator.url)


def test_an_in_place_change_and_a_new_key_order_are_seen(emulator):
    api = logged_in(emulator)
    before = raw_settings(api, emulator.url)
    emulator.backend.settings["name"] = "Changed in place"
    assert b'"name": "Changed in place"' in raw_settings(api, emulator.url)
    emulator.backend.settings = dict(reversed(list(emulator.backend.settings.items())))
    after = raw_settings(api, emulator.url)
    assert (before.index(b'"name"') < before.index(b'"main-stream"')) != (after.index(b'"name"') < after.index(b'"main-stream"'))


def test_unknown_methods_are_not_remembered(emulator):
    api = logged_in(emulator)
    for i in range(50):
        assert api.call(f"no-such-method-{i}")["result"] == -10
    assert all(not name.startswith("no-such") for name in emulator.devices[0].encoded)
