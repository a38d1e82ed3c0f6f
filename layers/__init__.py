"""Reading, storing and styling situation layers."""
