"""The usconf-validate hook run by pre-commit itself (try-repo on this checkout), offline."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
GITOPS = REPO / "examples" / "gitops"
BIN = Path(sys.executable).parent


def git(*args, cwd):
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def hook_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("USCONF_", "PRE_COMMIT", "GIT_"))}
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", PRE_COMMIT_HOME=str(tmp_path / "cache"),
               HOME=str(tmp_path), USCONF_PASSWORD="Admin", STUDIO_STREAM_KEY="hook-key",
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.net", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.net", NO_COLOR="1")
    return env


def test_usconf_validate_hook_catches_a_bad_value_in_a_vars_file(tmp_path, hook_env):
    if not (REPO / ".git").exists():
        pytest.skip("pre-commit try-repo needs this checkout to be a git repository")
    assert shutil.which("pre-commit", path=str(BIN)), "pre-commit is part of the test extra"
    repo = tmp_path / "gitops"
    shutil.copytree(GITOPS, repo)
    git("init", "-q", cwd=repo)
    git("add", "-A", cwd=repo)
    git("commit", "-qm", "fleet", cwd=repo)

    def hook(*files):
        return subprocess.run([str(BIN / "pre-commit"), "try-repo", str(REPO), "usconf-validate", "--files", *files],
                              check=False, cwd=repo, env=hook_env, capture_output=True, text=True, timeout=120)

    good = hook("fleet.yaml", "configs/hall.yaml", "vars/halls.yaml", ".gitlab-ci.yml")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "usconf validate" in good.stdout and "Passed" in good.stdout
    halls = repo / "vars" / "halls.yaml"
    halls.write_text(halls.read_text().replace("bitrate: 4M", "bitrate: 4Q"))
    bad = hook("vars/halls.yaml")                   # only the vars file changed: its inventory is checked again
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "fleet.yaml: hall-101: invalid" in bad.stdout
    assert "configs/hall.yaml:14:14: video.main.bitrate: bitrate '4Q' is not a bitrate" in bad.stdout
    assert "hall-204" not in bad.stdout             # its own bitrate wins over the vars file
