"""Showing one day on the map canvas: kept for scripts; the situation clock
(ui/situation_clock.py) owns the day the map shows."""

from .situation_clock import show_day_on_canvas  # noqa: F401
