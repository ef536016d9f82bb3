"""File names are shown as pathlib showed them, though `plan` and `validate` no longer load pathlib.

usconf.files.tidy / folder / stem are held to PurePosixPath on any path; then what users see of
them: the file named in messages and saved plans, the folder secret_file() reads from, the
message for a symlink loop, the name of a no-signal image.
"""
import base64
import os
from pathlib import PurePosixPath

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from usconf import files
from usconf.errors import ValidationError
from usconf.language.load import load
from usconf.model import edid, nosignal

pieces = st.sampled_from(["/", "//", "///", ".", "..", "a", "b.yaml", "c.tar.gz", "x.", ".y", "..z", ". .", "é", " "])


@settings(max_examples=500, deadline=None)
@given(st.lists(pieces, max_size=8).map("".join))
@example("./a//b.yaml")
@example("x.yaml")
@example("")
@example("//srv/conf/")
def test_tidy_folder_and_stem_are_pure_posix_paths(path):
    pure = PurePosixPath(path)
    assert (files.tidy(path), files.folder(path), files.stem(path)) == (str(pure), str(pure.parent), pure.stem)


def test_a_path_object_is_taken_and_bytes_refused_as_pathlib_did(tmp_path):
    assert files.tidy(tmp_path / "a") == str(tmp_path / "a")
    with pytest.raises(TypeError):
        files.tidy(b"a.yaml")


def test_the_file_is_named_as_pathlib_wrote_it(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "conf").mkdir()
    (tmp_path / "conf" / "a.yaml").write_text("usconf: 1\ndevice:\n  name: A\n")
    assert load("./conf//a.yaml", env={}).source == "conf/a.yaml"
    with pytest.raises(ValidationError) as err:
        load("./conf//missing.yaml", env={})
    assert err.value.problems == ["conf/missing.yaml: cannot read: No such file or directory"]
    with pytest.raises(ValidationError) as err:
        load("./conf//a.yaml", vars_files=["./conf//"], env={})
    assert err.value.problems == ["conf: vars file is a folder, not a regular file"]


def test_a_bare_file_name_reads_its_secrets_from_the_working_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "name.txt").write_text("Studio-B\n")
    (tmp_path / "a.yaml").write_text("usconf: 1\ndevice:\n  name: \"{{ secret_file('name.txt') }}\"\n")
    desired = load("a.yaml", env={})
    assert desired.source == "a.yaml" and desired.doc["device"]["name"] == "Studio-B"


def test_a_symlink_loop_as_secret_file_says_what_pathlib_said(tmp_path):
    os.symlink("loop", tmp_path / "loop")
    (tmp_path / "a.yaml").write_text("usconf: 1\ndevice:\n  name: \"{{ secret_file('loop') }}\"\n")
    with pytest.raises(ValidationError) as err:
        load(str(tmp_path / "a.yaml"), env={})
    assert err.value.problems == [f"{tmp_path}/a.yaml:3:9: device.name: {{{{ secret_file('loop') }}}}: "
                                  f"cannot render: RuntimeError: Symlink loop from '{tmp_path}/loop'"]


def test_an_edid_file_and_an_image_name_are_read_as_pathlib_read_them(tmp_path):
    (tmp_path / "custom.edid").write_bytes(b"\x00\xff" * 64)
    # open() refuses "custom.edid/", pathlib (and so usconf) reads the file
    assert edid.file_data(f"{tmp_path}//./custom.edid/") == base64.b64encode(b"\x00\xff" * 64).decode()
    images = nosignal.from_yaml({"images": [{"file": "slides/logo.v2.jpg/"}, {"file": "..jpg"}]})["images"]
    assert [i["name"] for i in images] == ["logo.v2", "."]
