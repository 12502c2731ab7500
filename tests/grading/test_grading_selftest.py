"""The adversarial corpus: bpgrade survives every attack; a naive checker is fooled by the cheats."""

import importlib.util
import os
from pathlib import Path

import pytest

from bpgrade.selftest import corpus, selftest
from bpgrade.authoring.course import check_course

HERE = Path(__file__).parent


def test_corpus_covers_the_attack_list():
    names = {p.stem for p in (HERE / "corpus").glob("*.py")} | set(corpus.load_special(HERE / "corpus"))
    for required in ("correct", "correct_again", "untouched", "monkeypatch_comparisons", "always_equal",
                     "forged_results", "hardcoded_public", "wrong_shape", "nan_inf", "mutates_inputs",
                     "tampered_cells", "missing_functions", "malformed_json", "truncated_json",
                     "huge_outputs", "several_notebooks", "renamed_notebook", "excepthook_tricks",
                     "loop_top_level", "loop_ignoring_sigint", "loop_in_function", "slow_but_correct",
                     "exits_and_crashes_top_level", "crashes_in_functions", "input_call", "memory_bomb",
                     "fork_storm", "big_print", "oversized_result", "fill_disk", "read_secrets",
                     "write_outside", "network", "attack_grader", "warnings_stderr", "unseeded_random",
                     "magics_and_pip", "plotting", "missing_import", "zip_traversal", "zip_symlink",
                     "del_and_atexit", "env_sniffing",
                     # issue 8, items 4 and 5, and their classes: links, names, reports, budget
                     "link_to_solutions", "link_to_classmate", "link_notebook", "link_deep", "link_student",
                     "link_zip", "zip_symlink_nested", "folder_and_zip", "hardlink_classmate",
                     "long_name", "unicode_name", "dash_name", "bytes_name", "name_markup",
                     "csv_equals", "csv_tab", "csv_cr", "csv_at", "filename_markup",
                     "report_injection", "hidden_echo", "budget_sleeps", "surrogate_text", "bytes_filename"):
        assert required in names


def test_selftest_all_assertions_hold(protections, capsys):
    missing = [k for k in selftest.REQUIRED if not protections.get(k)]
    if missing:
        pytest.skip(f"this kernel lacks {missing}: the attack corpus would hit the machine itself")
    code = selftest.run_selftest(protections, jobs=2)
    out = capsys.readouterr().out
    assert code == 0, out


def test_negative_control_naive_checker_is_fooled(layout, tmp_path):
    spec = importlib.util.spec_from_file_location("naive_checker", HERE / "naive_checker.py")
    naive = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(naive)
    run = tmp_path / "run"
    run.mkdir()
    cases = corpus.materialize(HERE / "corpus", layout, run, 9, only=list(naive.CHEATS) + ["untouched"])
    public = layout.public_checks("ex01_neuron")
    assert naive.run_naive(run / "SUBMISSIONS" / "untouched" / "ex01_neuron.ipynb", public) == {
        "q_sigmoid": False, "q_relu": False, "q_neuron": False, "q_and": False}
    for name, questions in naive.CHEATS.items():
        verdicts = naive.run_naive(run / "SUBMISSIONS" / name / "ex01_neuron.ipynb", public)
        expected = cases[name][1]["status"]
        for q in questions:
            assert "pass" not in expected[q], f"{name}: bpgrade is expected to fail {q}"
            assert verdicts.get(q) is True, f"{name}: the naive checker was not fooled on {q}"


def test_check_course(layout, limits, protections, capsys):
    from bpgrade.authoring.reference import default_cache_dir

    assert check_course(layout, limits, protections, jobs=2, cache_dir=str(default_cache_dir())) == 0, \
        capsys.readouterr().out


def test_listener_counts_sandboxed_or_unknown_peers_only():
    """The self-test's listener must not fail the run for another program on the machine that
    connects to a port it once knew; a peer running the confined launcher (or one that cannot be
    told) still counts."""
    import socket
    import subprocess
    import sys

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(2)
    port = server.getsockname()[1]
    try:
        outside = socket.create_connection(("127.0.0.1", port))
        _, peer = server.accept()
        assert selftest._tcp_peer_pid(peer[1], port) == os.getpid()
        assert selftest._sandboxed_or_unknown(os.getpid()) is False
        outside.close()
        code = (f"import socket, sys, time\ns = socket.create_connection(('127.0.0.1', {port}))\n"
                "sys.stdin.read()")
        child = subprocess.Popen([sys.executable, "-c", code, selftest._LAUNCHER], stdin=subprocess.PIPE)
        try:
            _, peer = server.accept()
            pid = selftest._tcp_peer_pid(peer[1], port)
            assert pid == child.pid
            assert selftest._sandboxed_or_unknown(pid) is True
        finally:
            child.communicate(b"", timeout=30)
        assert selftest._sandboxed_or_unknown(None) is True
    finally:
        server.close()
