"""Which firmware added each method and each section of the language.

ADDED_IN is the reference's "Added in V1.x" marks (written out by
scripts/method_versions.py; tests/ops/test_versions.py checks it against the
reference). A method the reference does not mark is taken to exist on every
firmware. The reference's V1.x is read as firmware 1.x: firmware 1.4.98 has the
V1.4 methods and lacks the V1.5 ones.
"""
import re

ADDED_IN = {
    "add-nosignal-file": "1.5",
    "close-softap": "1.3",
    "cloud-reg-ex": "1.5",
    "cloud-status": "1.5",
    "cloud-unreg-ex": "1.5",
    "del-media-files": "1.3",
    "del-nosignal-file": "1.5",
    "get-media-files": "1.3",
    "set-auto-live": "1.4",
    "set-date-time": "1.3",
    "set-enable-check-update": "1.4",
    "set-enable-key-reboot": "1.4",
    "set-enable-key-reset": "1.4",
    "set-nosignal-file": "1.5",
    "set-rec-control": "1.3",
    "set-signal-lost-ctrl": "1.3",
    "set-softap": "1.3",
    "set-ssdp": "1.3",
    "set-sync-offset": "1.3",
    "set-video-input-format": "1.4",
    "set-video-output-format": "1.4",
    "start-format-sd": "1.3",
    "use-nosignal-file": "1.5",
}

# Language paths (the YAML's keys) -> the method that writes them. Paths not listed
# are written by methods every firmware has.
SECTION_METHODS = {
    ("device", "ssdp"): "set-ssdp",
    ("device", "stop_on_signal_loss"): "set-signal-lost-ctrl",
    ("device", "buttons", "live_key_reset"): "set-enable-key-reset",
    ("device", "buttons", "rec_key_reboot"): "set-enable-key-reboot",
    ("device", "firmware_auto_check"): "set-enable-check-update",
    ("device", "time"): "set-date-time",
    ("video", "input_format"): "set-video-input-format",
    ("video", "output_format"): "set-video-output-format",
    ("video", "no_signal"): "use-nosignal-file",
    ("audio", "sync_offset_ms"): "set-sync-offset",
    ("recording", "usb"): "set-rec-control",
    ("recording", "sd"): "set-rec-control",
    ("recording", "container"): "set-rec-control",
    ("recording", "folder"): "set-rec-control",
    ("recording", "file_prefix"): "set-rec-control",
    ("recording", "segment_minutes"): "set-rec-control",
    ("live", "locked"): "set-auto-live",
    ("network", "access_point"): "set-softap",
    ("cloud",): "cloud-reg-ex",
}

_VERSION = re.compile(r"^\d+(\.\d+)*$")


def version_tuple(text):
    """"1.5.123" -> (1, 5, 123); None for text that is not a version."""
    text = str(text).strip()
    return tuple(int(x) for x in text.split(".")) if _VERSION.match(text) else None


def added_in(method):
    """The firmware version ("1.x") that added `method`, or None when every firmware has it."""
    return ADDED_IN.get(method)


def has_method(firmware, method):
    """Does firmware `firmware` ("1.4.98") have `method`? Unknown versions are given the benefit."""
    needed, running = added_in(method), version_tuple(firmware)
    if needed is None or running is None:
        return True
    return running[:2] >= version_tuple(needed)


def missing_sections(doc, firmware):
    """[(path, method, needed version)] of the paths in `doc` that firmware `firmware` cannot write."""
    out = []
    for path, method in SECTION_METHODS.items():
        node = doc
        for part in path:
            node = node.get(part) if isinstance(node, dict) else None
            if node is None:
                break
        if node is not None and not has_method(firmware, method):
            out.append((path, method, added_in(method)))
    return out
