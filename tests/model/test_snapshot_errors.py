"""Reading a device: only the answers that mean "no EDID" / "cloud unknown" are taken that way."""
import pytest

from usconf.client import Client, RetryPolicy
from usconf.client.transport import NoAnswer, Unreachable
from usconf.errors import AuthenticationFailed, DeviceError
from usconf.model import read_snapshot


class _Faulty:
    """A real client on an emulator, with one method replaced by a failure."""

    def __init__(self, client, method, exc):
        self._client, self._method, self._exc = client, method, exc

    def __getattr__(self, name):
        if name == self._method:
            def fail():
                raise self._exc
            return fail
        return getattr(self._client, name)


@pytest.fixture
def client(emulator):
    c = Client(emulator.url, cloud_port=emulator.cloud_port,
               retries=RetryPolicy(attempts=2, backoff=0.001, backoff_max=0.01))
    yield c
    c.close()


@pytest.mark.parametrize("code", [-9, -17, -10])
def test_edid_read_error_other_than_errDevice_is_raised(client, code):
    faulty = _Faulty(client, "get_edid_config", DeviceError(code, method="get-edid-config"))
    with pytest.raises(DeviceError) as info:
        read_snapshot(faulty)
    assert info.value.code == code
    assert "get-edid-config" in str(info.value)


def test_errDevice_on_edid_means_no_edid(client):
    snap = read_snapshot(_Faulty(client, "get_edid_config", DeviceError(-4, method="get-edid-config")))
    assert snap.edid is None
    assert snap.cloud is not None


def test_edid_is_read_when_it_answers(client):
    assert read_snapshot(client).edid is not None


@pytest.mark.parametrize("exc", [Unreachable("cannot reach x: connection refused"),
                                 NoAnswer("timed out after 2s talking to x")])
def test_cloud_api_not_answering_means_cloud_unknown(client, exc):
    snap = read_snapshot(_Faulty(client, "cloud_status", exc))
    assert snap.cloud is None
    assert snap.edid is not None


@pytest.mark.parametrize("exc", [DeviceError(-9, method="cloud-status"), AuthenticationFailed("refused access")])
def test_cloud_api_answering_with_an_error_is_raised(client, exc):
    with pytest.raises(type(exc)):
        read_snapshot(_Faulty(client, "cloud_status", exc))
