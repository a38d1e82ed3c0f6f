"""Docks, panels and map tools: they collect parameters and start algorithms."""
