"""The authored, illustrative sample scenario (see README.md and build_scenario.py)."""
