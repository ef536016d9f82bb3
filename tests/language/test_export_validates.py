"""What `usconf export` writes is a file this loader accepts (with the secrets it names set)."""
from usconf.client import Client
from usconf.emulator.group import running
from usconf.language.export import export
from usconf.language.load import load_text
from usconf.model import read_snapshot
from usconf.secrets import Secret


def test_export_of_a_factory_new_device_validates():
    with running() as group:
        with Client(group.url, "Admin", Secret("Admin")) as client:
            snapshot = read_snapshot(client)
    exported = export(snapshot)
    env = {name: value.reveal() for name, value in exported.env.items()}
    desired = load_text(exported.text, name="exported.yaml", env=env)
    assert desired.canonical["device"]["name"] == snapshot.settings["name"]
    assert desired.canonical["video"]["main"]["bitrate"] == snapshot.settings["main-stream"]["kbps"]
