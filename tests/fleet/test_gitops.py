"""The GitOps template: each CI job's usconf commands, as written in the workflow files, against an emulated fleet."""
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from usconf.emulator import running

GITOPS = Path(__file__).resolve().parents[2] / "examples" / "gitops"
SECRETS = {"USCONF_PASSWORD": "Admin", "STUDIO_STREAM_KEY": "gitops-key-0042-not-for-output"}


def github_jobs():
    flow = yaml.safe_load((GITOPS / ".github" / "workflows" / "usconf.yml").read_text())
    return {name: [line for step in job["steps"] if "run" in step for line in step["run"].splitlines()]
            for name, job in flow["jobs"].items()}


def gitlab_jobs():
    ci = yaml.safe_load((GITOPS / ".gitlab-ci.yml").read_text())
    return {name: list(job["script"]) for name, job in ci.items() if isinstance(job, dict) and "script" in job}


def usconf_commands(lines):
    """(argv, stdout file or None) for each line that runs usconf."""
    out = []
    for line in lines:
        words = shlex.split(line)
        if not words or words[0] != "usconf":
            continue
        target = None
        if ">" in words:
            at = words.index(">")
            words, target = words[:at], words[at + 1]
        out.append((words[1:], target))
    return out


@pytest.fixture
def emulated_checkout(tmp_path, monkeypatch):
    """A copy of the template whose fleet.yaml points at emulated encoders; the CI secrets in the environment."""
    checkout = tmp_path / "repo"
    shutil.copytree(GITOPS, checkout)
    fleet = checkout / "fleet.yaml"
    text = fleet.read_text()
    urls = re.findall(r"url: (http://10\.[0-9.]+)", text)
    with running(count=len(urls), port=0, cloud_port=0) as group:
        for url, device in zip(urls, group.devices):
            text = text.replace(f"url: {url}", f'url: "{device.url}", cloud_port: {device.cloud_port}', 1)
        fleet.write_text(text)
        monkeypatch.chdir(checkout)
        for name, value in SECRETS.items():
            monkeypatch.setenv(name, value)
        yield checkout, group


@pytest.mark.parametrize("jobs", [github_jobs, gitlab_jobs], ids=["github", "gitlab"])
def test_pull_request_plan_then_apply_on_merge_then_no_drift(jobs, emulated_checkout, usconf):
    checkout, _ = emulated_checkout
    jobs = {name: usconf_commands(lines) for name, lines in jobs().items()}
    assert [args[0] for args, _ in jobs["plan"]] == ["validate", "plan"]
    assert [args[0] for args, _ in jobs["apply"]] == ["validate", "apply"]
    assert [args[0] for args, _ in jobs["drift"]] == ["drift"]

    def run(job, expected):
        for args, target in jobs[job]:
            res = usconf(*args)
            assert res.code == expected.get(args[0], 0), (job, args, res)
            assert SECRETS["STUDIO_STREAM_KEY"] not in res.out + res.err
            if target:
                (checkout / target).write_text(res.out)

    run("drift", {"drift": 2})                               # before anything: every encoder differs
    run("plan", {})
    comment = (checkout / "plan.md").read_text()
    assert comment.startswith("## usconf plan: 5 devices, 5 with changes, 0 failed")
    assert comment.count("<details>") == 5 and "Hall 204" in comment
    assert sorted(p.name for p in (checkout / "plans").iterdir()) == [
        "hall-101.json", "hall-204.json", "lobby.json", "studio-a.json", "studio-b.json"]
    saved = "".join(p.read_text() for p in (checkout / "plans").iterdir()) + (checkout / "plan.xml").read_text()
    assert SECRETS["STUDIO_STREAM_KEY"] not in saved and "(sensitive)" in saved
    run("apply", {})
    assert '"status": "changes"' in (checkout / "apply.jsonl").read_text()
    run("drift", {})                                         # nightly: nothing drifted
    assert "0 with changes, 0 failed" in (checkout / "drift.md").read_text()
    for args, _ in jobs["plan"]:
        if args[0] == "plan":
            assert usconf(*args, "--detailed-exitcode").code == 0


def test_every_file_points_editors_at_its_schema():
    repo_schemas = GITOPS.parents[1] / "schemas"
    expected = {GITOPS / "fleet.yaml": repo_schemas / "inventory.schema.json"}
    expected.update({p: repo_schemas / "usconf.schema.json" for p in (GITOPS / "configs").glob("*.yaml")})
    assert len(expected) == 5
    for path, schema in expected.items():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema=")
        assert (path.parent / first.split("=", 1)[1]).resolve() == schema.resolve()
