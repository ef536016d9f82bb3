"""The fields a device answer must carry (usconf/spec/answers.py REQUIRED) are fields the reference's
own sample answers show (tests/fixtures/reference, extracted from the API reference): a device that
answers exactly like the reference is never called malformed."""
import json
from pathlib import Path

import pytest

from usconf.spec.answers import REQUIRED

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "reference"


@pytest.mark.parametrize("method", sorted(REQUIRED))
def test_required_fields_are_in_the_reference_sample(method):
    sample = json.loads((FIXTURES / f"{method}.json").read_text())
    missing = [f"{group}.{name}" for group, names in REQUIRED[method].items() for name in names
               if name not in (sample.get(group) or {})]
    assert missing == []
