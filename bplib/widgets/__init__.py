"""Interactive widgets of the course, one module per widget, all built on :class:`WidgetApp`."""

from ._app import WidgetApp, format_result, slider
from .descent import descent_explorer
from .init import init_explorer
from .loss import loss_explorer
from .neuron import neuron_explorer
from .optimizers import optimizer_explorer
from .playground import playground
from .stepper import backprop_stepper

__all__ = ["WidgetApp", "format_result", "slider", "neuron_explorer", "loss_explorer", "descent_explorer", "playground", "optimizer_explorer", "init_explorer", "backprop_stepper"]
