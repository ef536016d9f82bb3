"""users[]: accounts with administrative rights, keyed by name.

Passwords are write-only: the device never gives them back, so the canonical
actual has names only. The built-in Admin user always stays.
"""
from usconf.model.fields import secret
from usconf.model.lists import USERS

BUILT_IN = tuple(USERS.built_in)
GENERAL_USER = 2


def from_yaml(doc):
    out = []
    for user in doc or []:
        item = {"name": str(user["name"])}
        if user.get("password") is not None:
            item["password"] = secret(user["password"])
        if "update_password" in user:
            item["update_password"] = user["update_password"]
        out.append(item)
    return out


def from_device(snapshot):
    return [{"name": user.get("id")} for user in snapshot.users]


def to_device(desired, snapshot, state):
    """Users in the device's order, new ones after; `id` is the user name (get-users' own key).

    New users carry `_new: True`; `_password` is the Secret to send and
    `_update_password` when to send it for an existing user.
    """
    wanted = {user["name"]: user for user in desired}
    result = [user for user in state.users if user["id"] in BUILT_IN or user["id"] in wanted]
    known = {user["id"] for user in result}
    result += [{"id": name, "type": GENERAL_USER, "_new": True} for name in wanted if name not in known]
    for user in result:
        want = wanted.get(user["id"])
        if want is None:
            continue
        if "password" in want:
            user["_password"] = want["password"]
        user["_update_password"] = want.get("update_password", "on_create")
    state.users = result
