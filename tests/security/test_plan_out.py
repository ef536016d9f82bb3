"""`plan --out` never overwrites the configuration it was planned from, nor any file that is not a plan."""
import json


def _conf(tmp_path):
    conf = tmp_path / "studio.yaml"
    conf.write_text("usconf: 1\ndevice: {name: Studio}\n")
    return conf


def test_plan_out_refuses_to_overwrite_its_source(emulator, cli, tmp_path):
    conf = _conf(tmp_path)
    before = conf.read_text()
    code, out, err = cli("plan", conf, "--device", emulator.url, "--out", conf)
    assert (code, out) == (1, "")
    assert err == (f"Error: refusing to write the plan to {conf}: it is {conf}, a file the plan was made from; "
                   "give another --out\n")
    assert conf.read_text() == before


def test_plan_out_refuses_to_overwrite_a_vars_file(emulator, cli, tmp_path):
    conf = _conf(tmp_path)
    vars_file = tmp_path / "site.yaml"
    vars_file.write_text("room: A\n")
    code, _, err = cli("plan", conf, "--vars-file", vars_file, "--device", emulator.url, "--out", vars_file)
    assert code == 1 and "a file the plan was made from" in err
    assert vars_file.read_text() == "room: A\n"


def test_plan_out_refuses_any_file_that_is_not_a_plan(emulator, cli, tmp_path):
    conf = _conf(tmp_path)
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me\n")
    code, _, err = cli("plan", conf, "--device", emulator.url, "--out", notes)
    assert code == 1
    assert err == (f"Error: refusing to write the plan to {notes}: the file exists and is not a saved usconf plan; "
                   "remove it or give another --out\n")
    assert notes.read_text() == "keep me\n"


def test_plan_out_replaces_an_older_plan(emulator, cli, tmp_path):
    conf = _conf(tmp_path)
    saved = tmp_path / "studio.plan"
    for _ in range(2):
        code, _, err = cli("plan", conf, "--device", emulator.url, "--out", saved)
        assert code == 0, err
    assert json.loads(saved.read_text())["format_version"] == 1
