"""Copies of JSON-shaped data (dicts, lists, strings, numbers, booleans, None) without the copy module.

Device answers, the factory state and the model's new-item templates are all such data. The
copy module (which loads weakref) costs every start about a millisecond, and copy.deepcopy walks
them several times slower than plain_copy does; neither has anything to keep for data that
holds no shared or cyclic references and no objects of its own.
"""

_SCALARS = frozenset({str, int, float, bool, type(None)})


def plain_copy(value):
    """Deep copy of JSON-shaped data: new dicts and lists all the way down; any other value is kept
    as it is (scalars, and immutable wrappers such as a Secret).

    Every read answer of the emulator is one of these (get-settings copies the whole settings), so
    scalars are returned without a call and only containers are recursed into.
    """
    if isinstance(value, dict):
        return {k: (v if type(v) in _SCALARS else plain_copy(v)) for k, v in value.items()}
    if isinstance(value, list):
        return [v if type(v) in _SCALARS else plain_copy(v) for v in value]
    return value


def shallow_copy(value):
    """A new dict or list with the same items (what copy.copy gives them); any other value as it is."""
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, list):
        return list(value)
    return value
