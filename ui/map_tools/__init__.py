"""Map tools for drawing encirclement arcs and corridors on the canvas."""
