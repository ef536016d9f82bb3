"""Helpers for the security tests: the CLI run in-process, a clean USCONF_* environment."""
import pytest

from usconf.cli import main


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for name in ("USCONF_DEVICE", "USCONF_USERNAME", "USCONF_PASSWORD", "USCONF_SECRETS_DIR"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(capsys):
    """Run `usconf ARGS...`; (exit code, stdout, stderr)."""
    def run(*args):
        with pytest.raises(SystemExit) as done:
            main([str(a) for a in args])
        out = capsys.readouterr()
        return done.value.code, out.out, out.err
    return run
