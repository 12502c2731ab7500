"""Interactive widgets of the course, one module per widget, all built on :class:`WidgetApp`."""

from ._app import WidgetApp, format_result, slider

__all__ = ["WidgetApp", "format_result", "slider"]
