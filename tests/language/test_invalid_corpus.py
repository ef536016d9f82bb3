"""Every document under invalid/ is refused with exactly the problems its header announces, at those lines.

A header line `# expect: LINE: text` means one problem reported as FILE:LINE:COL: and containing `text`.
"""
import re
from pathlib import Path

import pytest

from usconf.errors import ValidationError
from usconf.language.load import load

CORPUS = sorted((Path(__file__).parent / "invalid").glob("*.yaml"))
EXPECT = re.compile(r"^# expect: (\d+): (.*)$")


def expectations(path):
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = EXPECT.match(line)
        if match:
            out.append((int(match.group(1)), match.group(2)))
    return out


def test_corpus_is_large_enough():
    assert len(CORPUS) >= 40


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_invalid_document_is_refused_with_its_message_and_line(path):
    expected = expectations(path)
    assert expected, f"{path.name} has no '# expect:' header"
    with pytest.raises(ValidationError) as info:
        load(path, env={})
    problems = info.value.problems
    assert len(problems) == len(expected), "\n".join(problems)
    for line, text in expected:
        prefix = re.compile(rf"^{re.escape(str(path))}:{line}:\d+: ")
        assert any(prefix.match(p) and text in p for p in problems), \
            f"expected at line {line}: {text}\ngot:\n" + "\n".join(problems)
