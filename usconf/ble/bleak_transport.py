"""The real Bluetooth transport, over bleak (optional extra: pip install 'usconf[ble]').

bleak is asynchronous; the provisioning steps are not. One event loop runs in a
background thread for the life of the transport and every GATT operation is handed
to it and waited for, so the rest of usconf stays plain synchronous code.
bleak is imported only here and only when this transport is opened, so usconf runs
without it and says in one line what is missing.
"""
import asyncio
import concurrent.futures
import importlib
import threading

from usconf.ble import codec
from usconf.ble.transport import BleUnavailable, Link, NotFound, Seen, Transport
from usconf.errors import UsconfError

EXTRA_HINT = "Bluetooth needs the optional extra: pip install 'usconf[ble]'"
OPERATION_TIMEOUT = 10.0   # seconds for one read or write


def _import_bleak():
    try:
        return importlib.import_module("bleak")
    except ImportError:
        raise BleUnavailable(EXTRA_HINT) from None


def _adapter_problem(exc):
    """One line for an adapter that is missing, off, or refused us (the bleak message, bounded)."""
    text = " ".join(str(exc).split())[:200] or type(exc).__name__
    return BleUnavailable(f"no usable Bluetooth adapter: {text}")


class BleakTransport(Transport):
    def __init__(self):
        self.bleak = _import_bleak()
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, name="usconf-ble", daemon=True)
        self.thread.start()

    def run(self, coro, timeout):
        future = asyncio.run_coroutine_threadsafe(coro, self.loop)
        try:
            return future.result(timeout + 5)
        except UsconfError:
            raise
        except (self.bleak.exc.BleakError, OSError) as exc:
            raise _adapter_problem(exc) from None
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise UsconfError(f"Bluetooth operation did not finish within {timeout:g}s") from None

    def close(self):
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)

    # --- Transport ------------------------------------------------------------------------

    def scan(self, timeout):
        found = self.run(self.bleak.BleakScanner.discover(timeout=timeout, return_adv=True), timeout)
        seen = []
        for device, adv in found.values():
            name = adv.local_name or device.name or ""
            if not codec.is_serial(name):
                continue
            status, eth, wifi = None, "", ""
            for company, payload in (adv.manufacturer_data or {}).items():
                # bleak splits the AD data into a 16-bit company id and the rest; put it back.
                data = company.to_bytes(2, "little") + bytes(payload)
                try:
                    status, eth, wifi = codec.parse_manufacturer_data(data)
                except codec.FrameError:
                    continue
            seen.append(Seen(serial=name, address=device.address, rssi=adv.rssi, status=status, eth_ip=eth,
                             wifi_ip=wifi))
        return sorted(seen, key=lambda s: s.serial)

    def connect(self, serial, timeout):
        async def open_link():
            device = await self.bleak.BleakScanner.find_device_by_filter(
                lambda d, adv: (adv.local_name or d.name) == serial, timeout=timeout)
            if device is None:
                raise NotFound(f"no Ultra Stream advertising {serial} answered within {timeout:g}s")
            client = self.bleak.BleakClient(device, timeout=timeout)
            await client.connect()
            return client
        return BleakLink(self, self.run(open_link(), timeout))


class BleakLink(Link):
    def __init__(self, transport, client):
        self.transport, self.client = transport, client

    def read(self, buffer):
        return bytes(self.transport.run(self.client.read_gatt_char(codec.BUFFER_UUIDS[buffer]), OPERATION_TIMEOUT))

    def write(self, buffer, data):
        self.transport.run(self.client.write_gatt_char(codec.BUFFER_UUIDS[buffer], bytes(data), response=True),
                           OPERATION_TIMEOUT)

    def device_info(self):
        out = {}
        for key, uuid in codec.DEVICE_INFO.items():
            try:
                raw = self.transport.run(self.client.read_gatt_char(uuid), OPERATION_TIMEOUT)
            except UsconfError:
                raw = b""
            out[key] = bytes(raw).rstrip(b"\x00").decode("utf-8", errors="replace")
        return out

    def close(self):
        try:
            self.transport.run(self.client.disconnect(), OPERATION_TIMEOUT)
        except UsconfError:
            pass
        finally:
            self.transport.close()
