"""Fleet commands as a user runs them against an emulated fleet: reports, exit codes, saved plans."""
import json
import xml.etree.ElementTree as ET

from usconf.client import Client
from usconf.model import gather

ORDER = ["studio-a", "studio-b", "studio-c", "hall-1", "hall-2"]


def names_of(group):
    out = []
    for device in group.devices:
        with Client(device.url, cloud_port=device.cloud_port) as client:
            out.append(gather(client)["device"]["name"])
    return out


def test_validate_is_offline_and_names_the_device_with_a_problem(usconf, fleet, tmp_path):
    path, group = fleet
    group.stop()                                           # no device answers: validate never asks
    good = usconf("validate", "-i", path)
    assert good.code == 0, good
    assert good.out.splitlines()[0] == "studio-a: valid (" + str(tmp_path / "configs" / "studio.yaml") + ")"
    (tmp_path / "vars" / "halls.yaml").write_text("room: '0'\nnothing: here\n")
    (tmp_path / "configs" / "hall.yaml").write_text("usconf: 1\ndevice:\n  name: \"{{ vars.rom }}\"\n")
    bad = usconf("validate", "-i", path, "--quiet")
    assert bad.code == 1
    assert bad.out.splitlines() == [
        "hall-1: invalid", (f"  {tmp_path / 'configs' / 'hall.yaml'}:3:9: device.name: {{{{ vars.rom }}}}: vars.rom is "
        "not set (give --var rom=VALUE or a --vars-file that sets it)"),
        "hall-2: invalid", (f"  {tmp_path / 'configs' / 'hall.yaml'}:3:9: device.name: {{{{ vars.rom }}}}: vars.rom is "
        "not set (give --var rom=VALUE or a --vars-file that sets it)")]


def test_plan_table_then_each_plan_rendered_with_the_device_own_variables(usconf, fleet):
    path, _ = fleet
    res = usconf("plan", "-i", path)
    assert res.code == 0, res
    lines = res.out.splitlines()
    assert lines[0].split() == ["DEVICE", "GROUP", "STATUS", "CHANGES", "CALLS"]
    assert [line.split()[:3] for line in lines[1:6]] == [[n, "studios" if n.startswith("s") else "halls", "changes"]
                                                          for n in ORDER]
    assert '~ device.name: "Ultra Stream C301181214002" -> "ACME studio-a"' in res.out
    assert "~ video.main.bitrate: 4M -> 8M" in res.out          # studios group vars over defaults
    assert "~ video.main.bitrate: 4M -> 2M" in res.out          # studio-b's own vars win over its group's
    assert '-> "Hall 101 of halls"' in res.out and '-> "Hall 0 of halls"' in res.out
    assert res.err.splitlines()[-1] == "5 devices planned: 0 ok, 5 with changes, 0 failed, 0 unreachable."


def test_exit_codes_aggregate_and_failing_devices_come_last(usconf, fleet):
    path, group = fleet
    assert usconf("plan", "-i", path, "--quiet").code == 0
    assert usconf("plan", "-i", path, "--quiet", "--detailed-exitcode").code == 2
    assert usconf("apply", "-i", path, "--yes", "--limit", "halls").code == 0
    assert usconf("plan", "-i", path, "--limit", "halls", "--detailed-exitcode").code == 0
    assert usconf("drift", "-i", path, "--limit", "halls").code == 0
    assert usconf("drift", "-i", path).code == 2
    group.devices[1].hub.remove(group.devices[1].server)       # studio-b stops answering
    res = usconf("plan", "-i", path, "--detailed-exitcode")
    assert res.code == 1
    assert res.err.splitlines()[-1].startswith(f"FAILED studio-b (studios) at {group.devices[1].url}: unreachable: ")
    assert usconf("drift", "-i", path).code == 1


def test_json_is_one_object_per_device(usconf, fleet):
    path, group = fleet
    group.devices[4].hub.remove(group.devices[4].server)
    res = usconf("plan", "-i", path, "--json")
    assert res.code == 1
    rows = [json.loads(line) for line in res.out.splitlines()]
    assert [r["device"] for r in rows] == ORDER
    first = rows[0]
    assert {k: first[k] for k in ("device", "group", "url", "status", "changes", "calls", "error")} == {
        "device": "studio-a", "group": "studios", "url": group.devices[0].url, "status": "changes",
        "changes": 3, "calls": 2, "error": None}
    assert [c["method"] for c in first["plan"]["calls"]] == ["set-first-over", "set-video"]
    last = rows[-1]
    assert last["status"] == "unreachable" and "plan" not in last and last["error"]


def test_markdown_has_a_collapsible_section_per_device(usconf, fleet):
    path, _ = fleet
    res = usconf("plan", "-i", path, "--markdown", "--limit", "studio-a,hall-1")
    assert res.code == 0
    md = res.out
    assert md.startswith("## usconf plan: 2 devices, 2 with changes, 0 failed\n")
    assert "| studio-a | studios | changes | 3 | 2 |" in md
    assert md.count("<details><summary>") == 2 and md.count("</details>") == 2
    section = md[md.index("<details><summary>hall-1"):]
    assert '~ device.name: "Ultra Stream C301181214005" -> "Hall 101 of halls"' in section


def test_junit_has_a_test_case_per_device_and_errors_for_failures(usconf, fleet, tmp_path):
    path, group = fleet
    group.devices[2].hub.remove(group.devices[2].server)
    report = tmp_path / "plan.xml"
    res = usconf("plan", "-i", path, "--quiet", "--junit", report)
    assert res.code == 1
    suite = ET.parse(report).getroot().find("testsuite")
    assert (suite.get("tests"), suite.get("errors"), suite.get("failures")) == ("5", "1", "0")
    cases = {c.get("name"): c for c in suite.findall("testcase")}
    assert list(cases) == ORDER
    assert cases["studio-c"].find("error").get("type") == "unreachable"
    assert cases["studio-a"].find("error") is None
    assert "set-first-over" in cases["studio-a"].find("system-out").text
    drift = tmp_path / "drift.xml"
    usconf("drift", "-i", path, "--quiet", "--limit", "!studio-c", "--junit", drift)
    drifted = ET.parse(drift).getroot().find("testsuite")
    assert drifted.get("failures") == "4"                    # drift is a failure in a nightly job


def test_saved_plans_per_device_are_applied_and_stale_ones_refused(usconf, fleet, tmp_path):
    path, group = fleet
    plans = tmp_path / "plans"
    res = usconf("plan", "-i", path, "--out", plans, "--quiet")
    assert res.code == 0
    assert sorted(p.name for p in plans.iterdir()) == sorted(f"{n}.json" for n in ORDER)
    # studio-b moves on its own after the plan was saved: only its plan is stale
    with Client(group.devices[1].url, cloud_port=group.devices[1].cloud_port) as client:
        client.call("set-name", name="Changed by hand")
    (plans / "hall-2.json").unlink()
    res = usconf("apply", "-i", path, "--plans", plans, "--yes")
    assert res.code == 1
    failed = [line for line in res.err.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 2
    assert failed[0].startswith("FAILED studio-b (studios)") and "plan is stale" in failed[0]
    assert failed[1].startswith("FAILED hall-2 (halls)") and "no saved plan for device hall-2" in failed[1]
    assert names_of(group) == ["ACME studio-a", "Changed by hand", "ACME studio-c", "Hall 101 of halls",
                               "Ultra Stream C301181214006"]


def test_status_one_row_per_device_with_drift_and_on_air(usconf, fleet):
    path, group = fleet
    usconf("apply", "-i", path, "--yes", "--limit", "studio-a")
    with Client(group.devices[0].url, cloud_port=group.devices[0].cloud_port) as client:
        client.call("start-rec")
    group.devices[2].hub.remove(group.devices[2].server)        # studio-c is off the network
    res = usconf("status", "-i", path, "--limit", "studios")
    assert res.code == 1
    rows = [line.split() for line in res.out.splitlines()]
    assert rows[0] == ["DEVICE", "GROUP", "REACHABLE", "MODEL", "SERIAL", "FIRMWARE", "INPUT", "ON", "AIR", "DRIFT"]
    firmware = group.devices[0].backend.info["product"]["firmware-ver-s"]
    assert rows[1] == ["studio-a", "studios", "yes", "Ultra", "Stream", "HDMI", "C301181214002", firmware,
                       "1920x1080p59.94", "recording", "no"]
    assert rows[2][0] == "studio-b" and rows[2][-2:] == ["-", "yes"]
    assert rows[3] == ["studio-c", "studios", "no", "-", "-", "-", "-", "-", "?"]
    assert res.err.splitlines()[-1].startswith("FAILED studio-c (studios)")


def test_single_device_forms_refuse_fleet_only_options(usconf, fleet):
    path, _ = fleet
    res = usconf("plan", "--limit", "halls", str(path))
    assert res.code == 2 and "--limit only work with -i/--inventory" in res.err
    res = usconf("plan")
    assert res.code == 2 and "missing FILE (or give -i/--inventory FILE)" in res.err
    res = usconf("plan", "-i", path, "--var", "x=1")
    assert res.code == 2 and "--var cannot be used with -i/--inventory" in res.err
    res = usconf("plan", "-i", path, "--limit", "studio-z")
    assert res.code == 1 and "'studio-z' matches no device or group" in res.err
    res = usconf("drift")
    assert res.code == 2 and "drift needs -i/--inventory FILE" in res.err
