"""Geometry and time maths of Situation Mapper: no widgets, no iface."""
