"""``bpgrade selftest``: grade the adversarial corpus and assert every outcome.

The corpus (``tests/grading/corpus/``, see ``corpus.py``) holds one submission per attack
against ``ex01_neuron``, each with its expected outcome.

The grader runs as a separate ``bpgrade grade`` process with ``--jobs``; afterwards the self-test
asserts each expected status and score, that the grader exited normally, that nothing arrived
at the TCP/UDP listener or the path-named Unix socket listener, that no file outside the run
directory changed (the course's own folders are hashed, attack targets checked; the canary's and
the check file's metadata — mode, owner, times, extended attributes — too), that no SysV IPC
object or POSIX shared memory was left behind, that the results folder holds only the grader's
files, that no sandboxed process is left running, and that ``--resume`` then skips every student
(odd names included). Then ``bpgrade report`` runs on the results and every feedback file and
gradebook row is checked: no raw HTML, no heading the grader did not write, no gradebook text
cell a spreadsheet would read as a formula, and each case's own feedback expectations
(``feedback~`` / ``feedback!~``). The seed is random and private to the run.
"""

import csv
import hashlib
import importlib.util
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bpgrade.classroom.results import display_name, display_score, file_stem, json_name, result_path
from bpgrade.selftest.corpus import EXERCISE, materialize, submissions_folder
from bpgrade.layout import Layout

WATCHED = ("solutions/ex01_neuron.ipynb", "solutions/checks/ex01_neuron.py", "solutions/README.md",
           "exercises/ex01_neuron.ipynb", "exercises/checks/ex01_neuron.json", "bpgrade",
           "tests/grading")
REQUIRED = ("filesystem", "tcp", "signals", "seccomp")
GRADE_FLAGS = ["--cell-timeout", "2", "--call-timeout", "2", "--question-timeout", "40",
               "--memory", "1G", "--cpu", "20"]


_LAUNCHER = str(Path(__file__).resolve().parents[1] / "confined" / "launcher.py")


def _tcp_peer_pid(peer_port, port):
    """The process that owns the client end of a TCP connection to 127.0.0.1:``port`` from
    ``peer_port`` (from /proc/net/tcp and /proc/*/fd), or None if it cannot be told."""
    try:
        with open("/proc/net/tcp", encoding="ascii") as handle:
            rows = [line.split() for line in handle.readlines()[1:]]
        inode = next(r[9] for r in rows if int(r[1].split(":")[1], 16) == peer_port
                     and int(r[2].split(":")[1], 16) == port)
    except (OSError, StopIteration, IndexError, ValueError):
        return None
    target = f"socket:[{inode}]"
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if any(os.readlink(f"/proc/{pid}/fd/{fd}") == target for fd in os.listdir(f"/proc/{pid}/fd")):
                return int(pid)
        except OSError:
            continue
    return None


def _sandboxed_or_unknown(pid):
    """True unless ``pid`` is known to be outside every sandbox: neither it nor an ancestor runs
    the confined launcher (a sandboxed child cannot rewrite its waiting parents' command lines).
    Another program on the machine that connects to a port it once knew (a stale ZMQ client of a
    finished Jupyter kernel, seen here) is not evidence against the sandbox."""
    for _ in range(64):
        if pid is None or pid <= 1:
            return pid is None
        try:
            if _LAUNCHER in open(f"/proc/{pid}/cmdline", "rb").read().decode("utf-8", "replace"):
                return True
            with open(f"/proc/{pid}/stat", "rb") as handle:
                stat = handle.read().decode("ascii", "replace")
            pid = int(stat[stat.rfind(")") + 2:].split()[1])
        except (OSError, ValueError, IndexError):
            return True
    return True


def _listener():
    """A TCP+UDP listener on 127.0.0.1 recording anything that reaches it."""
    received = []
    tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    tcp.bind(("127.0.0.1", 0))
    tcp.listen(8)
    tcp.settimeout(0.2)
    port = tcp.getsockname()[1]
    udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    udp.bind(("127.0.0.1", port))
    udp.settimeout(0.2)
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            try:
                conn, peer = tcp.accept()
                data = conn.recv(100)
                if _sandboxed_or_unknown(_tcp_peer_pid(peer[1], port)):
                    received.append(b"tcp-connect " + data)
                conn.close()
            except OSError:
                pass
            try:
                received.append(b"udp " + udp.recv(100))
            except OSError:
                pass
        tcp.close()
        udp.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return port, received, stop


def _unix_listener(path, received, stop):
    """A path-named Unix socket (a stand-in for a local daemon) that answers and records."""
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(8)
    server.settimeout(0.2)

    def serve():
        while not stop.is_set():
            try:
                conn, _ = server.accept()
                received.append(b"unix-connect " + conn.recv(100))
                conn.sendall(b"pong")
                conn.close()
            except OSError:
                pass
        server.close()

    threading.Thread(target=serve, daemon=True).start()


def metadata(paths):
    """(mode, owner, group, mtime, extended attributes) of each path: what chmod/chown/utime/
    setxattr would change without changing a byte."""
    out = {}
    for path in paths:
        try:
            st = os.lstat(path)
            try:
                xattrs = sorted((k, os.getxattr(path, k)) for k in os.listxattr(path))
            except OSError:
                xattrs = None
            out[str(path)] = (st.st_mode, st.st_uid, st.st_gid, st.st_mtime_ns, xattrs)
        except OSError:
            out[str(path)] = None
    return out


CORPUS_IPC_KEY = 0x0B96AD01  # the key the corpus's SysV attacks use (sysv_ipc_carry.py)


def ipc_objects():
    """SysV IPC objects with the corpus's key and POSIX shared memory named by the corpus: what
    could outlive a child (other programs on the machine may use IPC meanwhile, so only these)."""
    found = []
    for kind in ("shm", "msg", "sem"):
        try:
            with open(f"/proc/sysvipc/{kind}", encoding="ascii") as handle:
                rows = [line.split() for line in list(handle)[1:]]
        except OSError:
            continue
        found += [f"{kind} key={row[0]} id={row[1]}" for row in rows
                  if row and row[0].lstrip("-").isdigit() and int(row[0]) == CORPUS_IPC_KEY]
    try:
        found += [f"posix {name}" for name in os.listdir("/dev/shm") if "bpgrade" in name]
    except OSError:
        pass
    return set(found)


def snapshot(root):
    """Hash of every file the corpus attacks (the grader, ex01's sources, the corpus, a canary).

    Other folders of the repository may be edited by people while the self-test runs, so
    they are not compared; the attacks aim at these files and at the PWNED_* targets."""
    digest = {}
    for sub in WATCHED:
        top = root / sub
        for path in sorted([top] if top.is_file() else top.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def sandbox_leftovers(sandboxes):
    """Processes still running in (or from) one of this run's sandbox working directories."""
    found = []
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                cwd = os.readlink(f"/proc/{entry.name}/cwd")
            except OSError:
                continue
            if cwd.startswith(str(sandboxes)):
                found.append((int(entry.name), cwd))
    return found


def pwned_files(root, run):
    patterns = [root.glob("PWNED*"), run.glob("PWNED*"), run.glob("RESULTS/PWNED*"),
                root.glob("solutions/checks/PWNED*"), Path("/tmp").glob("PWNED_bpgrade*"),
                run.parent.glob("PWNED*")]
    return sorted(str(p) for pattern in patterns for p in pattern)


def _judge(name, exp, result, all_results):
    problems = []
    qs = {q["id"].split(".", 1)[1]: q for q in result["questions"]}
    for qid, allowed in exp["status"].items():
        got = qs.get(qid, {}).get("status")
        if got not in allowed:
            problems.append(f"{qid} is {got} ({qs.get(qid, {}).get('message', '')}), expected {'|'.join(sorted(allowed))}")
    for key, want in exp["score"].items():
        got = result["score"] if key == "total" else qs.get(key, {}).get("score")
        if got is None or abs(got - want) > 1e-9:
            problems.append(f"score of {key} is {got}, expected {want:g}")
    text = json.dumps(result)
    problems += [f"result does not mention {t!r}" for t in exp["text"] if t not in text]
    if exp.get("same_as"):
        from bpgrade.classroom.results import without_timings
        other = all_results.get(exp["same_as"])
        strip = lambda r: json.dumps(without_timings({k: v for k, v in r.items() if k != "student"}),
                                     sort_keys=True)
        if other is None or strip(other) != strip(result):
            problems.append(f"result differs from {exp['same_as']}'s")
    return problems


_HEADINGS = (re.compile(r"# Feedback for [^\n]*"), re.compile(r"## ex\d\d_[a-z0-9_]+: [0-9.]+ / [0-9.]+"),
             re.compile(r"### q_[a-z0-9_]+"))
_RAW_HTML = re.compile(r"<[A-Za-z!/?]")


def check_feedback(text, exp):
    """Problems with one feedback file: forged structure, raw HTML, its case's expectations."""
    problems = []
    lines = text.split("\n")
    for line in lines:
        if line.startswith("#") and not any(h.fullmatch(line) for h in _HEADINGS):
            problems.append(f"feedback has a heading the grader did not write: {line[:80]!r}")
    if sum(line.startswith("# ") for line in lines) != 1 or sum("**Total:" in line for line in lines) != 1:
        problems.append("feedback does not have exactly one title and one total")
    prose = re.sub(r"(?<!\\)(`+) .*? \1|(?<!\\)`[^`]*`", "", text)  # code spans show HTML as text
    if _RAW_HTML.search(prose):
        problems.append(f"feedback holds raw HTML: {_RAW_HTML.search(prose).group()!r}...")
    problems += [f"feedback does not mention {t!r}" for t in exp.get("feedback", []) if t not in text]
    problems += [f"feedback shows {t!r}" for t in exp.get("feedback_lacks", []) if t in text]
    return problems


def check_gradebook(path):
    """Problems with the gradebook: text cells a spreadsheet reads as formulas, scores not numbers."""
    problems = []
    with open(path, newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        if not (row[0][:1].isalnum() or row[0].startswith("'")):
            problems.append(f"gradebook name cell {row[0][:40]!r} is not guarded against formulas")
        for cell in row[1:]:
            try:
                float(cell)
            except ValueError:
                problems.append(f"gradebook score {cell!r} is not a number")
            if re.fullmatch(r"\d+\.\d{3,}", cell):
                problems.append(f"gradebook score {cell!r} is not rounded to two decimals")
    return problems


def negative_control(corpus, run, cases, layout):
    """Run the cheating cases through ``tests/grading/naive_checker.py``; (fooled, total)."""
    path = corpus.parent / "naive_checker.py"
    if not path.exists():
        return None
    spec = importlib.util.spec_from_file_location("bpgrade_naive_checker", path)
    naive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(naive)
    fooled = total = 0
    for name, questions in naive.CHEATS.items():
        if name not in cases:
            continue
        total += 1
        verdicts = naive.run_naive(run / "SUBMISSIONS" / name / f"{EXERCISE}.ipynb",
                                   layout.public_checks(EXERCISE))
        fooled += all(verdicts.get(q) is True and "pass" not in cases[name][1]["status"][q]
                      for q in questions)
    return fooled, total


def run_selftest(protections, jobs=2, keep=None, only=None, out=print):
    """Grade the corpus and check everything; return 0 when every assertion holds."""
    missing = [k for k in REQUIRED if not protections.get(k)]
    if missing:
        out(f"selftest: refusing to run the attack corpus without {', '.join(missing)}: on this "
            "machine its fork storms, file writes and signals would hit the machine itself")
        return 3
    layout = Layout.find()
    corpus = layout.root / "tests" / "grading" / "corpus"
    if not corpus.is_dir() or not layout.exercise_notebook(EXERCISE).exists():
        out(f"selftest: needs {corpus} and a built {EXERCISE} (run `bpgrade build`)")
        return 2
    base = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="bpgrade-selftest-"))
    run = base / "run"
    if run.exists():
        shutil.rmtree(run)
    run.mkdir(parents=True)
    port, received, stop = _listener()
    unix_path = base / "unix.sock"
    if unix_path.exists():
        unix_path.unlink()
    _unix_listener(unix_path, received, stop)
    try:
        cases = materialize(corpus, layout, run, port, only, unix_path)
        canary = base / "canary"
        canary.mkdir(exist_ok=True)
        (canary / "gradebook.csv").write_text("student,total\nalice,8\n", encoding="utf-8")
        try:
            os.setxattr(canary / "gradebook.csv", "user.canary", b"1")
        except OSError:
            pass  # a filesystem without user xattrs: the other metadata are still compared
        watched = [canary, canary / "gradebook.csv", layout.root / "solutions" / "checks" / f"{EXERCISE}.py",
                   run / "SUBMISSIONS"]
        ipc_before, meta_before = ipc_objects(), metadata(watched)
        before = snapshot(layout.root), sorted((p.name, p.read_bytes()) for p in canary.iterdir())
        start = time.monotonic()
        seed = str(secrets.randbelow(2**31))
        sandboxes = base / "tmp"  # every sandbox's working dir lands here: leftovers are ours
        sandboxes.mkdir(exist_ok=True)
        env = dict(os.environ, TMPDIR=str(sandboxes))
        failures = []
        for flags in sorted({exp["flags"] for _, exp in cases.values()}):
            cmd = [sys.executable, "-m", "bpgrade", "grade", str(submissions_folder(run, flags)),
                   "--out", str(run / "RESULTS"), "--jobs", str(jobs), "--exercise", EXERCISE,
                   "--seed", seed, "--root", str(layout.root),
                   "--sandbox", protections.get("mode", "standard"), *GRADE_FLAGS, *flags.split()]
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=900,
                                  stdin=subprocess.DEVNULL, env=env)
            if proc.returncode not in (0, 1):
                failures.append(f"grader ({flags or 'default flags'}) exited with {proc.returncode}: "
                                f"{proc.stderr[-2000:]}")
            stamps = {p.name: p.stat().st_mtime_ns for p in (run / "RESULTS").glob("*.json")}
            again = subprocess.run(cmd + ["--resume"], capture_output=True, text=True, timeout=900,
                                   stdin=subprocess.DEVNULL, env=env)
            if again.returncode != 0 or "graded 0 student(s)" not in again.stdout or stamps != {
                    p.name: p.stat().st_mtime_ns for p in (run / "RESULTS").glob("*.json")}:
                failures.append(f"grade --resume ({flags or 'default flags'}) did not skip every graded "
                                f"student: exit {again.returncode}: {again.stdout[-300:]} {again.stderr[-500:]}")
        elapsed = time.monotonic() - start
        time.sleep(max(0.0, 6.0 - elapsed))  # let any escaped 5-second daemon try its luck
        results = {}
        for name, (_, exp) in cases.items():
            path = result_path(run / "RESULTS", exp["student"])
            if path.exists():
                results[name] = json.loads(path.read_text(encoding="utf-8"))
                if results[name]["student"] != json_name(exp["student"]):
                    failures.append(f"{name}: the result names {results[name]['student'][:60]!r}")
            else:
                failures.append(f"{name}: no result file for {display_name(exp['student'])}")
        report = subprocess.run([sys.executable, "-m", "bpgrade", "report", str(run / "RESULTS"),
                                 "--csv", str(run / "gradebook.csv"), "--feedback", str(run / "FEEDBACK")],
                                capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
        if report.returncode != 0:
            failures.append(f"bpgrade report exited with {report.returncode}: {report.stderr[-1000:]}")
        else:
            failures += check_gradebook(run / "gradebook.csv")
        rows = []
        for name, (attack, exp) in sorted(cases.items()):
            if name not in results:
                continue
            problems = _judge(name, exp, results[name], results)
            feedback = run / "FEEDBACK" / f"{file_stem(exp['student'])}.md"
            if report.returncode == 0:
                problems += (check_feedback(feedback.read_text(encoding="utf-8"), exp) if feedback.exists()
                             else ["no feedback file"])
            statuses = " ".join(q["status"] for q in results[name]["questions"])
            rows.append(f"{'ok  ' if not problems else 'FAIL'} {name:28s} "
                        f"{display_score(results[name]['score']):>4s}/{display_score(results[name]['max_score'])}"
                        f"  {statuses:32s} {attack}")
            failures += [f"{name}: {p}" for p in problems]
        expected_files = {result_path("", exp["student"]).name for _, exp in cases.values()}
        extra = sorted(p.name for p in (run / "RESULTS").iterdir()
                       if p.name != ".references" and p.name not in expected_files)
        if extra:
            failures.append(f"unexpected files in the results folder: {extra}")
        if received:
            failures.append(f"a listener (TCP, UDP or Unix socket) received data: {received[:3]}")
        meta_after = metadata(watched)
        if meta_after != meta_before:
            failures.append("metadata of files outside the sandbox changed: " + ", ".join(
                f"{p}: {meta_before[p]} -> {meta_after[p]}" for p in meta_before if meta_before[p] != meta_after[p]))
        leaked = sorted(ipc_objects() - ipc_before)
        if leaked:
            failures.append(f"IPC objects left behind by sandboxed children: {leaked[:5]}")
        pwned = pwned_files(layout.root, run)
        if pwned:
            failures.append(f"files written outside the sandbox: {pwned}")
        after = snapshot(layout.root), sorted((p.name, p.read_bytes()) for p in canary.iterdir())
        if after != before:
            changed = sorted(set(before[0].items()) ^ set(after[0].items()))
            failures.append(f"files outside the run directory changed during grading: "
                            f"{sorted({path for path, _ in changed})[:5]} canary {after[1] != before[1]}")
        left = sandbox_leftovers(sandboxes)
        if left:
            failures.append(f"processes left running: {left}")
        control = negative_control(corpus, run, cases, layout)
        if control is not None and control[1]:
            fooled, total = control
            rows.append(f"negative control: {fooled}/{total} cheating submissions fool a naive "
                        "in-process checker (and none fools bpgrade)")
            if fooled != total:
                failures.append("the naive checker was not fooled by every cheat: the corpus lacks teeth")
    finally:
        stop.set()
        if not keep:
            shutil.rmtree(base, ignore_errors=True)
    out("\n".join(rows))
    out(f"selftest: {len(cases)} cases graded in {elapsed:.1f} s with --jobs {jobs}; protections: "
        + ", ".join(k for k in ("filesystem", "tcp", "signals", "seccomp") if protections.get(k)))
    for failure in failures:
        out("FAIL " + failure)
    out("selftest: " + ("all assertions hold" if not failures else f"{len(failures)} problem(s)"))
    return 0 if not failures else 1
