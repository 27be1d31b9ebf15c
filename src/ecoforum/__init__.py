"""ecoforum: runs a large international forum end to end."""
