"""docs/security.md states the threat model a user deploying usconf needs to read."""
from pathlib import Path

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"


def test_the_threat_model_is_stated_plainly():
    text = DOC.read_text(encoding="utf-8")
    for needed in ("Who writes the YAML", "Who runs `plan` in CI on a pull request", "The device is untrusted",
                   "**plain HTTP**", "There is no HTTPS", "**unsalted MD5**", "**management network**",
                   "--secrets-dir", "--allow-interrupt"):
        assert needed in text, needed
    # the project's docs stand alone
    assert "../shared" not in text and "desired-state.md" not in text


def test_the_readme_points_to_it():
    readme = (DOC.parents[1] / "README.md").read_text(encoding="utf-8")
    assert "[docs/security.md](docs/security.md)" in readme
