"""The emulator's side of the discovery protocol: one UDP port answering the probe.

One reply per emulated device, built from its live state (name, addresses, status
mask) at the moment the probe arrives. Devices that are rebooting do not answer.
The responder has the listener interface the accept hub expects (`socket`,
`handle_request`, `server_close`), so it runs on the hub's thread with the rest.
"""
import socket

from usconf.discovery import reply
from usconf.emulator.status import status_body

RECV_SIZE = 65536
SEND_TIMEOUT = 1.0


class DiscoveryResponder:
    def __init__(self, devices, host, port=0):
        self.devices = devices
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        self.socket = socket.socket(family, socket.SOCK_DGRAM)
        try:
            self.socket.bind((host, port))
            # The hub reads only when a datagram is waiting; the timeout bounds a send
            # to a full buffer when hundreds of devices answer one probe.
            self.socket.settimeout(SEND_TIMEOUT)
        except BaseException:
            self.socket.close()
            raise
        self.answered = 0

    @property
    def port(self):
        return self.socket.getsockname()[1]

    def handle_request(self):
        try:
            data, source = self.socket.recvfrom(RECV_SIZE)
        except OSError:
            return
        if not reply.is_probe(data):
            return
        for device in list(self.devices):
            answer = self._reply(device)
            if answer is None:
                continue
            try:
                self.socket.sendto(answer, source)
                self.answered += 1
            except OSError:
                return

    @staticmethod
    def _reply(device):
        with device.lock:
            backend = device.backend
            if not backend.reachable():
                return None
            body = status_body(backend)
            return reply.build(serial=backend.serial, name=backend.settings["name"], eth_ip=body["eth"]["ip"],
                               wifi_ip=body["wifi"]["ip"], status=body["cur-status"],
                               product=backend.info["product"].get("product-name", "Ultra Stream"),
                               http_port=device.port)

    def server_close(self):
        self.socket.close()
