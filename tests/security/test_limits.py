"""Files the language reads are regular files within a stated cap, and expressions are capped:
each case is one clear error at once, never a hang, a MemoryError or a traceback."""
import base64
import os
import subprocess
import sys

import pytest

from usconf.errors import ValidationError
from usconf.language.load import load, load_text
from usconf.spec.edid import DEFAULT_EDID_B64


def _problem(text, **kwargs):
    with pytest.raises(ValidationError) as info:
        load_text(text, name="t.yaml", env={}, **kwargs)
    assert len(info.value.problems) == 1, info.value.problems
    return info.value.problems[0]


@pytest.mark.parametrize("expr, message", [
    ("[1] * 100000000", "refused: the result would have 100000000 items; the limit is 100000"),
    ("'x' * 1000000000", "refused: the result would have 1000000000 items; the limit is 100000"),
    ("100000000 * 'ab'", "refused: the result would have 200000000 items; the limit is 100000"),
    ("range(50000) | list | length", "refused: range of 50000 numbers; the limit is 10000"),
    ("9 ** 99999999", "refused: 9 ** 99999999 is too large a number"),
    ("'%200000d' % 1", "refused: a format width over 65536"),
    ("'x' | center(10000000)", "refused: center width 10000000; the limit is 65536"),
    ("('x' * 60000) ~ ('y' * 60000)", "refused: it renders to 120000 characters or items; the limit is 65536"),
    ("[" * 40 + "1" + "]" * 40, "refused: brackets nested deeper than 32"),
], ids=["list-times", "str-times", "times-str", "range", "power", "format-width", "center", "output", "nesting"])
def test_an_expression_past_a_cap_is_one_clear_error(expr, message):
    problem = _problem(f"usconf: 1\ndevice:\n  name: \"{{{{ {expr} }}}}\"\n")
    assert problem.startswith("t.yaml:3:9: device.name: {{ ")
    assert message in problem


def test_expressions_within_the_caps_still_render():
    desired = load_text("usconf: 1\ndevice:\n  name: \"{{ 'ab' * 3 }}{{ range(3) | list | length }}\"\n",
                        name="t.yaml", env={})
    assert desired.doc["device"]["name"] == "ababab3"


def _edid_doc(tmp_path, target):
    conf = tmp_path / "e.yaml"
    conf.write_text(f"usconf: 1\nedid:\n  file: {target}\n")
    return conf


def test_dev_zero_as_an_edid_is_refused_unread(tmp_path):
    with pytest.raises(ValidationError) as info:
        load(_edid_doc(tmp_path, "/dev/zero"), env={})
    assert info.value.problems == [(f"{tmp_path / 'e.yaml'}:3:9: edid.file: '/dev/zero': the EDID file is a "
                                    "character device, not a regular file")]


@pytest.mark.parametrize("size, message", [(128, "is 128 bytes; it must be at least 256 bytes"),
                                           (32 * 1024 + 128, "is 32.1 KiB; the limit is 32 KiB")])
def test_an_edid_outside_256_bytes_to_32_kib_is_refused(tmp_path, size, message):
    edid = tmp_path / "x.bin"
    edid.write_bytes((base64.b64decode(DEFAULT_EDID_B64) * 200)[:size])
    with pytest.raises(ValidationError) as info:
        load(_edid_doc(tmp_path, edid), env={})
    assert info.value.problems[0].endswith(f"the EDID file {message}")


def _validate_in_a_subprocess(*args):
    # a FIFO would block open() forever: the generous timeout turns that into a failure, not a hang
    return subprocess.run([sys.executable, "-m", "usconf", "validate", *map(str, args)],
                          capture_output=True, text=True, timeout=60, check=False)


def test_a_fifo_as_an_edid_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "edid.fifo"
    os.mkfifo(fifo)
    done = _validate_in_a_subprocess(_edid_doc(tmp_path, fifo))
    assert done.returncode == 1
    assert "edid.file" in done.stdout and "a FIFO (named pipe), not a regular file" in done.stdout
    assert "Traceback" not in done.stderr


def test_a_fifo_as_the_desired_state_or_a_vars_file_is_refused(tmp_path):
    fifo = tmp_path / "conf.yaml"
    os.mkfifo(fifo)
    done = _validate_in_a_subprocess(fifo)
    assert done.returncode == 1
    assert done.stdout.strip() == f"{fifo}: file is a FIFO (named pipe), not a regular file"
    conf = tmp_path / "ok.yaml"
    conf.write_text("usconf: 1\n")
    done = _validate_in_a_subprocess(conf, "--vars-file", "/dev/zero")
    assert done.returncode == 1
    assert "/dev/zero: vars file is a character device, not a regular file" in done.stdout + done.stderr


def test_a_fifo_as_a_secret_file_is_refused(tmp_path):
    os.mkfifo(tmp_path / "key.fifo")
    conf = tmp_path / "s.yaml"
    conf.write_text("usconf: 1\nlive:\n  servers:\n    - {name: M, type: rtmp, url: rtmp://h/a, "
                    "key: \"{{ secret_file('key.fifo') }}\"}\n")
    done = _validate_in_a_subprocess(conf)
    assert done.returncode == 1
    assert "secret_file('key.fifo'): it is a FIFO (named pipe), not a regular file" in done.stdout
