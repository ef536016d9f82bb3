"""Login, sessions, users and the app pairing password."""
from usconf import rules
from usconf.emulator.api import Refused, api, refuse_if
from usconf.spec import codes


@api("login")
def login(backend, call):
    user = backend.users.get(call.str("id", ""))
    given = call.str("pass", "")
    # Unknown user and wrong password answer alike, so a caller cannot probe for names.
    if user is None or user["md5"] is None or given != user["md5"]:
        raise Refused(codes.PASSWD)
    return {"result": 0, "_sid": backend.open_session(call.params["id"])}


@api("logout")
def logout(backend, call):
    backend.sessions.pop(call.session, None)


@api("get-users", read=True)
def get_users(backend, call):
    return {"result": 0, "users": [{"id": name, "type": u["type"]} for name, u in backend.users.items()]}


@api("add-user")
def add_user(backend, call):
    name, digest = call.str("id"), call.md5("pass")
    refuse_if(rules.check_name(name, "id"))
    if name in backend.users:
        raise Refused(codes.SAME_NAME)
    backend.users[name] = {"type": 2, "md5": digest}


@api("del-user")
def del_user(backend, call):
    name = call.str("id")
    if name not in backend.users:
        raise Refused(codes.NO_USER)
    if backend.users[name]["type"] == 1:
        raise Refused(codes.NO_PERMISSION)
    del backend.users[name]
    backend.drop_sessions(name)


@api("set-password")
def set_password(backend, call):
    name, digest = call.str("id"), call.md5("pass")
    if name not in backend.users:
        raise Refused(codes.NO_USER)
    backend.users[name]["md5"] = digest


@api("ch-password")
def ch_password(backend, call):
    old, new = call.md5("pass"), call.md5("new-pass")
    user = backend.users.get(backend.session_user(call.session))
    if user is None:
        raise Refused(codes.NEED_AUTH)
    if user["md5"] != old:
        raise Refused(codes.PASSWD)
    user["md5"] = new


@api("set-app-passwd")
def set_app_passwd(backend, call):
    enable = call.flag("is-pass")
    enabled = bool(backend.settings["passwd"])
    if enabled and call.md5("pass") != backend.app_md5:
        raise Refused(codes.PASSWD)
    new = call.md5("new-pass") if enable else None
    backend.change(lambda s: s.__setitem__("passwd", enable))
    backend.app_md5 = new
