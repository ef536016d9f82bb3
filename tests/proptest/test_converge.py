"""Random documents from the schema, two per device in sequence, converge on both emulator profiles.

Each example draws two documents (tests/proptest/documents.py), an emulator profile
(default or strict) and a quirk set (none, string results, write lag, session expiry,
busy answers), and runs them through the CLI as a user does (tests/proptest/converge.py):
validate passes <=> plan succeeds; a plan has calls <=> it has changes; apply exits 0;
the plan after apply is empty; no secret appears in any output.

`make test` runs PROPTEST_EXAMPLES (default 200) derandomized, so CI sees the same
documents every time; `make proptest` runs many more with fresh randomness (PROPTEST_FRESH=1).
"""
import os
import tempfile

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.proptest.converge import PROFILES, QUIRKS, problems
from tests.proptest.documents import documents

EXAMPLES = int(os.environ.get("PROPTEST_EXAMPLES", "200"))
FRESH = os.environ.get("PROPTEST_FRESH") == "1"

# In `make test` a failing example is reported as drawn (a failing apply waits out its settle time,
# so shrinking would take minutes); `make proptest` shrinks it to the smallest documents.
PHASES = list(Phase) if FRESH else [Phase.explicit, Phase.reuse, Phase.generate]
CONVERGE = settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not FRESH, phases=PHASES,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.filter_too_much])


@CONVERGE
@given(docs=st.lists(documents(), min_size=2, max_size=2), profile=st.sampled_from(PROFILES),
       quirk=st.sampled_from(sorted(QUIRKS)), faults_seed=st.integers(0, 1000))
def test_random_documents_converge_in_both_profiles_with_and_without_quirks(docs, profile, quirk, faults_seed):
    with tempfile.TemporaryDirectory() as folder:
        assert problems(docs, folder, profile, quirk, seed=faults_seed) == []


def test_the_harness_sees_a_leaked_secret():
    """A secret in a field the tool echoes back would be caught in the outputs."""
    with tempfile.TemporaryDirectory() as folder:
        found = problems([{"usconf": 1, "device": {"name": "Zq9leak"}}], folder)
    assert found == ["a secret appears in the output or the request log"]
