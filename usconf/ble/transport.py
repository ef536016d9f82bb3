"""How the provisioning protocol reaches a device: scan for adverts, connect, read and write buffers.

Two implementations: the bleak one (usconf.ble.bleak_transport, optional extra
`usconf[ble]`) and the fake peripheral (usconf.ble.fake) used by the tests and
`usconf ble ... --emulate`. The protocol itself (usconf.ble.session) sees only this.
"""
import abc
import dataclasses

from usconf.errors import UsconfError


class BleUnavailable(UsconfError):
    """No Bluetooth here: the optional extra is not installed, or there is no adapter."""


class NotFound(UsconfError):
    """No device advertising that serial number answered the scan."""


@dataclasses.dataclass(frozen=True)
class Seen:
    """One device found by a scan."""

    serial: str
    address: str = ""        # the adapter's handle for it (MAC address or platform id)
    rssi: int = None
    status: int = None       # from the manufacturer data, when advertised
    eth_ip: str = ""
    wifi_ip: str = ""

    def as_json(self):
        return dataclasses.asdict(self)


class Link(abc.ABC):
    """A connection to one device's GATT service. Use as a context manager."""

    poll_interval = None   # seconds between polls of a running step; None: the protocol's default

    @abc.abstractmethod
    def read(self, buffer):
        """The bytes of buffer characteristic 0-4."""

    @abc.abstractmethod
    def write(self, buffer, data):
        """Write bytes to buffer characteristic 0-4 (with response)."""

    @abc.abstractmethod
    def device_info(self):
        """{'manufacturer', 'model', 'serial', 'hardware'} from the Device Information service."""

    def close(self):
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


class Transport(abc.ABC):
    @abc.abstractmethod
    def scan(self, timeout):
        """[Seen] for every Ultra Stream advertising nearby, by serial number."""

    @abc.abstractmethod
    def connect(self, serial, timeout):
        """A Link to the device advertising `serial`; NotFound if none does. Closing the link
        closes the transport too."""

    def close(self):
        """Release the adapter (after a scan; a Link closes it itself)."""
