"""Running the collection the way users do: ansible-playbook, ansible-doc and ansible-test, from a temp tree."""
import os
import re
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COLLECTION_SRC = REPO / "ansible"
BIN = Path(sys.executable).parent
SANITY_SHIM = Path(__file__).resolve().parent / "sanity" / "offline_pip.py"


def install_collection(root):
    """Copy ansible/ to root/ansible_collections/magewell/ultrastream (ansible-test needs that layout)."""
    dest = Path(root) / "ansible_collections" / "magewell" / "ultrastream"
    shutil.copytree(COLLECTION_SRC, dest, ignore=shutil.ignore_patterns("output", "__pycache__", "*.tar.gz"))
    return dest


def ansible_env(root, home=None, **extra):
    """An environment in which Ansible finds only this collection and runs modules with this Python."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ANSIBLE_", "USCONF_"))}
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        HOME=str(home or root),
        ANSIBLE_COLLECTIONS_PATH=str(root),
        ANSIBLE_LOCAL_TEMP=str(Path(root) / "tmp"),
        ANSIBLE_PYTHON_INTERPRETER=sys.executable,
        ANSIBLE_NOCOLOR="1",
        ANSIBLE_FORCE_COLOR="0",
        ANSIBLE_RETRY_FILES_ENABLED="0",
        ANSIBLE_HOST_KEY_CHECKING="0",
        ANSIBLE_DEPRECATION_WARNINGS="0",
        ANSIBLE_LOCALHOST_WARNING="0",
        ANSIBLE_INVENTORY_UNPARSED_WARNING="0",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def run(cmd, env, cwd=None, timeout=300):
    return subprocess.run([str(c) for c in cmd], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout)


def sanity_home(root):
    """A HOME whose ansible-test pip bootstrap is the offline stand-in (see offline_pip.py)."""
    home = Path(root) / "home"
    cache = home / ".ansible" / "test" / "cache"
    cache.mkdir(parents=True)
    site = sysconfig.get_paths()["purelib"]
    script = SANITY_SHIM.read_text().replace("@SITE@", site)
    for version in _bootstrap_pip_versions():
        (cache / f"get_pip_{version.replace('.', '_')}.py").write_text(script)
    return home


def _bootstrap_pip_versions():
    """The pip versions this ansible-test bootstraps its virtual environments with."""
    import ansible_test
    source = (Path(ansible_test.__file__).parent / "_internal" / "python_requirements.py").read_text()
    return sorted(set(re.findall(r"pip='([0-9.]+)'", source))) or ["24.2"]

