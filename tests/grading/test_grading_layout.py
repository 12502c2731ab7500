"""The grader's trust boundary is visible in its layout, and the confined code keeps to it.

``bpgrade/confined/`` runs inside the sandbox (or confines the process just before the child
starts), so it may import only the standard library, NumPy and its own modules: anything else
would be code the sandbox must be able to read and trust. ``bplib`` (the learner's library)
never imports the grader, and a learner's self-check does not load the grader's parent side.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFINED = ROOT / "bpgrade" / "confined"
STDLIB = set(sys.stdlib_module_names)


def _imports(path):
    """(module, level) of every import statement in ``path``, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, 0
        elif isinstance(node, ast.ImportFrom):
            yield node.module or "", node.level


@pytest.mark.parametrize("path", sorted(CONFINED.glob("*.py")), ids=lambda p: p.name)
def test_confined_code_imports_only_stdlib_numpy_and_itself(path):
    own = {p.stem for p in CONFINED.glob("*.py")}
    for module, level in _imports(path):
        top = module.split(".")[0]
        if level == 1:
            assert top in own or top == "", f"{path.name}: relative import of {module!r}"
            continue
        assert level == 0, f"{path.name}: import reaches outside confined/ ({'.' * level}{module})"
        assert top in STDLIB or top == "numpy", f"{path.name} imports {module!r}"


def test_bplib_never_imports_the_grader():
    for path in sorted((ROOT / "bplib").rglob("*.py")):
        for module, _ in _imports(path):
            assert not module.startswith("bpgrade"), f"{path.relative_to(ROOT)} imports {module}"


def test_learner_self_check_loads_no_parent_side_grader_modules():
    code = ("import sys; import bpgrade.learner; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('bpgrade'))))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True, cwd=ROOT).stdout.split()
    for group in ("isolation", "classroom", "selftest"):
        assert not [m for m in loaded if m.startswith(f"bpgrade.{group}")], loaded
    assert "bpgrade.learner.selfcheck" in loaded
