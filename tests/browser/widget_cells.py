"""Finding the widget cells of notebooks and rebuilding their widgets in the test process.

Convention (CONTRIBUTING.md, "Notebooks"): a cell that displays a course widget is tagged
``bplib-widget`` and its last source line is a zero-argument call of a factory from
``bplib.widgets``, e.g. ``neuron_explorer()`` or ``neuron_explorer();``. The factory returns a
:class:`bplib.widgets.WidgetApp`.

Nothing here needs a browser; the browser tests and the plain unit tests share it.
"""

import json
import math
import re
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = REPO_ROOT / "notebooks"
FIXTURES_DIR = Path(__file__).resolve().parent / "fixtures"

WIDGET_TAG = "bplib-widget"
FACTORY_CALL = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*)\(\s*\)\s*;?$")


@dataclass(frozen=True)
class WidgetCell:
    notebook: Path
    index: int  # position among all cells (markdown included), as JupyterLab lays them out
    source: str

    @property
    def last_line(self):
        lines = [line for line in self.source.splitlines() if line.strip()]
        return lines[-1].strip() if lines else ""

    def factory_name(self):
        """Name of the factory the cell calls last, or raise ``ValueError`` explaining the rule."""
        match = FACTORY_CALL.match(self.last_line)
        if match is None:
            raise ValueError(
                f"{self.notebook.name}, cell {self.index}: a cell tagged {WIDGET_TAG!r} must end with a "
                f"zero-argument factory call such as 'neuron_explorer()' or 'neuron_explorer();', "
                f"but its last line is {self.last_line!r}")
        return match.group(1)

    def __str__(self):
        return f"{self.notebook.name}[cell {self.index}]"


def read_cells(path):
    """The cells of a notebook file as dicts (plain JSON; no nbformat validation)."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle).get("cells", [])


def cell_source(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else source


def widget_cells(path):
    """Every code cell of ``path`` tagged ``bplib-widget``, in notebook order."""
    found = []
    for index, cell in enumerate(read_cells(path)):
        tags = cell.get("metadata", {}).get("tags", [])
        if cell.get("cell_type") == "code" and WIDGET_TAG in tags:
            found.append(WidgetCell(Path(path), index, cell_source(cell)))
    return found


def lecture_notebooks():
    """All ``notebooks/*.ipynb`` (sorted); none while the folder is still empty."""
    if not NOTEBOOKS_DIR.is_dir():
        return []
    return sorted(p for p in NOTEBOOKS_DIR.glob("*.ipynb") if not p.name.startswith("."))


def notebooks_with_widgets():
    """``[(path, problem)]`` for every lecture notebook with a widget cell.

    A notebook that cannot be read (e.g. being saved right now) is listed with the reason as
    ``problem`` so that the test for it fails with that reason instead of collection crashing.
    """
    result = []
    for path in lecture_notebooks():
        try:
            if widget_cells(path):
                result.append((path, None))
        except (OSError, ValueError) as exc:
            result.append((path, f"cannot read {path.name}: {type(exc).__name__}: {exc}"))
    return result


def notebooks_numbered(number):
    """Lecture notebooks whose name starts with the two-digit ``number`` (e.g. '01_neuron.ipynb')."""
    pattern = re.compile(rf"^{number}(?!\d)")
    return [p for p in lecture_notebooks() if pattern.match(p.name)]


def import_fixture(module_name):
    """Import ``tests/browser/fixtures/<module_name>.py`` (the fixture notebooks import it too)."""
    import importlib.util
    import sys

    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, FIXTURES_DIR / f"{module_name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


# -- building the app in-process -------------------------------------------------------------

def build_app(factory_name):
    """Call ``bplib.widgets.<factory_name>()`` and check that it returns a ``WidgetApp``."""
    import bplib.widgets

    factory = getattr(bplib.widgets, factory_name, None)
    if factory is None or not callable(factory):
        public = sorted(name for name in dir(bplib.widgets) if not name.startswith("_"))
        raise LookupError(f"bplib.widgets has no factory {factory_name!r}; it offers {public}")
    app = factory()
    if not isinstance(app, bplib.widgets.WidgetApp):
        raise TypeError(f"bplib.widgets.{factory_name}() returned {type(app).__name__}, "
                        f"expected a bplib.widgets.WidgetApp")
    return app


def normalise(text):
    """Collapse whitespace runs to single spaces (how the browser's text is compared)."""
    return " ".join(str(text).split())


def readout(app):
    """The readout text the browser must show for the app's current state."""
    return normalise(app.readout_text(app.state))


# -- which control the test moves, and what moving it does -----------------------------------

def _slider_classes():
    import ipywidgets as widgets

    return (widgets.IntSlider, widgets.FloatSlider, widgets.FloatLogSlider,
            widgets.SelectionSlider, widgets.IntRangeSlider, widgets.FloatRangeSlider)


def is_slider(control):
    """Controls rendered as a noUiSlider (the DOM class ``widget-slider``)."""
    return isinstance(control, _slider_classes())


@dataclass(frozen=True)
class SliderStep:
    """One keyboard step of a slider: which key, and what the slider and app hold afterwards."""

    name: str            # key in app.controls
    position: int        # index of the control among app.controls
    key: str             # "ArrowRight" or "ArrowLeft"
    aria_before: float   # aria-valuetext of the (first) handle before the key press
    aria_after: float    # ... and after it
    new_value: object    # what is assigned to app.controls[name] in-process


def plan_slider_step(app):
    """Plan pressing an arrow key once on the first slider of ``app``.

    The browser's slider (noUiSlider) works on a grid ``min + k * step``: it shows a value that
    is off the grid at the nearest grid point, and a key press moves one step from there. So the
    plan snaps first, then steps: ArrowRight one step up, or ArrowLeft one step down when up
    would pass ``max`` (or the upper handle of a range slider). Positions are what the handle's
    ``aria-valuetext`` shows: the value, the exponent for a ``FloatLogSlider``, the option index
    for a ``SelectionSlider``, the lower handle for a range slider. ``None`` if there is no slider.
    """
    import ipywidgets as widgets

    for position, (name, control) in enumerate(app.controls.items()):
        if not is_slider(control):
            continue
        if isinstance(control, widgets.SelectionSlider):
            lo, hi, step, here = 0, len(control.options) - 1, 1, control.index
        elif isinstance(control, widgets.FloatLogSlider):
            lo, hi, step = control.min, control.max, control.step
            here = math.log(control.value) / math.log(control.base)
        elif isinstance(control, (widgets.IntRangeSlider, widgets.FloatRangeSlider)):
            lo, hi, step, here = control.min, control.value[1], control.step, control.value[0]
        else:
            lo, hi, step, here = control.min, control.max, control.step, control.value
        before = _snap(here, lo, step)
        up = before + step <= hi + 1e-9 * abs(step)
        after = before + step if up else before - step
        if not (lo - 1e-9 * abs(step) <= after <= hi + 1e-9 * abs(step)):
            raise ValueError(f"slider {name!r} has no room for one step in either direction")
        if isinstance(control, widgets.SelectionSlider):
            new_value = ("index", int(after))
        elif isinstance(control, widgets.FloatLogSlider):
            new_value = ("value", control.base ** after)
        elif isinstance(control, (widgets.IntRangeSlider, widgets.FloatRangeSlider)):
            new_value = ("value", (_as_type(control, after), control.value[1]))
        else:
            new_value = ("value", _as_type(control, after))
        return SliderStep(name, position, "ArrowRight" if up else "ArrowLeft", before, after, new_value)
    return None


def _snap(x, lo, step):
    """Nearest grid point ``lo + k * step`` (rounding halves up, like JavaScript's Math.round)."""
    k = math.floor((x - lo) / step + 0.5)
    snapped = lo + k * step
    return int(snapped) if isinstance(x, int) and isinstance(lo, int) and isinstance(step, int) else snapped


def _as_type(control, x):
    import ipywidgets as widgets

    return int(round(x)) if isinstance(control, (widgets.IntSlider, widgets.IntRangeSlider)) else x


def apply_step(app, step):
    """Do in-process what the key press does in the browser; returns the new readout text."""
    attribute, value = step.new_value
    setattr(app.controls[step.name], attribute, value)
    return readout(app)
