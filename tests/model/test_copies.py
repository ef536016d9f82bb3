"""usconf.copies copies device answers and templates as copy.deepcopy did: equal, and nothing shared
that a change could reach. A shared list would let a plan's edit of the desired state change what
the device was read as, and the plan would show no change."""
import copy

from hypothesis import given
from hypothesis import strategies as st

from usconf.copies import plain_copy, shallow_copy
from usconf.model import Snapshot
from usconf.secrets import Secret

JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
                    max_leaves=30)


def _containers(value):
    if isinstance(value, dict):
        yield value
        for item in value.values():
            yield from _containers(item)
    elif isinstance(value, list):
        yield value
        for item in value:
            yield from _containers(item)


@given(JSON)
def test_a_plain_copy_equals_a_deep_copy_and_shares_no_container(value):
    copied = plain_copy(value)
    assert copied == copy.deepcopy(value)
    assert not {id(c) for c in _containers(copied)} & {id(c) for c in _containers(value)}


def test_a_secret_inside_is_kept_as_it_is():
    key = Secret("k")
    copied = plain_copy({"servers": [{"key": key}]})
    assert copied["servers"][0]["key"] is key


@given(JSON)
def test_a_shallow_copy_is_a_new_container_with_the_same_items(value):
    copied = shallow_copy(value)
    assert copied == copy.copy(value)
    if isinstance(value, (dict, list)):
        assert copied is not value
        assert all(a is b for a, b in zip(copied.values() if isinstance(copied, dict) else copied,
                                          value.values() if isinstance(value, dict) else value))


def test_a_snapshot_copy_is_changed_without_changing_the_read():
    read = Snapshot(info={"product": {"sn": "S"}}, status={"cur-status": 1}, settings={"video": {"fps": 30}},
                    users=[{"id": "Admin", "type": 1}], edid={"ok": 1}, cloud={"status": []})
    quiet = read.copy()
    assert quiet == read
    quiet.settings["video"]["fps"] = 60
    quiet.users.append({"id": "ops"})
    quiet.status["cur-status"] = 0
    assert read.settings["video"]["fps"] == 30 and len(read.users) == 1 and read.status["cur-status"] == 1
