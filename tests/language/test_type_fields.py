"""Each server type has its own fields; the ones every type shares stay allowed everywhere."""
import pytest

from usconf.errors import ValidationError
from usconf.language.load import load_text


def test_platform_servers_may_name_an_ingest_url_and_rtsp_servers_a_network():
    desired = load_text("live:\n"
                        "  servers:\n"
                        "    - {name: YT, type: youtube, url: rtmp://a.rtmp.youtube.com/live2, key: k, auth: null}\n"
                        "    - {name: Room, type: rtsp, network: wifi, port: 8554}\n")
    servers = desired.canonical["live"]["servers"]
    assert servers[0]["url"] == "rtmp://a.rtmp.youtube.com/live2" and servers[0]["auth"] is None
    assert servers[1]["network"] == "wifi"


def test_every_misplaced_field_is_named_once_at_its_key():
    with pytest.raises(ValidationError) as info:
        load_text("live:\n"
                  "  servers:\n"
                  "    - {name: Room, type: rtsp, url: rtsp://x, auth: null, token: t}\n"
                  "uploads:\n"
                  "  servers:\n"
                  "    - {type: google_drive, account_id: a, privacy: private}\n"
                  "    - {type: youtube, account_id: b, parents: p, password: x}\n", name="f.yaml")
    assert info.value.problems == [
        "f.yaml:3:32: live.servers[0].url: only RTMP, Twitch, YouTube and Facebook servers have a url",
        "f.yaml:3:47: live.servers[0].auth: only RTMP, Twitch, YouTube and Facebook servers have authentication",
        "f.yaml:3:59: live.servers[0].token: only RTMP, Twitch, YouTube and Facebook servers have a token",
        "f.yaml:6:43: uploads.servers[0].privacy: only YouTube servers have a privacy setting",
        "f.yaml:7:38: uploads.servers[1].parents: only Google Drive servers have a parent folder",
        "f.yaml:7:50: uploads.servers[1].password: only FTP servers have a password",
    ]
