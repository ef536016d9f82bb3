"""edid.*: the HDMI input's EDID options, an EDID file to import, or the default EDID.

`data` is a key of the canonical model only (not of the language): the
device's EDID in base64, and for a desired `file` the file's contents, so an
imported file compares equal to what the device then reports. SDI units have
no EDID: the section is then absent from the canonical actual.
"""
import base64

from usconf import files
from usconf.model import fields as F
from usconf.spec.edid import DEFAULT_EDID_B64

OPTIONS = [
    F.boolean("smart", "smart-edid"),
    F.boolean("keep_last", "keep-last"),
    F.boolean("add_audio", "add-audio"),
    F.boolean("limit_pixel_clock", "limit-pixel-clock"),
]


def normalise_data(text):
    """Base64 without the line breaks a device (or the reference's sample) may put in it."""
    return "".join(str(text).split())


def file_data(path):
    try:
        # open(), not pathlib (loading it costs every start ~1 ms); the path as pathlib would open it
        with open(files.tidy(path), "rb") as fh:
            return base64.b64encode(fh.read()).decode("ascii")
    except OSError as exc:
        raise ValueError(f"file: cannot read EDID file {path!r}: {exc.strerror}") from None


def from_yaml(doc):
    out = F.from_yaml(OPTIONS, doc)
    if doc.get("file") is not None:
        out["file"] = str(doc["file"])
        out["data"] = file_data(doc["file"])
    # `default: false` asks for nothing: any EDID other than the default will do.
    if doc.get("default"):
        out["default"] = True
    return out


def from_device(snapshot):
    if snapshot.edid is None:
        return None
    out = F.from_device(OPTIONS, snapshot.edid)
    if snapshot.edid.get("data"):
        out["data"] = normalise_data(snapshot.edid["data"])
    # Reported only when true, so that `default: true` compares equal once restored
    # and a device with an imported EDID plans a restore.
    if out.get("data") == DEFAULT_EDID_B64:
        out["default"] = True
    return out


def to_device(desired, snapshot, state):
    if state.edid is None:
        state.edid = {}
    F.to_device(OPTIONS, desired, state.edid)
    if "file" in desired:
        state.edid["_file"] = desired["file"]
        state.edid["data"] = desired["data"]
    if desired.get("default"):
        state.edid["_default"] = True
