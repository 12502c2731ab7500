"""Every relative link in the README, the notebooks, the exercises and the docs points to a file.

Hidden folders are not course documents: JupyterLab's ``.ipynb_checkpoints/`` (written whenever a
notebook is opened or saved), virtual environments, the course's JupyterLab settings.
"""

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")


def documents():
    yield from sorted(ROOT.glob("*.md"))
    for folder in ("notebooks", "exercises", "solutions", "bplib", "tests", "benchmarks"):
        yield from sorted(p for p in (ROOT / folder).rglob("*") if p.suffix in (".md", ".ipynb")
                          and not any(part.startswith(".") for part in p.relative_to(ROOT).parts))


def markdown_of(path):
    if path.suffix == ".md":
        return path.read_text(encoding="utf-8")
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


@pytest.mark.parametrize("path", list(documents()), ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    broken = []
    for target in LINK.findall(markdown_of(path)):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue  # web addresses and in-page anchors
        file_part = target.split("#")[0]
        if file_part and not (path.parent / file_part).exists():
            broken.append(target)
    assert not broken, f"{path.relative_to(ROOT)} links to missing files: {broken}"
