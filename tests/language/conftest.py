import pytest

from usconf.secrets import Secret

# Environment the examples need: every secret they read, with values that would
# break a document if they were pasted into the YAML text.
EXAMPLE_ENV = {
    "YT_KEY": 'yt: "key" # one',
    "BACKUP_KEY": "backup-key-0001",
    "OPS_PASSWORD": "ops pass: 'quoted'\nsecond line",
    "FTP_PASSWORD": "ftp#secret",
    "RTMP_KEY": "rtmp-standby-key",
    "LECTURE_STREAM_KEY": "lecture-key-42",
    "LECTURE_OPS_PASSWORD": "lecture-ops-pw",
}


@pytest.fixture
def example_env():
    return dict(EXAMPLE_ENV)


def reveal_all(value):
    """The doc with every Secret revealed, to compare with plain data."""
    if isinstance(value, Secret):
        return value.reveal()
    if isinstance(value, dict):
        return {k: reveal_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [reveal_all(v) for v in value]
    return value
