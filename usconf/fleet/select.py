"""`--limit EXPR`: which devices of an inventory a command acts on.

EXPR is terms joined by commas; a term is a device name, a group name or a glob
(`studio-*`) over both; `!term` takes devices out. With only exclusions, the
rest of the inventory is selected. A term that matches nothing is an error, so a
typo never silently selects nothing (or everything).
"""
from fnmatch import fnmatchcase

from usconf.errors import UsconfError

GLOB = set("*?[")


class LimitError(UsconfError):
    """A --limit expression that is empty or names nothing in the inventory."""


def _matches(term, inventory):
    """Device names a term selects, in inventory order."""
    names = inventory.names()
    if GLOB & set(term):
        chosen = {n for n in names if fnmatchcase(n, term)}
        for group, members in inventory.groups.items():
            if fnmatchcase(group, term):
                chosen.update(members)
    elif term in inventory.groups:
        chosen = set(inventory.groups[term])
    elif term in names:
        chosen = {term}
    else:
        chosen = set()
    return chosen


def select(inventory, expr=None):
    """The inventory's devices that EXPR selects, in the inventory's order (all of them for no EXPR)."""
    if expr is None:
        return list(inventory.devices)
    terms = [t.strip() for t in str(expr).split(",")]
    if not any(terms) or any(not t or t == "!" for t in terms):
        raise LimitError(f"--limit {expr!r}: an empty term; give names, groups or globs joined by commas")
    include, exclude = set(), set()
    positive = False
    for term in terms:
        negative = term.startswith("!")
        name = term[1:].strip() if negative else term
        chosen = _matches(name, inventory)
        if not chosen:
            raise LimitError(f"--limit: {name!r} matches no device or group of {inventory.path}")
        if negative:
            exclude |= chosen
        else:
            positive = True
            include |= chosen
    if not positive:
        include = set(inventory.names())
    return [d for d in inventory.devices if d.name in include and d.name not in exclude]
