"""Limits of one push (kept apart so the CLI reads them without importing hier_config)."""

DEFAULT_MAX_REMOVALS = 50
"""How many lines one push may remove from a device unless ``--max-removals`` says more:
enough for a ward's ONTs and their service-ports, far below a wiped device."""
