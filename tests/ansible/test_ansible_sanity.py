"""ansible-test sanity and ansible-doc on the collection, as a user or Galaxy would run them."""
import pytest
from ansible_harness import BIN, COLLECTION_SRC, ansible_env, install_collection, run, sanity_home

# pylint needs a pinned astroid/pylint pair of its own and takes minutes; the other
# tests cover syntax, documentation against argspec, imports, YAML and style.
SKIPPED = ["pylint"]


def test_ansible_test_sanity_passes(tmp_path):
    collection = install_collection(tmp_path)
    env = ansible_env(tmp_path, home=sanity_home(tmp_path))
    cmd = [BIN / "ansible-test", "sanity", "--python", "3.11", "--color", "no"]
    for name in SKIPPED:
        cmd += ["--skip-test", name]
    result = run(cmd, env, cwd=collection, timeout=600)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-6000:]
    for must_run in ("validate-modules", "ansible-doc", "import", "yamllint", "pep8", "compile"):
        assert f'Running sanity test "{must_run}"' in result.stdout


@pytest.mark.parametrize("module", ["ultrastream_config", "ultrastream_info", "ultrastream_command",
                                    "ultrastream_firmware"])
def test_ansible_doc_renders(tmp_path, module):
    install_collection(tmp_path)
    result = run([BIN / "ansible-doc", f"magewell.ultrastream.{module}"], ansible_env(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "USCONF_PASSWORD" in result.stdout
    assert "connection: local" in result.stdout and "pip install PATH" in result.stdout
    assert "EXAMPLES:" in result.stdout and "RETURN VALUES:" in result.stdout


def test_collection_builds_and_installs(tmp_path):
    env = ansible_env(tmp_path)
    built = run([BIN / "ansible-galaxy", "collection", "build", COLLECTION_SRC, "--output-path", tmp_path / "dist"],
                env)
    assert built.returncode == 0, built.stderr
    tarball = tmp_path / "dist" / "magewell-ultrastream-0.1.0.tar.gz"
    installed = run([BIN / "ansible-galaxy", "collection", "install", tarball, "-p", tmp_path / "installed"], env)
    assert installed.returncode == 0, installed.stderr
    listed = run([BIN / "ansible-galaxy", "collection", "list", "-p", tmp_path / "installed"], env)
    assert "magewell.ultrastream 0.1.0" in " ".join(listed.stdout.split())
    names = {p.name for p in (tmp_path / "installed" / "ansible_collections" / "magewell" / "ultrastream"
                              / "plugins" / "modules").iterdir()}
    assert names == {"ultrastream_config.py", "ultrastream_info.py", "ultrastream_command.py",
                     "ultrastream_firmware.py"}
