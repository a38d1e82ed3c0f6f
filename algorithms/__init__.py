"""The plugin's Processing provider and its algorithms: the only place analysis runs."""
