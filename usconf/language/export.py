"""Canonical state -> YAML text of the language (`usconf export`).

The text is written line by line rather than dumped, so that each secret can
stand as an `{{ env.NAME }}` placeholder with a comment saying what to set, and
read-only and write-only fields can be shown as comments. Every scalar is
still spelled by yaml.safe_dump, so quoting is YAML's own.
"""
import re
from typing import NamedTuple

import yaml

from usconf.errors import UsconfError
from usconf.language.yamlpos import path_text
from usconf.model import SECTIONS as model_sections
from usconf.model import audio as audio_model
from usconf.model import device as device_model
from usconf.model import nosignal, units
from usconf.secrets import Secret

SCHEMA_URL = "https://usconf.example.net/schemas/usconf.schema.json"
INDENT = "  "
SECTION_ORDER = tuple(model_sections)      # the language's order, the model's own
# Read-only device fields: where the language shows them (as comments) and under which name.
READ_ONLY_NAMES = {
    "is-startup-rec": ("recording", "startup"),
    "is-hdmi-rec-ctrl": ("recording", "hdmi_control"),
    "is-startup-live": ("live", "startup"),
    "audio.sample-rate": ("audio", "sample_rate"),
    "audio.channels": ("audio", "channels"),
}


class Exported(NamedTuple):
    text: str
    env: dict        # NAME -> Secret: what each placeholder stands for on this device


class _Placeholder(str):
    """A value written verbatim: the `{{ env.NAME }}` of a secret."""


class _Doc:
    """Text being built: lines, plus the secrets the placeholders stand for."""

    def __init__(self):
        self.lines = []
        self.env = {}

    def placeholder(self, name, secret):
        base, n = name, 2
        while name in self.env and self.env[name] != secret:
            name, n = f"{base}_{n}", n + 1
        self.env[name] = secret
        return _Placeholder(f'"{{{{ env.{name} }}}}"'), name


def env_name(*parts):
    text = "_".join(str(p) for p in parts if p not in (None, ""))
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_").upper()


_JINJA = re.compile(r"\{[{%#]")


def scalar(value):
    """One YAML scalar, spelled and quoted by PyYAML; jinja syntax in data is kept literal."""
    if isinstance(value, _Placeholder):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and _JINJA.search(value):
        # The loader reads {{ }}, {% and {# as templates, and the language has no escape for them.
        raise ValueError(f"{value!r} holds template characters ({{{{, {{% or {{#}} that a desired-state "
                         "file cannot hold literally")
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=float("inf"))
    text = text[:-len("\n...\n")] if text.endswith("\n...\n") else text.rstrip("\n")
    if "\n" in text:
        text = yaml.safe_dump(value, default_style='"', allow_unicode=True, width=float("inf")).strip()
    return text


# --- values as a user writes them -------------------------------------------------------------

def _video_stream(group):
    out = dict(group)
    if "bitrate" in out:
        out["bitrate"] = units.bitrate_text(out["bitrate"])
    for key in ("gop", "bitrate_window"):
        if key in out:
            out[key] = units.seconds_text(out[key])
    return out


def _humanise(canonical):
    """Units back to their human spelling (8M, 2s, 128k); everything else is already the language's."""
    out = {k: v for k, v in canonical.items()}
    if "video" in out:
        video = dict(out["video"])
        for key in ("main", "sub"):
            if key in video:
                video[key] = _video_stream(video[key])
        out["video"] = video
    if "audio" in out and "bitrate" in out["audio"]:
        out["audio"] = dict(out["audio"], bitrate=f"{out['audio']['bitrate']}k")
    return out


# --- emitting ---------------------------------------------------------------------------------

class _Emitter:
    def __init__(self, doc, notes, tails):
        self.doc = doc          # _Doc
        self.notes = notes      # path -> comment lines at the end of that mapping
        self.tails = tails      # path -> trailing comment of that key's line

    def mapping(self, node, path, depth, first_prefix=None):
        for i, (key, value) in enumerate(node.items()):
            prefix = first_prefix if i == 0 and first_prefix is not None else INDENT * depth
            self.entry(prefix, key, value, path + (key,), depth)
        for line in self.notes.get(path, []):
            self.doc.lines.append(f"{INDENT * depth}# {line}")

    def entry(self, prefix, key, value, path, depth):
        tail = self.tails.get(path)
        tail = f"  # {tail}" if tail else ""
        if isinstance(value, dict) and value:
            self.doc.lines.append(f"{prefix}{key}:{tail}")
            self.mapping(value, path, depth + 1)
        elif isinstance(value, dict):
            self.doc.lines.append(f"{prefix}{key}: {{}}{tail}")
        elif isinstance(value, list) and value:
            self.doc.lines.append(f"{prefix}{key}:{tail}")
            for index, item in enumerate(value):
                item_path = path + (index,)
                if isinstance(item, dict) and item:
                    self.mapping(item, item_path, depth + 2, first_prefix=f"{INDENT * (depth + 1)}- ")
                else:
                    self.doc.lines.append(f"{INDENT * (depth + 1)}- {scalar(item)}")
        elif isinstance(value, list):
            self.doc.lines.append(f"{prefix}{key}: []{tail}")
            for line in self.notes.get(path, []):
                self.doc.lines.append(f"{INDENT * (depth + 1)}# {line}")
        else:
            try:
                text = scalar(value)
            except ValueError as exc:
                raise UsconfError(f"cannot export {path_text(path)}: {exc}") from None
            self.doc.lines.append(f"{prefix}{key}: {text}{tail}")


def _secrets_to_placeholders(node, path, doc, tails, name_of):
    """Replace every Secret with its placeholder; note what to set on the placeholder's line."""
    if isinstance(node, dict):
        return {k: _secrets_to_placeholders(v, path + (k,), doc, tails, name_of) for k, v in node.items()}
    if isinstance(node, list):
        return [_secrets_to_placeholders(v, path + (i,), doc, tails, name_of) for i, v in enumerate(node)]
    if isinstance(node, Secret):
        placeholder, name = doc.placeholder(name_of(path), node)
        tails[path] = f"set {name} to {_what(path)}"
        return placeholder
    return node


def _what(path):
    last = [p for p in path if isinstance(p, str)][-1]
    return {
        "key": "the stream key", "password": "the password", "token": "the token",
        "access_token": "the access token", "refresh_token": "the refresh token",
    }.get(last, "the secret value")


def _name_of(canonical):
    def name(path):
        section = path[0]
        if section == "live" and path[1] == "servers":
            server = canonical["live"]["servers"][path[2]]
            return env_name("LIVE_SERVER", server.get("name"), *path[3:])
        if section == "uploads" and path[1] == "servers":
            server = canonical["uploads"]["servers"][path[2]]
            where = server.get("url") if server.get("type") == "ftp" else server.get("account_id")
            return env_name("UPLOAD", server.get("type"), where, *path[3:])
        return env_name(*[p for p in path if isinstance(p, str)])
    return name


def _notes(canonical, snapshot, pairing_set=False):
    """Comment lines for what the file cannot hold: read-only and write-only values."""
    notes, tails = {}, {}

    def add(path, line):
        notes.setdefault(path, []).append(line)

    if pairing_set:
        add(("device", "app"), "pairing_password: a pairing password is set; it is write-only and cannot be "
                               'exported. To manage it, add pairing_password: "{{ env.PAIRING_PASSWORD }}".')
    for index, user in enumerate(canonical.get("users", [])):
        tails[("users", index, "name")] = ("password is write-only: to manage it add "
                                           f'password: "{{{{ env.{env_name("USER", user["name"], "PASSWORD")} }}}}"')
    for index, slot in enumerate(canonical.get("cloud") or []):
        tails[("cloud", index, "slot")] = "invitation_code is write-only; needed only to register again"
    images = canonical.get("video", {}).get("no_signal", {}).get("images", [])
    for index, image in enumerate(images):
        tails[("video", "no_signal", "images", index, "name")] = \
            f"file: the device cannot give the image back; give the path of {image['name']}.jpg to upload it"
    if "data" in canonical.get("edid", {}):
        add(("edid",), "the device's EDID itself is not exported; `file: PATH` imports one, `default: true` "
                       "restores the default")
    if "cloud" not in canonical:
        notes.setdefault((), []).append("cloud: not exported, the device's cloud API (port 8070) did not answer")
    if snapshot is not None:
        for key, meaning, value in device_model.read_only(snapshot) + audio_model.read_only(snapshot):
            section, name = READ_ONLY_NAMES[key]
            shown = bool(value) if key.startswith("is-") else value
            add((section,), f"{name}: {scalar(shown)}  (read-only: {meaning}; the device has no call to change it)")
    return notes, tails


def _exportable(canonical):
    """The canonical state minus what the language cannot say (hidden keys, built-ins that need no file)."""
    out = {k: canonical[k] for k in SECTION_ORDER if k in canonical}
    if "device" in out and "app" in out["device"]:
        app = {k: v for k, v in out["device"]["app"].items() if k != "pairing_password_set"}
        if out["device"]["app"].get("pairing_password_set") is False:
            app["pairing_password"] = None
        out["device"] = dict(out["device"], app=app)
        if not app:
            del out["device"]["app"]
    if "edid" in out:
        out["edid"] = {k: v for k, v in out["edid"].items() if k not in ("data", "file")}
    if "video" in out and "no_signal" in out["video"]:
        no_signal = dict(out["video"]["no_signal"])
        if "images" in no_signal:
            # The built-in images are always there; listing them would ask for a file.
            no_signal["images"] = [i for i in no_signal["images"] if i["name"] not in nosignal.BUILT_IN]
        out["video"] = dict(out["video"], no_signal=no_signal)
    return out


def to_yaml(canonical, snapshot=None, schema_url=SCHEMA_URL, title=None):
    """The language text for a canonical state, and the env values its placeholders stand for."""
    doc = _Doc()
    body = _exportable(canonical)
    pairing_set = bool(canonical.get("device", {}).get("app", {}).get("pairing_password_set"))
    notes, tails = _notes(body, snapshot, pairing_set)
    body = _secrets_to_placeholders(_humanise(body), (), doc, tails, _name_of(body))
    doc.lines.append(f"# yaml-language-server: $schema={schema_url}")
    if title:
        doc.lines.append(f"# {title}")
    if doc.env:
        doc.lines.append("# Secrets are not in this file but in the environment; set before use:")
        doc.lines.extend(f"#   {name}" for name in doc.env)
    doc.lines.append("usconf: 1")
    emitter = _Emitter(doc, notes, tails)
    for section, value in body.items():
        doc.lines.append("")
        emitter.entry("", section, value, (section,), 0)
    for line in notes.get((), []):
        doc.lines.append(f"# {line}")
    return Exported("\n".join(doc.lines) + "\n", dict(doc.env))


def export(snapshot, schema_url=SCHEMA_URL):
    """The device's current state (a Snapshot) in the language."""
    from usconf.model import from_device
    name = snapshot.settings.get("name")
    serial = snapshot.info.get("product", {}).get("sn") if isinstance(snapshot.info, dict) else None
    title = "Exported by usconf export from " + " ".join(p for p in (name and repr(name), serial and f"({serial})") if p)
    return to_yaml(from_device(snapshot), snapshot, schema_url=schema_url, title=title)
