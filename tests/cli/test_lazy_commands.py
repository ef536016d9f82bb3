"""Start-up stays short: `--help`, `--version` and `validate` load only what they use.

Each case runs in a fresh interpreter (the test process has loaded everything
already) and lists the heavy packages and usconf stages that got imported.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

import usconf
from usconf import cli as cli_module

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("requests", "urllib3", "deepdiff", "jsonschema", "jinja2", "yaml", "click")
STAGES = ("usconf.client.session", "usconf.client.transport", "usconf.emulator.backend", "usconf.emulator.http",
          "usconf.emulator.group", "usconf.plan", "usconf.apply", "usconf.output", "usconf.model")

PROBE = """
import json, sys
from usconf.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
heavy = sorted({m.split('.')[0] for m in sys.modules if m.split('.')[0] in HEAVY})
stages = sorted(m for m in sys.modules if m.startswith(STAGES))
print(json.dumps({"heavy": heavy, "stages": stages}), file=sys.stderr)
""".replace("HEAVY", repr(HEAVY)).replace("STAGES", repr(STAGES))


def loaded(*args, cwd=ROOT):
    done = subprocess.run(check=False, args=[sys.executable, "-c", PROBE, *args], capture_output=True, text=True, cwd=cwd,
                          env={"PATH": "/usr/bin:/bin", "YT_KEY": "k1", "BACKUP_KEY": "k2", "OPS_PASSWORD": "p1",
                               "FTP_PASSWORD": "p2"}, timeout=60)
    return done.stdout, json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.parametrize("args", [["--help"], ["--version"], ["plan", "--help"]])
def test_help_and_version_load_no_heavy_package(args):
    out, mods = loaded(*args)
    assert "usconf" in out
    # --help of `plan` imports the planning command module, but its work (plan, apply) is not run
    if args == ["plan", "--help"]:
        assert "requests" not in mods["heavy"]
        return
    assert mods == {"heavy": [], "stages": []}


def test_validate_loads_no_http_client_planner_or_emulator():
    out, mods = loaded("validate", "examples/studio.yaml")
    assert out.strip() == "examples/studio.yaml: valid"
    assert "requests" not in mods["heavy"] and "urllib3" not in mods["heavy"]
    assert "deepdiff" not in mods["heavy"]
    assert "jsonschema" not in mods["heavy"]        # a valid file is checked by the compiled schema
    assert "jinja2" not in mods["heavy"]            # its expressions only name env variables
    assert "click" not in mods["heavy"]             # a plain `validate FILE...` runs without click
    assert not [m for m in mods["stages"] if m.startswith(("usconf.plan", "usconf.apply", "usconf.client.",
                                                            "usconf.emulator."))]


def test_validate_of_a_file_with_filters_renders_them_with_jinja2(tmp_path):
    doc = tmp_path / "filters.yaml"
    doc.write_text('device:\n  name: "{{ env.YT_KEY | upper }}x"\n', encoding="utf-8")
    out, mods = loaded("validate", str(doc))
    assert out.strip() == f"{doc}: valid"
    assert "jinja2" in mods["heavy"]


def test_plan_talks_to_the_device_without_requests(emulator):
    """The device client speaks HTTP over a socket (usconf.client.wire): requests and urllib3 cost ~100 ms of
    start-up to load."""
    out, mods = loaded("plan", "examples/studio.yaml", "--device", emulator.url, "--cloud-port", str(emulator.cloud_port))
    assert "Plan:" in out
    assert "usconf.client.transport" in mods["stages"]
    assert "requests" not in mods["heavy"] and "urllib3" not in mods["heavy"]


def test_validate_of_an_invalid_file_still_gives_jsonschema_messages(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("video:\n  main:\n    codec: h266\n", encoding="utf-8")
    out, mods = loaded("validate", str(bad))
    assert "video.main.codec: 'h266' is not allowed" in out
    assert "jsonschema" in mods["heavy"]
    assert "requests" not in mods["heavy"]


def _real_commands():
    cli_module._register()
    return cli_module.cli.commands


def test_listed_commands_are_the_real_ones_each_in_one_line():
    """`usconf --help` lists COMMANDS without importing the commands: every entry is a real command
    of the module it names, and its line fits an 80-column terminal whole."""
    real = _real_commands()
    assert set(real) == set(cli_module.COMMANDS)
    for name, (module, line) in cli_module.COMMANDS.items():
        assert module in cli_module.COMMAND_MODULES
        assert real[name].callback.__module__ == f"usconf.cli.{module}"
        assert "\n" not in line and len(line) <= 64, name


def _click_help(columns):
    code = ("import sys\nfrom usconf.cli import group\ntry:\n    group.run(['--help'])\n"
            "except SystemExit:\n    pass\n")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True,
                          env={"PATH": "/usr/bin:/bin", "COLUMNS": str(columns)}).stdout


@pytest.mark.parametrize("columns", [80, 132])
def test_help_without_click_is_what_click_prints(columns, monkeypatch):
    from usconf.cli import quick
    monkeypatch.setenv("COLUMNS", str(columns))
    assert quick.answer(["--help"]) == _click_help(columns)
    assert quick.answer(["-h"]) == _click_help(columns)


def test_help_on_a_narrow_terminal_is_left_to_click(monkeypatch):
    from usconf.cli import quick
    monkeypatch.setenv("COLUMNS", "60")
    assert quick.answer(["--help"]) is None
    shown = subprocess.run([sys.executable, "-m", "usconf", "--help"], capture_output=True, text=True, cwd=ROOT,
                           env={"PATH": "/usr/bin:/bin", "COLUMNS": "60"}, check=True).stdout
    assert shown == _click_help(60) and "Commands:" in shown


def test_version_without_click_is_what_click_prints():
    from usconf.cli import quick
    code = "from usconf.cli import group\ntry:\n    group.run(['--version'])\nexcept SystemExit:\n    pass\n"
    printed = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert quick.answer(["--version"]) == printed == f"usconf, version {usconf.__version__}\n"


def test_a_module_missing_from_the_table_is_still_listed_and_runs():
    """A command module only added to COMMAND_MODULES works; it is just imported eagerly."""
    script = (
        "import sys, usconf.cli as c\n"
        "c.COMMANDS = {k: v for k, v in c.COMMANDS.items() if v[0] != 'language'}\n"
        "c.main(sys.argv[1:])\n")
    shown = subprocess.run(check=False, args=[sys.executable, "-c", script, "--help"], capture_output=True, text=True, cwd=ROOT)
    assert "validate  Check desired-state FILEs" in shown.stdout
    ran = subprocess.run(check=False, args=[sys.executable, "-c", script, "validate", "examples/minimal.yaml"], capture_output=True,
                         text=True, cwd=ROOT)
    assert ran.stdout.strip() == "examples/minimal.yaml: valid", ran.stderr


def _both_ways(args, cwd, env):
    """(exit code, stdout, stderr) of `usconf ARGS` through main() (the quick path) and through click."""
    through_click = ("import sys\nfrom usconf.cli import group\ngroup.run(sys.argv[1:])\n")
    quick = subprocess.run([sys.executable, "-m", "usconf", *args], capture_output=True, text=True, cwd=cwd,
                           env=env)
    slow = subprocess.run([sys.executable, "-c", through_click, *args], capture_output=True, text=True, cwd=cwd,
                          env=env)
    return (quick.returncode, quick.stdout, quick.stderr), (slow.returncode, slow.stdout, slow.stderr)


@pytest.mark.parametrize("files", [
    ["examples/studio.yaml"],
    ["examples/studio.yaml", "missing.yaml"],
    ["bad.yaml", "examples/minimal.yaml"],
    ["unset.yaml"],
    ["examples"],
])
def test_plain_validate_without_click_prints_what_the_click_command_prints(files, tmp_path):
    (tmp_path / "bad.yaml").write_text("video:\n  main:\n    codec: h266\n    bitrat: 4M\n", encoding="utf-8")
    (tmp_path / "unset.yaml").write_text('live:\n  servers:\n    - {name: A, type: youtube, key: "{{ env.NOPE }}"}\n',
                                         encoding="utf-8")
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {"PATH": "/usr/bin:/bin", "YT_KEY": "k1", "BACKUP_KEY": "k2", "OPS_PASSWORD": "p1", "FTP_PASSWORD": "p2",
           "PYTHONPATH": str(ROOT)}
    quick, slow = _both_ways(["validate", *files], tmp_path, env)
    assert quick == slow
    assert quick[0] == (0 if files == ["examples/studio.yaml"] else 1)


def test_validate_with_an_option_or_a_device_in_the_environment_is_left_to_click(monkeypatch):
    from usconf.cli import quick
    monkeypatch.delenv("USCONF_DEVICE", raising=False)
    assert quick.plain_validate(["validate", "a.yaml", "b.yaml"]) == ["a.yaml", "b.yaml"]
    assert quick.plain_validate(["validate", "--var", "x=1", "a.yaml"]) is None
    assert quick.plain_validate(["validate", "-i", "fleet.yaml"]) is None
    assert quick.plain_validate(["validate"]) is None
    assert quick.plain_validate(["plan", "a.yaml"]) is None
    monkeypatch.setenv("USCONF_DEVICE", "http://127.0.0.1:9")
    assert quick.plain_validate(["validate", "a.yaml"]) is None


# --- a one-device `usconf plan FILE` without click ------------------------------------------------------

def test_plan_options_read_without_click_are_the_click_command_s_own():
    """quick.PLAN_OPTIONS is a copy of the plan command's options: each one must be the click option of
    that name, with the same parameter, the same kind and the same default."""
    from usconf.cli import quick
    from usconf.client.defaults import DEFAULT_CLOUD_PORT, DEFAULT_TIMEOUT
    command = _real_commands()["plan"]
    fleet_only = {"--inventory", "--limit", "--parallel", "--quiet", "--junit"}
    options = {name: p for p in command.params if p.param_type_name == "option" for name in p.opts
               if name.startswith("--") and name not in fleet_only and name != "--help"}
    assert set(options) == set(quick.PLAN_OPTIONS)
    kinds = {"flag": lambda p: p.is_flag, "many": lambda p: p.multiple and not p.is_flag,
             "text": lambda p: not p.multiple and not p.is_flag and p.type.name == "text",
             "port": lambda p: p.type.name == "integer" and p.default == DEFAULT_CLOUD_PORT,
             "seconds": lambda p: p.type.name == "float" and p.default == DEFAULT_TIMEOUT}
    for name, (param, kind) in quick.PLAN_OPTIONS.items():
        option = options[name]
        # the connection options reach plan_device() folded into a Connection
        assert option.name == param, name
        assert kinds[kind](option), name
    assert options["--device"].envvar == "USCONF_DEVICE" and options["--username"].envvar == "USCONF_USERNAME"


@pytest.mark.parametrize("args", [
    ["plan", "a.yaml", "-i", "fleet.yaml"],
    ["plan", "--help"],
    ["plan"],
    ["plan", "a.yaml", "b.yaml"],
    ["plan", "a.yaml", "--cloud-port", "80x"],
    ["plan", "a.yaml", "--cloud-port=8_070"],
    ["plan", "a.yaml", "--timeout", "1e3"],
    ["plan", "a.yaml", "--json=yes"],
    ["plan", "a.yaml", "--device"],
    ["plan", "a.yaml", "--var", "--json"],
    ["plan", "a.yaml", "--limit", "x"],
    ["plan", "-", "--device", "http://127.0.0.1:9"],
    ["--debug", "plan", "a.yaml"],
])
def test_a_plan_command_line_click_must_judge_is_left_to_click(args):
    from usconf.cli import quick
    assert quick.plain_plan(args) is None


def test_a_plain_plan_command_line_is_read_as_click_reads_it():
    from usconf.cli import quick
    assert quick._plan_values(["a.yaml", "--device=http://x", "--cloud-port", "8071", "--timeout", "2.5", "--json",
                               "--var", "a=1", "--var=b=2", "--target", "video", "--device", "http://y"]) == {
        "file": "a.yaml", "device": "http://y", "cloud_port": 8071, "timeout": 2.5, "as_json": True,
        "var_pairs": ["a=1", "b=2"], "targets": ["video"]}


def test_plan_without_click_loads_no_click(emulator):
    out, mods = loaded("plan", "examples/studio.yaml", "--device", emulator.url, "--cloud-port", str(emulator.cloud_port))
    assert "Plan:" in out
    assert "click" not in mods["heavy"]
    assert "usconf.apply" not in {m.rsplit(".", 1)[0] for m in mods["stages"]}


def _without_secret_key(text):
    plan = json.loads(text)
    assert set(plan["source"].pop("secrets")) == {"key", "hmac"}
    return plan


@pytest.mark.parametrize("extra", [
    [],
    ["--json"],
    ["--markdown", "--detailed-exitcode"],
    ["--target", "video", "--target", "live.servers"],
    ["--out", "saved.json"],
    ["--var", "nope"],
    ["--password-file", "missing.txt"],
    ["--device", "http://127.0.0.1:9", "--timeout", "0.5"],
])
def test_plain_plan_without_click_prints_what_the_click_command_prints(extra, emulator, tmp_path):
    (tmp_path / "examples").symlink_to(ROOT / "examples")
    env = {"PATH": "/usr/bin:/bin", "YT_KEY": "k1", "BACKUP_KEY": "k2", "OPS_PASSWORD": "p1", "FTP_PASSWORD": "p2",
           "PYTHONPATH": str(ROOT), "USCONF_DEVICE": emulator.url}
    args = ["plan", "examples/studio.yaml", "--cloud-port", str(emulator.cloud_port), *extra]
    from usconf.cli import quick
    assert quick.plain_plan(args) is not None
    quick_run, click_run = _both_ways(args, tmp_path, env)
    if extra == ["--json"]:
        # a plan's secrets are fingerprinted with a key drawn for that plan: the rest is the same
        quick_run, click_run = (run[:1] + (_without_secret_key(run[1]),) + run[2:] for run in (quick_run, click_run))
    assert quick_run == click_run
    if not extra or extra[0] == "--target":
        assert quick_run[0] == 0 and "Plan:" in quick_run[1]
    if extra == ["--markdown", "--detailed-exitcode"]:
        assert quick_run[0] == 2
    if extra == ["--var", "nope"]:
        assert quick_run[0] == 1 and "bad --var 'nope'" in quick_run[2]


def test_plain_plan_reads_bad_files_as_click_does(emulator, tmp_path):
    (tmp_path / "bad.yaml").write_text("video:\n  main:\n    codec: h266\n", encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT)}
    for name in ("bad.yaml", "missing.yaml"):
        quick_run, click_run = _both_ways(["plan", name, "--device", emulator.url], tmp_path, env)
        assert quick_run == click_run
        assert quick_run[0] == 1 and name in quick_run[2] and "Traceback" not in quick_run[2]


def test_plan_with_nothing_to_change_loads_neither_the_planner_nor_the_simulated_device(emulator):
    env = {"PATH": "/usr/bin:/bin", "YT_KEY": "k1", "BACKUP_KEY": "k2", "OPS_PASSWORD": "p1", "FTP_PASSWORD": "p2"}
    device = ["--device", emulator.url, "--cloud-port", str(emulator.cloud_port)]
    subprocess.run([sys.executable, "-m", "usconf", "apply", "examples/studio.yaml", "--yes", *device], cwd=ROOT,
                   env=env, check=True, capture_output=True, timeout=60)
    out, mods = loaded("plan", "examples/studio.yaml", *device)
    assert "No changes" in out
    assert not [m for m in mods["stages"] if m.startswith(("usconf.plan.build", "usconf.plan.simulate",
                                                            "usconf.emulator."))]
    out, mods = loaded("plan", "examples/minimal.yaml", *device)      # a change: the planner is there
    assert "Plan:" in out and "usconf.plan.build" in mods["stages"]
