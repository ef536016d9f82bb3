"""`usconf report`: the device's report page, saved with no secret left in it."""
from tests.ops.conftest import add_live_server, session

SECRETS = ("live-key-3f9a7c", "rtmp-pass-81b2", "ftp-pass-55d0e1", "yt-token-c0ffee")


def scene(emu):
    with session(emu) as dev:
        add_live_server(dev, "main", key=SECRETS[0])
        dev.call("add-server", {"type": 0, "name": "auth", "url": "rtmp://b.example.net/app", "key": "k-2-long",
                                "is-auth": 1, "user": "me", "passwd": SECRETS[1]})
        dev.call("add-server", {"type": 2, "name": "yt", "key": "yt-key-9999", "token": SECRETS[3]})
        dev.call("send-file-add-server", {"type": 0, "url": "ftp.example.net", "port": 21, "user-name": "u",
                                          "passwd": SECRETS[2], "login-type": 1})
        return dev.get_settings()["softap"]["softap-passwd"]


def test_report_file_holds_no_secret(device, usconf, tmp_path):
    emu = device()
    softap = scene(emu)
    target = tmp_path / "report.html"
    code, out, err, asked = usconf(emu, "report", "--output", str(target))
    assert code == 0 and "secrets masked" in out
    text = target.read_text(encoding="utf-8")
    assert "<h2>SETTINGS</h2>" in text and "rtmp://b.example.net/app" in text    # the report itself is there
    for secret in SECRETS + ("k-2-long", "yt-key-9999", softap):
        assert secret not in text
    assert "(sensitive)" in text
    assert "get-report" in asked
    assert not any(s in out + err for s in SECRETS)


def test_export_report_is_masked_too_and_written_where_the_user_said(device, usconf, tmp_path):
    emu = device()
    scene(emu)
    target = tmp_path / "mine.html"
    code, _, _, asked = usconf(emu, "report", "-o", str(target), "--export")
    assert code == 0 and "export-report" in asked
    text = target.read_text(encoding="utf-8")
    assert not any(s in text for s in SECRETS)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["mine.html"]   # not the device's file name


def test_report_needs_an_output(device, usconf):
    code, _, err, _ = usconf(device(), "report")
    assert code == 2 and "--output" in err


def test_mask_catches_a_short_secret_by_its_key_name():
    from usconf.ops.report import mask
    text = '<pre>{&quot;key&quot;: &quot;abc&quot;, &quot;name&quot;: &quot;abc&quot;}</pre>'
    masked, count = mask(text, {"abc"})
    assert "&quot;key&quot;: &quot;(sensitive)&quot;" in masked and count == 1
    assert "&quot;name&quot;: &quot;abc&quot;" in masked         # too short to mask by value


def test_the_call_escape_hatch_writes_the_report_masked_too(device, usconf, tmp_path, monkeypatch):
    emu = device()
    scene(emu)
    monkeypatch.chdir(tmp_path)
    code, _, err, _ = usconf(emu, "call", "get-report")
    assert code == 1 and "give --output PATH" in err           # never a file name it was not given
    code, out, _, _ = usconf(emu, "call", "get-report", "--output", "report.html")
    assert code == 0 and '"path": "report.html"' in out
    assert not any(s in (tmp_path / "report.html").read_text() for s in SECRETS)
