"""Which addresses are this machine's own: the emulator binds only to them, and apply
never follows a device from one of them to anywhere else."""
import ipaddress


def is_loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
