"""cloud[]: registrations with Magewell Cloud, keyed by slot (0 or 1).

The cloud API has its own port (8070); when it did not answer, the snapshot's
cloud is None and the section is absent (unknown), not empty. The invitation
code is write-only.
"""

from usconf.copies import plain_copy
from usconf.model import fields as F
from usconf.model.fields import secret

FIELDS = [F.integer("slot", "id"), F.text("address", "cloud-ip-addr"),
          F.integer("http_port", "cloud-http-port"), F.boolean("https", "cloud-enable-https"),
          F.integer("https_port", "cloud-https-port")]
NEW_SLOT = {"cloud-code": "", "cloud-date": 0, "cloud-enable-https": 0, "cloud-http-port": 80,
            "cloud-https-port": 443, "cloud-ip-addr": "", "is-cloud-set": 1}


def registered(snapshot):
    """The cloud-status items of the slots in use, or None when the cloud API was not reached."""
    if snapshot.cloud is None:
        return None
    return [plain_copy(item) for item in snapshot.cloud.get("status", []) if item.get("is-cloud-set")]


def from_yaml(doc):
    out = []
    for item in doc or []:
        entry = F.from_yaml(FIELDS, item)
        if item.get("invitation_code") is not None:
            entry["invitation_code"] = secret(item["invitation_code"])
        out.append(entry)
    return out


def from_device(snapshot):
    items = registered(snapshot)
    if items is None:
        return None
    return [F.from_device(FIELDS, item) for item in items]


def to_device(desired, snapshot, state):
    have = {item.get("id"): item for item in state.cloud or []}
    result = []
    for entry in desired:
        item = have.get(entry["slot"]) or dict(plain_copy(NEW_SLOT), id=entry["slot"])
        F.to_device(FIELDS, entry, item)
        if "invitation_code" in entry:
            item["_code"] = entry["invitation_code"]
        result.append(item)
    # Slots in the device's order (0, 1), whatever order the file names them in.
    state.cloud = sorted(result, key=lambda item: item["id"])
