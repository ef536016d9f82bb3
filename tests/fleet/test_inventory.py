"""The inventory file: precedence of variables and credentials, target in templates, errors at FILE:LINE:COL."""
import textwrap

import pytest

from usconf.errors import ValidationError
from usconf.fleet.inventory import device_desired, load_inventory
from usconf.secrets import Secret


def write(tmp_path, text, name="fleet.yaml"):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


@pytest.fixture
def files(tmp_path):
    (tmp_path / "s.yaml").write_text('usconf: 1\ndevice:\n  name: "{{ vars.org }} {{ vars.room }} {{ target.name }}"\n')
    (tmp_path / "v1.yaml").write_text("org: FromVarsFile\nroom: V1\nlevel: one\n")
    (tmp_path / "v2.yaml").write_text("level: two\n")
    return tmp_path


def problems(path, env=None):
    with pytest.raises(ValidationError) as info:
        load_inventory(path, env=env or {})
    return info.value.problems


def test_variables_follow_defaults_vars_files_group_device(files):
    path = write(files, """\
        usconf: 1
        defaults:
          vars: {org: ACME, room: D, level: zero, only_default: yes}
          vars_files: [v1.yaml]
        groups:
          studios:
            file: s.yaml
            vars_files: [v2.yaml]
            vars: {room: G}
            devices:
              a: {url: http://10.0.0.1, vars: {room: A}}
              b: {url: http://10.0.0.2}
        devices:
          lone: {url: http://10.0.0.3, file: s.yaml}
        """)
    inv = load_inventory(path, env={})
    a, b, lone = inv.devices
    assert a.vars == {"org": "FromVarsFile", "room": "A", "level": "two", "only_default": True}
    assert b.vars["room"] == "G"
    assert lone.vars == {"org": "FromVarsFile", "room": "V1", "level": "one", "only_default": True}
    assert (a.group, lone.group) == ("studios", None)
    assert device_desired(a, env={}).canonical["device"]["name"] == "FromVarsFile A a"
    assert device_desired(lone, env={}).canonical["device"]["name"] == "FromVarsFile V1 lone"


def test_credentials_follow_the_same_precedence_and_the_password_stays_secret(files):
    path = write(files, """\
        usconf: 1
        defaults: {username: ops, password: "{{ env.FLEET_PW }}", timeout: 3, cloud_port: 9000}
        groups:
          g:
            file: s.yaml
            cloud_port: 9001
            password: "{{ secret_file('pw.txt') }}"
            devices:
              a: {url: http://10.0.0.1, timeout: 1.5}
        devices:
          b: {url: http://10.0.0.2, file: s.yaml, username: other}
        """)
    (files / "pw.txt").write_text("from-a-file\n")
    a, b = load_inventory(path, env={"FLEET_PW": "from-env-4711"}).devices
    assert (a.username, a.cloud_port, a.timeout) == ("ops", 9001, 1.5)
    assert (b.username, b.cloud_port, b.timeout) == ("other", 9000, 3)
    assert isinstance(a.password, Secret) and a.password.reveal() == "from-a-file"
    assert b.password.reveal() == "from-env-4711"
    assert "from-env-4711" not in repr(b) and "from-a-file" not in repr(a)


def test_target_group_is_visible_in_templates(files):
    (files / "h.yaml").write_text('usconf: 1\ndevice:\n  name: "{{ target.group }}-{{ target.name }}"\n')
    path = write(files, """\
        usconf: 1
        groups:
          halls:
            file: h.yaml
            devices:
              hall-101: {url: http://10.0.1.5}
        """)
    device = load_inventory(path, env={}).devices[0]
    assert device_desired(device, env={}).canonical["device"]["name"] == "halls-hall-101"


def test_unknown_field_is_reported_at_its_line_and_column(files):
    path = write(files, """\
        usconf: 1
        groups:
          studios:
            file: s.yaml
            devices:
              a: {url: http://10.0.0.1, varz: {room: A}}
        """)
    assert problems(path) == [f"{path}:6:33: groups.studios.devices.a.varz: unknown field 'varz'; did you mean 'vars'?"]


def test_a_device_in_two_groups_is_an_error_naming_both_places(files):
    path = write(files, """\
        usconf: 1
        defaults: {file: s.yaml}
        groups:
          one:
            devices:
              a: {url: http://10.0.0.1}
          two:
            devices:
              a: {url: http://10.0.0.2}
        """)
    (line,) = problems(path)
    assert line.startswith(f"{path}:9:7: groups.two.devices.a: the name 'a' is already used by a device at {path}:6:7")


def test_a_device_named_like_a_group_is_an_error(files):
    path = write(files, """\
        usconf: 1
        defaults: {file: s.yaml}
        groups:
          lobby:
            devices: {}
        devices:
          lobby: {url: http://10.0.0.1}
        """)
    (line,) = problems(path)
    assert line.startswith(f"{path}:7:3: devices.lobby: the name 'lobby' is already used by a group")


def test_a_password_written_in_the_file_is_refused_without_showing_it(files):
    path = write(files, """\
        usconf: 1
        defaults: {file: s.yaml}
        devices:
          a: {url: http://10.0.0.1, password: hunter2-literal}
        """)
    (line,) = problems(path)
    assert line.startswith(f"{path}:4:39: devices.a.password: a password is never written in the inventory")
    assert "hunter2" not in line


def test_every_problem_at_once_missing_file_bad_url_no_desired_state_wrong_format(files):
    path = write(files, """\
        usconf: 2
        devices:
          a: {url: "ftp://10.0.0.1", file: s.yaml}
          b: {url: http://10.0.0.2, file: missing.yaml}
          c: {url: http://10.0.0.3}
          "bad name": {url: http://10.0.0.4, file: s.yaml}
        """)
    found = problems(path)
    assert found == [f"{path}:1:9: usconf: 2 is not allowed; the only value is 1",
                     (f"{path}:6:3: devices.bad name: bad name 'bad name': use letters, digits, '.', '_' and '-', "
                     "starting with a letter or digit")]
    path.write_text(path.read_text().replace("usconf: 2", "usconf: 1").replace('  "bad name"', "  d"))
    found = problems(path)
    assert found[0].startswith(f"{path}:4:35: devices.b.file: no such file: ")
    assert found[1] == f"{path}:3:12: devices.a.url: not a device URL: 'ftp://10.0.0.1' (expected http://HOST[:PORT])"
    assert found[2] == (f"{path}:5:3: devices.c: no desired-state file: give `file:` for the device, its group "
                        "or in defaults")


def test_a_secret_from_env_in_vars_is_refused(files):
    path = write(files, """\
        usconf: 1
        defaults: {file: s.yaml, vars: {key: "{{ env.KEY }}"}}
        devices:
          a: {url: http://10.0.0.1}
        """)
    (line,) = problems(path, env={"KEY": "stream-key-value"})
    assert line.startswith(f"{path}:2:38: defaults.vars.key: a variable from env or secret_file would lose its masking")
    assert "stream-key-value" not in line


def test_a_broken_vars_file_is_named_with_the_inventory_line_that_lists_it(files):
    (files / "broken.yaml").write_text("room: [unclosed\n")
    path = write(files, """\
        usconf: 1
        groups:
          g:
            file: s.yaml
            vars_files: [broken.yaml]
            devices:
              a: {url: http://10.0.0.1}
        """)
    (line,) = problems(path)
    assert line.startswith(f"{path}:5:18: {files / 'broken.yaml'}:2:1: YAML syntax")


def test_yaml_syntax_error_points_at_the_inventory(files):
    path = write(files, "usconf: 1\ndevices:\n  a: {url: http://10.0.0.1\n")
    (line,) = problems(path)
    assert line.startswith(f"{path}:4:1: YAML syntax")


def test_target_outside_an_inventory_is_an_error_naming_it(files):
    from usconf.language.load import load
    with pytest.raises(ValidationError) as info:
        load(files / "s.yaml", vars={"org": "o", "room": "r"}, env={})
    (line,) = info.value.problems
    assert line.endswith("target.name is not set (only a device of an inventory has target.name)")


def test_the_schema_has_a_usable_id_matching_the_modeline_the_emulator_writes():
    from usconf.fleet.emulated import SCHEMA_URL
    from usconf.fleet.inventory import schema
    assert schema()["$id"] == SCHEMA_URL == "https://usconf.example.net/schemas/inventory.schema.json"
    assert schema()["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_an_inventory_that_is_a_fifo_is_refused_unread(tmp_path):
    import os
    fifo = tmp_path / "fleet.yaml"
    os.mkfifo(fifo)
    with pytest.raises(ValidationError) as err:
        load_inventory(str(fifo))        # would block forever if it were opened for reading
    assert "not a regular file" in str(err.value) or "refusing" in str(err.value)
