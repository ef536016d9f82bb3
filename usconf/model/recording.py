"""recording.*: where and how files are recorded (rec-control) and auto_start (is-auto-rec)."""
from usconf import rules
from usconf.model import fields as F
from usconf.model import units
from usconf.model.descriptor import group, scalar
from usconf.model.fields import Field


def _get_prefix(group):
    # file-name-mode 1 names files after their creation time: `file_prefix: null` in the language.
    return None if group.get("file-name-mode") == 1 else group.get("file-prefix")


def _put_prefix(group, prefix):
    if prefix is None:
        group["file-name-mode"] = 1
    else:
        group["file-name-mode"] = 0
        group["file-prefix"] = prefix


REC_CONTROL = [
    F.enum("usb", "usb-option", units.USB_OPTION),
    F.enum("sd", "sd-option", units.SD_OPTION),
    F.enum("container", "mime-type", units.CONTAINER),
    F.text("folder", "root-folder"),
    Field("file_prefix", yaml=str, get=_get_prefix, put=_put_prefix, nullable=True,
          devices=("file-prefix", "file-name-mode")),
    F.integer("segment_minutes", "time-unit"),
]
AUTO_START = F.boolean("auto_start", "is-auto-rec")

CONTROL = group("recording", "rec-control", "set-rec-control", REC_CONTROL, check=rules.check_rec_control)
AUTO = scalar("recording.auto_start", AUTO_START, "set-auto-rec")


def from_yaml(doc):
    out = F.from_yaml(REC_CONTROL, doc)
    out.update(F.from_yaml([AUTO_START], doc))
    return out


def from_device(snapshot):
    s = snapshot.settings
    out = F.from_device(REC_CONTROL, s[CONTROL.device]) if isinstance(s.get(CONTROL.device), dict) else {}
    out.update(F.from_device([AUTO_START], s))
    return out


def to_device(desired, snapshot, state):
    s = state.settings
    rec = {k: v for k, v in desired.items() if k != "auto_start"}
    if rec:
        F.to_device(REC_CONTROL, rec, s.setdefault(CONTROL.device, {}))
    F.to_device([AUTO_START], desired, s)
