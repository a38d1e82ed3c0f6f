"""Plugin infrastructure: the logger, typed settings, translation and atomic file writes."""
