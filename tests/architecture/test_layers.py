"""The pipeline in the tree: each stage imports only stages below it (docs/architecture.md).

Imports inside functions count too: a late import is still a dependency.
"""
import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "usconf"

# Bottom to top, as docs/architecture.md draws it; a stage may import its own rank or lower.
RANKS = {
    "spec": 0, "lazy": 0, "copies": 0,
    "errors": 1, "digests": 1, "secrets": 1, "addresses": 1, "escape": 1, "files": 1, "sockets": 1, "slotted": 1,
    "urls": 1,
    "rules": 2,
    "client": 3,
    "model": 4, "discovery": 4, "ops": 4,
    "emulator": 5,
    "language": 6, "plan": 6,
    "apply": 7, "ble": 7,
    "states": 8, "fleet": 8, "output": 8,
    "cli": 9, "__main__": 10,
}


def _stage(module):
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imports(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "usconf":
            if node.module == "usconf":
                yield from (f"usconf.{alias.name}" for alias in node.names)
            else:
                yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names if alias.name.split(".")[0] == "usconf")


def test_every_stage_has_a_rank():
    stages = {p.stem if p.is_file() else p.name for p in PACKAGE.iterdir()
              if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())}
    assert stages - set(RANKS) == set()


def test_no_stage_imports_a_stage_above_it():
    upward = []
    for path in PACKAGE.rglob("*.py"):
        module = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        here = _stage(module)
        if here is None or here == "__init__":
            continue
        for imported in _imports(path):
            there = _stage(imported)
            if there in RANKS and RANKS[there] > RANKS[here]:
                upward.append(f"{path.relative_to(PACKAGE.parent)} imports {imported}")
    assert upward == []


def test_nothing_replaces_another_modules_attribute_at_run_time():
    """No monkey-patching: assigning to an attribute of an imported module or class."""
    patched = []
    for path in PACKAGE.rglob("*.py"):
        tree = ast.parse(path.read_text())
        imported = {alias.asname or alias.name.split(".")[0] for node in ast.walk(tree)
                    if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}
        for node in ast.walk(tree):
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) \
                            and target.value.id in imported:
                        patched.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    assert patched == []
