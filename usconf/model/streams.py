"""streams.record / live / preview: which encoded stream (main or sub) each use takes."""
from usconf.model import fields as F
from usconf.model import units
from usconf.model.descriptor import scalar

FIELDS = [
    F.enum("record", "rec-stream", units.STREAM),
    F.enum("live", "live-stream", units.STREAM),
    F.enum("preview", "mws-stream", units.STREAM),
]
# One set-stream call carries all three choices (calls.py builds it), each under its own parameter.
RECORD, LIVE, PREVIEW = (scalar(f"streams.{f.key}", f, "set-stream", param=param, generic=False)
                         for f, param in zip(FIELDS, ("rec", "live", "mws")))


def from_yaml(doc):
    return F.from_yaml(FIELDS, doc)


def from_device(snapshot):
    return F.from_device(FIELDS, snapshot.settings)


def to_device(desired, snapshot, state):
    F.to_device(FIELDS, desired, state.settings)
