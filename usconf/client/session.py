"""The device client: a logged-in session with bounded retries, re-login and clear errors.

Everything usconf sends to an encoder goes through `Client.call`. The rules it
applies to every call (see docs/client.md):
- a request that never reached the device is sent again (any method);
- a request sent without an answer is sent again only if repeating it is
  harmless (`methods.is_idempotent`); otherwise UncertainWrite, so the caller
  re-reads before acting again (usconf.apply.once.send does exactly that);
- `-9 errBusy` means "not applied": retried for every method;
- `-17 errNeedAuth` (expired session, reboot): log in again once, repeat;
- other negative codes raise DeviceError; zero and positive codes are returned.
"""
import time

from usconf.client import methods
from usconf.client.defaults import DEFAULT_CLOUD_PORT, DEFAULT_TIMEOUT
from usconf.client.log import debug
from usconf.client.retry import RetryPolicy, UncertainWrite, WaitTimeout, wait_for  # noqa: F401 (re-exported)
from usconf.client.transport import MethodNotFound, NoAnswer, NotUltraStream, Transport, Unreachable, after_retries, result_code
from usconf.errors import AuthenticationFailed, ConnectionFailed, DeviceError, UsconfError
from usconf.secrets import Secret
from usconf.spec import codes
from usconf.spec import status as status_bits
from usconf.urls import urlsplit  # not urllib.parse: loading it costs every start ~2 ms

# Login answers: the code table says -1 errPasswd; the login page of the reference says 36.
_WRONG_CREDENTIALS = (codes.PASSWD, codes.NO_USER, 36)
_GOING = status_bits.REBOOT | status_bits.RESET


class UnsupportedMethod(UsconfError):
    """The device is an Ultra Stream, but its firmware does not know this method."""

    def __init__(self, method):
        self.method = method
        super().__init__(f"this firmware has no method '{method}'")


def normalise_url(url):
    """`host`, `host:port`, `http://host/` or `http://host/usapi` -> `http://host[:port]`."""
    text = str(url).strip()
    if "://" not in text:
        text = "http://" + text
    bad = ConnectionFailed(f"not a device URL: {url!r} (expected http://HOST[:PORT])")
    try:
        parts = urlsplit(text)
        parts.port  # noqa: B018 -- a port that is not a number or out of range raises here
    except ValueError:
        raise bad from None
    if parts.scheme not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text):
        raise bad
    path = parts.path.rstrip("/")
    if path.endswith("/usapi"):
        path = path[: -len("/usapi")]
    return f"{parts.scheme}://{parts.netloc}{path}"


def cloud_base_for(base, cloud_port):
    parts = urlsplit(base)
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{parts.scheme}://{host}:{cloud_port}"


def _params(params, kwargs):
    """A call's parameters: a dict taken as is (device names), keywords with `_` -> `-`."""
    out = dict(params or {})
    out.update({k.replace("_", "-"): v for k, v in kwargs.items()})
    return out


class Client:
    """A session with one Ultra Stream. Use as a context manager: logs out on exit."""

    def __init__(self, url, username="Admin", password="Admin", cloud_url=None,
                 cloud_port=DEFAULT_CLOUD_PORT, timeout=DEFAULT_TIMEOUT, retries=None,
                 on_progress=None, sleep=time.sleep):
        self.base = normalise_url(url)
        self.cloud_base = normalise_url(cloud_url) if cloud_url else cloud_base_for(self.base, cloud_port)
        self.username = username
        self._password = Secret(password)
        self.timeout = timeout
        self.retries = retries or RetryPolicy()
        self.on_progress = on_progress
        self._sleep = sleep
        self._transport = Transport(self.base, self.cloud_base, timeout)
        self._logged_in = False

    def __repr__(self):
        return f"Client({self.base!r}, username={self.username!r})"

    def __enter__(self):
        self.login()
        return self

    def __exit__(self, *exc):
        self.close()

    # --- session -------------------------------------------------------------------------

    def login(self):
        """Open a session (cookie `sid`). Wrong credentials raise AuthenticationFailed."""
        body = self._send("login", {"id": self.username, "pass": self.login_digest()}, relogin=False,
                          raise_codes=False)
        code = body["result"]
        if code in _WRONG_CREDENTIALS:
            raise AuthenticationFailed(f"wrong username or password for {self.base}")
        if code < 0:
            raise DeviceError(code, method="login")
        self._logged_in = True

    def login_digest(self):
        """The session's password in the device's form (MD5 hex), still a Secret.

        ch-password needs the current password; this gives it without exposing
        the plain password or the private attribute that holds it.
        """
        return methods.md5_secret(self._password)

    def logout(self):
        """End the session; a device that is already gone is not an error here."""
        if not self._logged_in:
            return
        self._logged_in = False
        try:
            self._transport.send("logout", {})
        except UsconfError as exc:
            debug("logout from %s failed: %s", self.base, exc)

    def close(self):
        self.logout()
        self._transport.close()

    def reconnect(self, url=None, password=None):
        """Start a new session, after the device's address or the password changed."""
        self.logout()
        self._transport.close()
        if url is not None:
            self.base = normalise_url(url)
            self.cloud_base = cloud_base_for(self.base, urlsplit(self.cloud_base).port or DEFAULT_CLOUD_PORT)
        if password is not None:
            self._password = Secret(password)
        self._transport = Transport(self.base, self.cloud_base, self.timeout)
        self.login()

    def wait_until_ready(self, timeout=180.0, interval=2.0):
        """Poll `ping` until the device answers 0 (after reboot, reset, update, IP change), then log in."""
        self._logged_in = False
        self._transport.clear_cookies()
        start = time.monotonic()
        while True:
            try:
                answer = self._transport.send("ping", {})
                # A device shutting down still answers, with statusReboot or statusReset set.
                going = answer.get("cur-status", 0) if isinstance(answer.get("cur-status"), int) else 0
                if result_code(answer, self.base) == codes.SUCCEED and not going & _GOING:
                    break
            except (ConnectionFailed, MethodNotFound) as exc:
                debug("waiting for %s: %s", self.base, exc)
            elapsed = time.monotonic() - start
            if elapsed >= timeout:
                raise ConnectionFailed(f"{self.base} was not ready again within {timeout:g}s")
            self._progress("waiting for the device", elapsed, timeout)
            self._sleep(min(interval, timeout - elapsed))
        self.login()

    # --- calls ---------------------------------------------------------------------------

    def call(self, method, params=None, **kwargs):
        """Any device or cloud method; returns the answer with `result` as an int.

        `params` holds device parameter names as they are (`{"is-auto": 0}`); keyword
        names have `_` turned into `-` (`is_auto=0`). Values: str, int, bool (0/1), Secret.
        """
        return self._send(method, _params(params, kwargs))

    write = call

    def call_cloud(self, method, params=None, **kwargs):
        """Any method on the cloud API (`/cloud-api` on the cloud port), even one this client does not know."""
        return self._send(method, _params(params, kwargs), cloud=True)

    def call_json(self, method, body):
        """A method that takes a JSON POST body (del-media-files, send-file-add, send-file-del)."""
        return self._send(method, {}, json_body=body)

    def upload(self, method, path=None, data=None, filename=None):
        """A multipart POST of a file (or bytes), reporting progress as (method, sent, total)."""
        # here, not at the top: a plan never uploads, and every module is start-up time
        from usconf.client.uploads import Upload

        def progress(sent, total):
            self._progress(method, sent, total)
        if path is not None:
            body = Upload.from_path(path, progress)
        else:
            body = Upload(filename or "upload.bin", data, progress)
        return self._send(method, {}, upload=body)

    def _send(self, method, params, json_body=None, upload=None, relogin=True, raise_codes=True, cloud=None):
        cloud = method in methods.CLOUD if cloud is None else cloud
        if relogin and method not in methods.NO_AUTH and not self._logged_in:
            self.login()
        relogged = False
        attempt = busy = 0
        started = time.monotonic()
        while True:
            try:
                body = self._transport.send(method, params, json_body, upload.fresh() if upload else None, cloud)
                code = result_code(body, self.base)
            except Unreachable as exc:
                if attempt + 1 >= self.retries.attempts:
                    raise after_retries(exc, attempt + 1, time.monotonic() - started) from None
            except NoAnswer as exc:
                if not methods.is_idempotent(method):
                    raise UncertainWrite(method, f"{exc}; {method} may or may not have been applied") from None
                if attempt + 1 >= self.retries.attempts:
                    raise after_retries(exc, attempt + 1, time.monotonic() - started) from None
            except MethodNotFound:
                raise self._missing(method) from None
            else:
                if code == codes.NEED_AUTH and relogin and method not in methods.NO_AUTH and not relogged:
                    debug("session on %s expired; logging in again", self.base)
                    relogged = True
                    self.login()
                    continue
                if code == codes.BUSY and busy + 1 < self.retries.busy_attempts:
                    self._sleep(self.retries.delay(busy))
                    busy += 1
                    continue
                if "result" in body:
                    body["result"] = code
                if code == codes.PARAM and method not in methods.KNOWN and not cloud:
                    raise UnsupportedMethod(method)
                if code < 0 and raise_codes:
                    known = codes.lookup(code, cloud=cloud)
                    raise DeviceError(code, known.name, known.description, method)
                return body
            self._sleep(self.retries.delay(attempt))
            attempt += 1

    def _missing(self, method):
        """HTTP 404 for a method: a device that answers ping lacks the method; anything else is no device."""
        if method != "ping":
            try:
                self._transport.send("ping", {})
                return UnsupportedMethod(method)
            except (ConnectionFailed, MethodNotFound):
                pass
        return NotUltraStream(f"{self.base} is not an Ultra Stream (HTTP 404)")

    def _progress(self, what, done, total):
        if self.on_progress:
            self.on_progress(what, done, total)

    # --- what the engine reads -----------------------------------------------------------

    def ping(self):
        return self.call("ping")

    # Answers come back as the device sent them; model.read_snapshot checks the kinds of the
    # fields the model reads (a malformed answer is one MalformedAnswer naming the field).
    def get_info(self):
        return self.call("get-info")

    def get_status(self):
        return self.call("get-status")

    def get_settings(self):
        return self.call("get-settings")

    def get_users(self):
        return self.call("get-users")

    def get_edid_config(self):
        return self.call("get-edid-config")

    def cloud_status(self):
        return self.call("cloud-status", version=1)

    def wait_for(self, predicate, timeout, interval=0.2, what="the device state"):
        """wait_for(lambda: ..., timeout): see the module function; for reading back after a write."""
        return wait_for(predicate, timeout, interval, what, self._sleep)

    # --- writes the engine makes ---------------------------------------------------------

    def set_name(self, name):
        return self.call("set-name", name=name)

    def add_server(self, params):
        return self.call("add-server", params)

    def enable_server(self, server_id, enabled=True):
        return self.call("enable-server", id=server_id, is_use=enabled)

    def del_server(self, server_id):
        return self.call("del-server", id=server_id)

    # Passwords below are plain (str or Secret); the client sends their MD5 as the device wants.
    def add_user(self, user, password):
        return self.call("add-user", {"id": user, "pass": methods.md5_secret(password)})

    def set_password(self, user, password):
        return self.call("set-password", {"id": user, "pass": methods.md5_secret(password)})

    def change_password(self, old, new):
        return self.call("ch-password", {"pass": methods.md5_secret(old), "new-pass": methods.md5_secret(new)})

    def cloud_register(self, params):
        return self.call("cloud-reg-ex", params)

    def cloud_unregister(self, slot):
        return self.call("cloud-unreg-ex", id=slot)

    def upload_nosignal_image(self, path):
        return self.upload("add-nosignal-file", path)

    def import_edid(self, path=None, data=None):
        return self.upload("import-edid", path, data, filename="edid.bin")

    def upload_firmware(self, path):
        return self.upload("upload-update-file", path)

    def del_media_files(self, disk_type, files):
        return self.call_json("del-media-files", {"disk-type": disk_type, "media-files": list(files)})

    def send_file_add(self, disk_type, files):
        return self.call_json("send-file-add", {"disk-type": disk_type, "media-files": list(files)})

    def send_file_del(self, disk_type, files):
        return self.call_json("send-file-del", {"disk-type": disk_type, "media-files": list(files)})
