"""The check-definition format: what an author writes in ``solutions/checks/<exercise>.py``.

A check file defines ``EXERCISE`` (the notebook's name) and ``QUESTIONS``, a list of
``Question``. Each question names the learner function to call (or a short program of
``call``/``method``/``attr`` steps), its points, its public cases (shown to learners, with
expected values computed from the solution) and a hidden-case generator run at grading time from
the grading seed. See ``solutions/README.md`` for the full guide. Check files are trusted: they
run only in the grader, never in a sandbox, and never ship to learners.
"""

import dataclasses
import hashlib
import importlib.util
import zlib
from pathlib import Path
from typing import Callable, Optional

import numpy as np

from bpgrade.confined.protocol import Ref, RngSeed
from bpgrade.judging.judge import AuthorError  # noqa: F401  (re-exported for check files and tools)

DEFAULT_RTOL = 1e-6
DEFAULT_ATOL = 1e-8


def call(name, *args, **kwargs):
    """A step calling the learner's function ``name``."""
    return {"call": name, "args": list(args), "kwargs": kwargs}


def method(on, name, *args, **kwargs):
    """A step calling method ``name`` of an earlier result ``on`` (a ``ref``)."""
    return {"method": name, "on": on, "args": list(args), "kwargs": kwargs}


def attr(on, name):
    """A step reading attribute ``name`` of an earlier result ``on``."""
    return {"attr": name, "on": on}


def ref(step, item=None):
    """The result of an earlier step (or its ``item``-th element), e.g. ``ref(0, 1)``: a cache."""
    return Ref(step, item)


def rng(seed):
    """An argument that becomes ``np.random.default_rng(seed)`` in the learner's process."""
    return RngSeed(seed)


def output(step, item=None, label=None):
    """Compare result ``item`` of ``step`` (``item=None``: the whole result)."""
    return {"step": step, "item": item, "label": label or f"step {step}" + (
        "" if item is None else f" item {item}")}


@dataclasses.dataclass
class Args:
    """Arguments of one case: positional, keyword, and an optional name shown to learners."""

    args: tuple = ()
    kwargs: dict = dataclasses.field(default_factory=dict)
    name: Optional[str] = None


@dataclasses.dataclass
class Hidden:
    """``n`` hidden cases, each made by ``generate(rng)`` -> tuple of args (or ``Args``).

    ``gate=True`` makes every case of this generator required: if one fails, the question scores
    0 whatever its scoring policy (e.g. the large cases of a "by backprop" question, which only
    backprop finishes within the question's time budget). A question may take a list of
    ``Hidden``; their cases follow one another in that order."""

    generate: Callable
    n: int = 5
    gate: bool = False


@dataclasses.dataclass(frozen=True)
class Threshold:
    """Scoring policy: full points when at least ``k`` cases pass; below that, 0
    (``below="zero"``) or points proportional to the cases passed (``below="proportional"``)."""

    k: int
    below: str = "zero"

    def __post_init__(self):
        if type(self.k) is not int or self.k < 1:
            raise ValueError(f"Threshold: k must be an int >= 1, got {self.k!r}")
        if self.below not in ("zero", "proportional"):
            raise ValueError(f"Threshold: below must be 'zero' or 'proportional', got {self.below!r}")


PROPORTIONAL = "proportional"
ALL_OR_NOTHING = "all_or_nothing"


@dataclasses.dataclass
class Property:
    """Grade by a named predicate of ``properties.py`` instead of comparing with the solution.

    A parameter ``P_from_arg=k`` gives parameter ``P`` the value of the case's positional argument
    ``k``, e.g. ``labels_from_arg=1``: every case (hidden ones too) carries its own expected labels,
    and none is written into the property's public parameters."""

    name: str
    params: dict = dataclasses.field(default_factory=dict)

    def __init__(self, name, **params):
        self.name, self.params = name, params
        for key, index in self.from_args().items():
            if type(index) is not int or index < 0:
                raise ValueError(f"Property {name}: {key}_from_arg must be an argument index (int >= 0)")
            if key in params:
                raise ValueError(f"Property {name}: give {key} or {key}_from_arg, not both")

    def from_args(self):
        """{parameter: index of the case argument it comes from}."""
        return {k[:-len(_FROM_ARG)]: v for k, v in self.params.items() if k.endswith(_FROM_ARG)}

    def params_for(self, case):
        """The parameters for one case, with the ``_from_arg`` ones filled from its arguments."""
        params = {k: v for k, v in self.params.items() if not k.endswith(_FROM_ARG)}
        for key, index in self.from_args().items():
            params[key] = case.args[index]
        return params


_FROM_ARG = "_from_arg"


@dataclasses.dataclass
class Expression:
    """The result is a formula (a SymPy expression or string) in ``symbols``, compared with the
    solution's formula at random points in [low, high] (``points`` per case)."""

    symbols: tuple
    low: float = -2.0
    high: float = 2.0
    points: int = 12


@dataclasses.dataclass
class Case:
    """One concrete case: steps with real argument values, outputs to compare, expected values."""

    name: str
    hidden: bool
    steps: list
    outputs: list
    points: Optional[dict] = None      # evaluation points of an Expression question
    expected: Optional[list] = None    # reference outputs (from the solution run or public JSON)
    args: object = ()                  # the case's positional arguments (what properties may read)
    gate: bool = False                 # a required case: failing it scores the question 0
    generator: str = ""                # name of the hidden generator that made it (author errors)


@dataclasses.dataclass
class Question:
    """One graded question. Give ``function`` (one call per case; its whole result compared) or
    ``steps`` (a function of the case's args returning a list of steps) with ``outputs``."""

    id: str
    points: float
    function: Optional[str] = None
    steps: Optional[Callable] = None
    outputs: Optional[list] = None
    public: list = dataclasses.field(default_factory=list)
    hidden: Optional[Hidden] = None
    rtol: float = DEFAULT_RTOL
    atol: float = DEFAULT_ATOL
    no_mutation: bool = True
    exact_dtype: bool = False
    timeout: Optional[float] = None
    property: Optional[Property] = None
    expression: Optional[Expression] = None
    all_or_nothing: bool = False
    title: str = ""
    names: tuple = ()
    scoring: object = PROPORTIONAL
    timeout_message: Optional[Callable] = None
    chained: bool = False
    no_warnings: bool = False
    warning_hint: str = ""

    def __post_init__(self):
        if self.all_or_nothing:
            self.scoring = ALL_OR_NOTHING
        if not (self.scoring in (PROPORTIONAL, ALL_OR_NOTHING) or isinstance(self.scoring, Threshold)):
            raise ValueError(f"question {self.id}: scoring must be 'proportional', 'all_or_nothing' or "
                             f"Threshold(k), got {self.scoring!r}")
        self.all_or_nothing = self.scoring == ALL_OR_NOTHING
        if (self.function is None) == (self.steps is None):
            raise ValueError(f"question {self.id}: give exactly one of function= or steps=")
        if self.steps is not None and not self.outputs:
            raise ValueError(f"question {self.id}: steps= needs outputs=")
        if not self.points > 0:
            raise ValueError(f"question {self.id}: points must be positive")
        if self.warning_hint and not self.no_warnings:
            raise ValueError(f"question {self.id}: warning_hint= needs no_warnings=True")
        self.public_cases = [self._case(a, f"public {i + 1}", False, 1000 + i)
                             for i, a in enumerate(self.public)]
        if self.chained:
            if self.steps is None or self.property is not None or self.expression is not None:
                raise ValueError(f"question {self.id}: chained=True needs steps= and compared outputs")
            for case in self.public_cases:
                chain_links(self.id, case)

    def required_names(self):
        """Names the learner must define (for 'missing' messages)."""
        if self.names:
            return tuple(self.names)
        if self.function:
            return (self.function,)
        return tuple(s["call"] for s in self.public_cases[0].steps if "call" in s) if self.public_cases else ()

    def _case(self, raw, name, hidden, point_seed):
        case_args = raw if isinstance(raw, Args) else Args(tuple(raw) if isinstance(raw, (tuple, list)) else (raw,))
        if self.function:
            steps = [call(self.function, *case_args.args, **case_args.kwargs)]
            outputs = [output(0, None, "result")]
        else:
            steps = self.steps(*case_args.args, **case_args.kwargs)
            outputs = [dict(o) for o in self.outputs]
        points = None
        if self.expression:
            for o in outputs:
                o["as"] = "expr"
            gen = np.random.default_rng(point_seed)
            e = self.expression
            points = {s: gen.uniform(e.low, e.high, e.points) for s in e.symbols}
        if self.property is not None:
            for key, index in self.property.from_args().items():
                if index >= len(case_args.args):
                    raise ValueError(f"question {self.id}: {self.property.name} takes {key} from argument "
                                     f"{index}, but {name} has {len(case_args.args)} positional arguments")
        return Case(case_args.name or name, hidden, steps, outputs, points, args=tuple(case_args.args))

    def hidden_generators(self):
        """The question's ``Hidden`` generators as a list (possibly empty)."""
        if self.hidden is None:
            return []
        return list(self.hidden) if isinstance(self.hidden, (list, tuple)) else [self.hidden]

    def n_hidden(self):
        return sum(h.n for h in self.hidden_generators())

    def cases(self, seed, include_hidden=True):
        """Public cases, then (if asked) hidden ones generated from ``seed`` and this id."""
        out = list(self.public_cases)
        if include_hidden:
            gen = np.random.default_rng([seed, zlib.crc32(self.id.encode())])
            for hidden in self.hidden_generators():
                name = getattr(hidden.generate, "__name__", "generator")
                for _ in range(hidden.n):
                    point_seed = int(gen.integers(2**31))
                    try:
                        raw = hidden.generate(gen)
                    except Exception as exc:
                        raise AuthorError(f"question {self.id}: hidden generator {name} raised "
                                          f"{type(exc).__name__}: {exc}") from None
                    case = self._case(raw, f"hidden {len(out) - len(self.public_cases) + 1}", True,
                                      point_seed)
                    case.gate, case.generator = hidden.gate, name
                    out.append(case)
        return out


def chain_links(qid, case):
    """{(step, item): (output index, item within it)} for every ``ref`` of a chained case: each
    must be a compared output (so its reference value exists), and no step may be a method or
    attribute of an earlier result (an object cannot be replaced by a reference value)."""
    links = {}
    for j, step in enumerate(case.steps):
        if "call" not in step:
            raise ValueError(f"question {qid}: chained=True allows call() steps only; step {j} is not")
        for value in list(step.get("args", [])) + list(step.get("kwargs", {}).values()):
            if not isinstance(value, Ref):
                continue
            exact = [k for k, o in enumerate(case.outputs) if o["step"] == value.step and o["item"] == value.item]
            whole = [k for k, o in enumerate(case.outputs) if o["step"] == value.step and o["item"] is None]
            if exact:
                links[(value.step, value.item)] = (exact[0], None)
            elif whole and value.item is not None:
                links[(value.step, value.item)] = (whole[0], value.item)
            else:
                raise ValueError(f"question {qid}: chained=True: step {j} uses ref({value.step}, "
                                 f"{value.item}), which is not among the outputs")
    return links


def split_chain(question, case):
    """A chained case as one case per step: each step gets the **reference** results of the steps
    it uses (``case.expected``) instead of the learner's, and is judged on its own outputs, so a
    mistake in one step costs that step only."""
    links = chain_links(question.id, case)

    def resolve(value):
        if not isinstance(value, Ref):
            return value
        index, item = links[(value.step, value.item)]
        expected = case.expected[index]
        return expected if item is None else expected[item]

    out = []
    for j, step in enumerate(case.steps):
        mine = [k for k, o in enumerate(case.outputs) if o["step"] == j]
        if not mine:
            continue
        uses = sorted({v.step + 1 for v in list(step.get("args", [])) + list(step.get("kwargs", {}).values())
                       if isinstance(v, Ref)})
        new = dict(step, args=[resolve(a) for a in step.get("args", [])],
                   kwargs={k: resolve(v) for k, v in step.get("kwargs", {}).items()})
        name = f"{case.name}, step {j + 1} ({step['call']})"
        if uses:
            name += (f" given the reference result of step {', '.join(map(str, uses))}, so a mistake "
                     "in an earlier step is not charged again here")
        out.append(Case(name, case.hidden, [new], [dict(case.outputs[k], step=0) for k in mine],
                        case.points, [case.expected[k] for k in mine], case.args, case.gate,
                        case.generator))
    return out


@dataclasses.dataclass
class CheckSet:
    """All questions of one exercise notebook."""

    exercise: str
    questions: list
    source_hash: str = ""
    title: str = ""
    withheld: tuple = ()   # bplib names hidden from the grading child (check file's WITHHELD)
    exercise_notebook: str = ""  # the built notebook of the same course (its parameter names)

    def question(self, qid):
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(f"{self.exercise} has no question {qid!r}; it has "
                       + ", ".join(q.id for q in self.questions))

    @property
    def max_score(self):
        return float(sum(q.points for q in self.questions))


def load(path):
    """Import a check file (trusted instructor code) and validate it."""
    path = str(path)
    name = "bpgrade_checks_" + hashlib.sha1(path.encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    questions = list(module.QUESTIONS)
    ids = [q.id for q in questions]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: duplicate question ids {ids}")
    with open(path, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    withheld = tuple(getattr(module, "WITHHELD", ()))
    if not all(isinstance(n, str) and n.isidentifier() for n in withheld):
        raise ValueError(f"{path}: WITHHELD must be a list of names, got {withheld!r}")
    from bpgrade.layout import Layout

    built = Layout(Path(path).resolve().parents[2]).exercise_notebook(module.EXERCISE)  # root/solutions/checks/x.py
    return CheckSet(module.EXERCISE, questions, digest, getattr(module, "TITLE", ""), withheld, str(built))
