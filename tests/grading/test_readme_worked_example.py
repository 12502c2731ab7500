"""The README's worked example is what the commands print.

The instructor guide shows a console session: grading two students (``alice`` hands in the
solution, ``bob`` the untouched exercise), the report, the gradebook and the start of bob's
feedback. This test runs each ``$`` line of that block in a fresh folder and compares what it
prints, line by line, with the README (a line ``...`` stands for the rest of a cut output). A
change to a check file (a new case, a new question) that makes the README wrong fails here.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def worked_example():
    """[(command, [expected output lines])] of the README's console block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"Worked example.*?```console\n(.*?)```", text, re.S).group(1)
    session = []
    for line in block.splitlines():
        if line.startswith("$ "):
            session.append((line[2:], []))
        else:
            session[-1][1].append(line)
    return session


def test_the_readme_worked_example_is_what_the_commands_print(tmp_path):
    session = worked_example()
    assert [command.split()[:2] for command, _ in session][:2] == [["bpgrade", "grade"], ["bpgrade", "report"]]
    for student, folder in (("alice", "solutions"), ("bob", "exercises")):
        (tmp_path / "subs" / student).mkdir(parents=True)
        shutil.copy(ROOT / folder / "ex01_neuron.ipynb", tmp_path / "subs" / student)
    env = {**os.environ, "PATH": os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])}
    for command, expected in session:
        proc = subprocess.run(command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=300)
        assert proc.returncode == 0, (command, proc.stdout, proc.stderr)
        printed = proc.stdout.splitlines()
        if expected and expected[-1] == "...":
            expected = expected[:-1]
            printed = printed[:len(expected)]
        assert printed == expected, f"README shows for `{command}`:\n" + "\n".join(expected) + \
            "\nbut it prints:\n" + "\n".join(printed)
