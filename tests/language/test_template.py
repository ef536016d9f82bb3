"""jinja2 in desired-state files: values are data, undefined names are errors, secrets stay hidden."""
import pytest

from usconf.errors import ValidationError
from usconf.language.load import load, load_text
from usconf.secrets import Secret

NASTY = 'a: b\n"quoted" \'single\' # not a comment\n- not: a list'


def test_undefined_variable_is_named_with_file_and_line(tmp_path):
    path = tmp_path / "desired.yaml"
    path.write_text("device:\n  name: Hall\nrecording:\n  folder: \"{{ vars.room }}\"\n")
    with pytest.raises(ValidationError) as info:
        load(path, env={})
    (problem,) = info.value.problems
    assert problem.startswith(f"{path}:4:11: recording.folder: ")
    assert "vars.room is not set" in problem


def test_undefined_environment_variable_is_named():
    with pytest.raises(ValidationError) as info:
        load_text("device:\n  name: \"{{ env.ENCODER_NAME }}\"\n", name="f.yaml", env={})
    assert info.value.problems == [
        "f.yaml:2:9: device.name: {{ env.ENCODER_NAME }}: env.ENCODER_NAME is not set "
        "(set the environment variable ENCODER_NAME)"]



def test_an_environment_variable_that_is_not_utf8_is_refused_by_name():
    # Python keeps bytes that are not UTF-8 as lone surrogates (os.environ, sys.argv); no request,
    # saved plan or terminal can carry them
    bad = "abc" + b"\xff".decode("utf-8", "surrogateescape")
    with pytest.raises(ValidationError) as info:
        load_text("live:\n  servers:\n    - name: Main\n      type: rtmp\n      url: rtmp://a.example.net/live\n"
                  "      key: \"{{ env.KEY }}\"\n", name="f.yaml", env={"KEY": bad})
    assert info.value.problems == ["f.yaml:6:12: live.servers[0].key: {{ env.KEY }}: refused: its value is not "
                                   "UTF-8 text"]
    assert bad not in str(info.value)



def test_validate_with_such_a_variable_prints_one_line_and_fails(tmp_path):
    # the value is remembered for masking before it is refused: masking must not fail on it either
    import subprocess
    import sys

    path = tmp_path / "desired.yaml"
    path.write_text('device:\n  name: "{{ env.KEY }}"\n')
    env = {k.encode(): v.encode() for k, v in __import__("os").environ.items()}
    env[b"KEY"] = b"abc\xff"
    done = subprocess.run([sys.executable, "-m", "usconf", "validate", str(path)], env=env, capture_output=True,
                          timeout=60)
    assert done.returncode == 1
    assert b"Traceback" not in done.stderr + done.stdout
    assert f"{path}:2:9: device.name: {{{{ env.KEY }}}}: refused: its value is not UTF-8 text".encode() in done.stdout


def test_masking_takes_a_value_that_is_not_utf8():
    from usconf import secrets

    bad = "abcd" + b"\xff".decode("utf-8", "surrogateescape")
    secrets.remember(bad)
    try:
        assert secrets.scrub(f"key={bad}!") == f"key={secrets.MASK}!"
    finally:
        secrets.forget_all()


def test_secret_with_yaml_syntax_keeps_structure_and_value():
    text = ("live:\n  servers:\n    - name: Main\n      type: rtmp\n      url: rtmp://a.example.net/live\n"
            "      key: \"{{ env.KEY }}\"\n      enabled: true\n")
    desired = load_text(text, env={"KEY": NASTY})
    server = desired.doc["live"]["servers"][0]
    assert set(server) == {"name", "type", "url", "key", "enabled"}
    assert isinstance(server["key"], Secret) and server["key"].reveal() == NASTY
    assert server["enabled"] is True


def test_unquoted_expression_is_still_one_value():
    text = "live:\n  servers:\n    - name: Main\n      type: youtube\n      key: {{ env.KEY }}\n"
    desired = load_text(text, env={"KEY": NASTY})
    assert desired.doc["live"]["servers"][0]["key"].reveal() == NASTY


def test_secret_file_is_read_relative_to_the_file_and_loses_one_newline(tmp_path):
    (tmp_path / "keys").mkdir()
    (tmp_path / "keys" / "yt").write_text("line one\nline two\n\n")
    path = tmp_path / "desired.yaml"
    path.write_text("live:\n  servers:\n    - name: YT\n      type: youtube\n"
                    "      key: \"{{ secret_file('keys/yt') }}\"\n")
    desired = load(path, env={})
    assert desired.doc["live"]["servers"][0]["key"].reveal() == "line one\nline two\n"


def test_missing_secret_file_is_a_clear_error(tmp_path):
    path = tmp_path / "desired.yaml"
    path.write_text("users:\n  - name: ops\n    password: \"{{ secret_file('nope.txt') }}\"\n")
    with pytest.raises(ValidationError) as info:
        load(path, env={})
    (problem,) = info.value.problems
    assert problem.startswith(f"{path}:3:15: users[0].password: ")
    assert "cannot read" in problem and "nope.txt" in problem


def test_mixed_text_and_expressions_are_joined():
    desired = load_text("device:\n  name: Hall {{ vars.room }} ({{ vars.wing }})\n",
                        vars={"room": 101, "wing": "East"}, env={})
    assert desired.doc["device"]["name"] == "Hall 101 (East)"


def test_unquoted_variable_takes_the_type_it_would_have_if_written():
    text = "recording:\n  segment_minutes: {{ vars.minutes }}\n  auto_start: {{ vars.auto }}\n"
    desired = load_text(text, vars={"minutes": "30", "auto": "true"}, env={})
    assert desired.doc["recording"] == {"segment_minutes": 30, "auto_start": True}


def test_quoted_variable_stays_a_string():
    with pytest.raises(ValidationError) as info:
        load_text("recording:\n  segment_minutes: \"{{ vars.minutes }}\"\n", vars={"minutes": "30"}, env={})
    assert "expected a whole number, got '30'" in info.value.problems[0]


def test_vars_files_and_var_override(tmp_path):
    vars_file = tmp_path / "room.yaml"
    vars_file.write_text("room: 101\nwing: East\n")
    desired = load_text("device:\n  name: \"{{ vars.wing }} {{ vars.room }}\"\n", vars_files=[vars_file],
                        vars={"room": "7"}, env={})
    assert desired.doc["device"]["name"] == "East 7"


def test_secret_never_appears_in_errors():
    secret = "s3cr3t-value-that-must-not-leak"
    text = ("live:\n  servers:\n    - name: A\n      type: rtmp\n      url: rtmp://a.example.net/x\n"
            "      key: \"{{ env.S }}\"\n      enabled: \"{{ env.S }}\"\n"
            "network:\n  access_point:\n    password: \"{{ env.S }}\"\n    enabled: 3\n")
    with pytest.raises(ValidationError) as info:
        load_text(text, env={"S": secret + "!" * 40})
    output = "\n".join(info.value.problems) + str(info.value) + repr(info.value.problems)
    assert secret not in output
    assert "(sensitive)" in output
    assert len(info.value.problems) == 2


def test_secret_never_appears_in_rule_errors():
    with pytest.raises(ValidationError) as info:
        load_text("device:\n  name: \"{{ env.S }}\"\n", env={"S": "Ab#%cd"})
    (problem,) = info.value.problems
    assert problem.startswith("<text>:2:9: device.name: contains characters the device refuses")
    assert "#" not in problem.split("device.name")[1] and "%" not in problem


def test_sandbox_refuses_reaching_into_python():
    with pytest.raises(ValidationError) as info:
        load_text("device:\n  name: \"{{ vars.x.__class__.__mro__ }}\"\n", vars={"x": "s"}, env={})
    assert "device.name" in info.value.problems[0]


def test_statements_are_refused_with_a_clear_message():
    with pytest.raises(ValidationError) as info:
        load_text("{% if true %}\ndevice:\n  name: A\n{% endif %}\n", env={})
    assert "only {{ expression }} templates are supported" in info.value.problems[0]


def test_expression_in_a_comment_is_never_evaluated():
    desired = load_text("# set {{ env.NOT_SET }} before applying\ndevice:\n  name: A\n", env={})
    assert desired.doc == {"device": {"name": "A"}}


# A plain `env.NAME` / `vars.key` / `target.name` is looked up without jinja2; anything else goes
# to the sandbox. Both must give the same value, the same secrecy and the same error text.
PLAIN_CASES = ["env.KEY", "env . KEY", "vars.minutes", "target.name", "env.UNSET", "vars.unset", "target.group",
               "env.get", "vars.get"]


@pytest.mark.parametrize("expr", PLAIN_CASES)
def test_plain_names_render_as_the_sandbox_renders_them(expr):
    from usconf.language import sandbox
    from usconf.language.expressions import ExpressionFailed, Namespace, plain_lookup

    def context():
        return {"env": Namespace("env", " (set the environment variable {name})", {"KEY": "k"}, secret=True),
                "vars": Namespace("vars", " (give --var {name}=VALUE)", {"minutes": 30}),
                "target": Namespace("target", " (only a device of an inventory)", {"name": "enc-1"}),
                "secret_file": lambda path: path}

    def outcome(evaluate):
        try:
            found = evaluate(expr, context())
        except ExpressionFailed as exc:
            return ("error", str(exc))
        return found if found is None else (repr(found[0])[:20], found[1])

    plain = outcome(plain_lookup)
    if expr.endswith(".get"):
        assert plain is None            # a method, not a variable: the sandbox's to answer
        return
    assert plain == outcome(sandbox.evaluate)
