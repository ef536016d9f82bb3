"""--limit: names, groups, globs, commas and !exclusions, in the inventory's order; typos are errors."""
import pytest

from usconf.fleet.inventory import Device, Inventory
from usconf.fleet.select import LimitError, select

NAMES = {"studio-a": "studios", "studio-b": "studios", "hall-101": "halls", "hall-102": "halls", "lobby": None}


@pytest.fixture
def inventory():
    devices = [Device(name=n, group=g, url=f"http://10.0.0.{i}", file="s.yaml") for i, (n, g) in enumerate(NAMES.items())]
    groups = {"studios": ["studio-a", "studio-b"], "halls": ["hall-101", "hall-102"]}
    return Inventory(path="fleet.yaml", devices=devices, groups=groups)


def names(inventory, expr):
    return [d.name for d in select(inventory, expr)]


@pytest.mark.parametrize("expr, expected", [
    (None, list(NAMES)),
    ("lobby", ["lobby"]),
    ("halls", ["hall-101", "hall-102"]),
    ("lobby,studios", ["studio-a", "studio-b", "lobby"]),          # inventory order, not the expression's
    ("studio-*", ["studio-a", "studio-b"]),
    ("h*", ["hall-101", "hall-102"]),                              # glob over devices and groups
    ("stud*", ["studio-a", "studio-b"]),
    ("halls,!hall-102", ["hall-101"]),
    ("!studios", ["hall-101", "hall-102", "lobby"]),               # only exclusions: everything else
    ("!studios, !lobby", ["hall-101", "hall-102"]),
    ("*,!hall-10[12]", ["studio-a", "studio-b", "lobby"]),
])
def test_limit_expressions(inventory, expr, expected):
    assert names(inventory, expr) == expected


@pytest.mark.parametrize("expr, message", [
    ("studio-c", "'studio-c' matches no device or group of fleet.yaml"),
    ("halls,!hal-101", "'hal-101' matches no device or group"),
    ("cam-*", "'cam-*' matches no device or group"),
    ("lobby,,halls", "an empty term"),
    ("", "an empty term"),
])
def test_a_term_that_selects_nothing_is_an_error(inventory, expr, message):
    with pytest.raises(LimitError, match=message.replace("[", r"\[").replace("*", r"\*")):
        select(inventory, expr)
