"""The in-notebook self-check gives the grader's verdicts, in the learner's own process."""

import numpy as np

from bpgrade.learner import Checker


def namespace(**overrides):
    ns = {"np": np}
    exec(open(__file__.replace("test_grading_selfcheck.py", "corpus/_sigmoid.py")).read(), ns)
    exec(open(__file__.replace("test_grading_selfcheck.py", "corpus/_relu.py")).read(), ns)
    ns.update(overrides)
    return ns


def test_correct_functions_pass(capsys):
    check = Checker("ex01_neuron")
    check("q_sigmoid", namespace())
    assert check.last_status == "pass"
    assert "PASS - 3/3 public cases passed" in capsys.readouterr().out


def test_messages_say_what_is_wrong(capsys):
    check = Checker("ex01_neuron")
    check("q_sigmoid", namespace(sigmoid=lambda z: np.asarray(z).reshape(1, -1)))
    assert check.last_status == "fail" and "expected shape (3,), got shape (1, 3)" in capsys.readouterr().out

    def bad_backward(dout, cache):
        dout[cache <= 0] = 0
        return dout

    check("q_relu", namespace(relu_backward=bad_backward))
    assert "modified in place" in capsys.readouterr().out
    check("q_neuron", namespace())
    assert check.last_status == "missing" and "neuron_forward is not defined" in capsys.readouterr().out
    check("q_sigmoid", namespace(sigmoid=lambda z: np.full(np.shape(z), np.nan)))
    assert "nan" in capsys.readouterr().out.lower()
