"""Writes that must take effect exactly once, even when the device's answer is lost.

A device can apply `add-server` and then drop the connection before answering.
Sending it again would create a second server, so after an UncertainWrite these
helpers re-read what the device holds (waiting up to `RetryPolicy.settle` for the
write lag) and only send again when the change is not there. A repeated send
refused with errSameName / errNotFound means the first one did land.
"""
from usconf.client.retry import UncertainWrite, WaitTimeout, wait_for
from usconf.errors import DeviceError
from usconf.secrets import Secret
from usconf.spec import codes


def _settled(client, probe):
    """probe() until it gives something other than None, for at most `settle` seconds; None if never."""
    box = []

    def check():
        value = probe()
        if value is not None:
            box.append(value)
            return True
        return False
    try:
        wait_for(check, client.retries.settle, interval=min(0.2, client.retries.settle or 0.2),
                 sleep=client._sleep)
    except WaitTimeout:
        return None
    return box[0]


def _exactly_once(client, method, params, landed, already_code, confirm=True):
    """Send `method` until it is known to have landed; returns landed()'s value (None if not visible
    yet), or True straight after a plain success when `confirm` is off."""
    last = None
    for attempt in range(client.retries.attempts):
        try:
            answer = client.call(method, params)
        except UncertainWrite as exc:
            last = exc
            found = _settled(client, landed)
            if found is not None:
                return found
            continue
        except DeviceError as exc:
            if exc.code == already_code and attempt > 0:
                found = _settled(client, landed)
                if found is not None:
                    return found
            raise
        if not confirm:
            return True
        # Some firmware answers the new item's id; otherwise read it back.
        return answer["id"] if "id" in answer else _settled(client, landed)
    raise last


def _last_id(items, match):
    ids = [item.get("id") for item in items if match(item)]
    return ids[-1] if ids else None


def add_server_once(client, params):
    """add-server with a `name`; returns the new server's id (None if the device does not show it yet)."""
    name = params["name"]

    def landed():
        return _last_id(client.get_settings().get("stream-server", []), lambda s: s.get("name") == name)
    return _exactly_once(client, "add-server", params, landed, codes.SAME_NAME)


def _upload_key(entry):
    """What identifies an upload server: ftp by address, port, user and folder; drives by account."""
    fields = ("type", "url", "port", "user-name", "dir-name") if str(entry.get("type")) == "0" \
        else ("type", "account-id")
    return tuple(str(entry.get(f, "")) for f in fields)


def send_file_add_server_once(client, params):
    """send-file-add-server; returns the new upload server's id (None if not visible yet)."""
    key = _upload_key(params)

    def landed():
        return _last_id(client.get_settings().get("send-file-cloud", []), lambda s: _upload_key(s) == key)
    return _exactly_once(client, "send-file-add-server", params, landed, codes.SAME_NAME)


def add_user_once(client, user, password):
    """add-user (`password` already in the device's MD5 form); True once the user exists."""

    def landed():
        return True if any(u.get("id") == user for u in client.get_users().get("users", [])) else None
    return _exactly_once(client, "add-user", {"id": user, "pass": Secret(password)}, landed, codes.SAME_NAME,
                         confirm=False)


def del_server_once(client, server_id, name=None):
    """del-server; True once the server is gone. Give `name` when ids may be renumbered."""
    def landed():
        servers = client.get_settings().get("stream-server", [])
        if name is not None:
            present = any(s.get("name") == name for s in servers)
        else:
            present = any(str(s.get("id")) == str(server_id) for s in servers)
        return None if present else True
    return _exactly_once(client, "del-server", {"id": server_id}, landed, codes.NOT_FOUND, confirm=False)


# Password changes that need the old password: after one lands, the same request is refused with
# errPasswd (the old password is no longer the device's), so a blind resend misreports success as failure.
PASSWORD_CHANGES = frozenset({"ch-password", "set-app-passwd"})


def _holds_new_password(client, method, params):
    """Whether the device already holds `new-pass`: the change from it to itself is accepted only then,
    and changes nothing."""
    probe = dict(params, **{"pass": params["new-pass"]})
    try:
        client.call(method, probe)
    except DeviceError as exc:
        if exc.code == codes.PASSWD:
            return False
        raise
    return True


def change_password_once(client, method, params):
    """ch-password / set-app-passwd exactly once, even when the answer to the first request is lost.

    A resend refused with errPasswd (or errParam, for a first pairing password: the device now asks
    for the current one) means the old password is no longer the device's: if the device
    now holds the new one (checked by changing it to itself), the first request landed and this is a
    success; otherwise the old password really was wrong. Disabling (no `new-pass`) is resent as is:
    after it landed the device asks no old password any more.
    """
    if method not in PASSWORD_CHANGES:
        raise ValueError(f"{method} is not a password change")
    uncertain = None
    for attempt in range(client.retries.attempts):
        try:
            return client.call(method, params)
        except UncertainWrite as exc:
            uncertain = exc
        except DeviceError as exc:
            # errPasswd: the old password is not the device's any more; errParam: setting a first pairing
            # password again, the device now wants the current one, which the request does not carry.
            if (exc.code in (codes.PASSWD, codes.PARAM) and uncertain is not None
                    and params.get("new-pass") is not None and _holds_new_password(client, method, params)):
                return {"result": 0}
            raise
    raise uncertain
