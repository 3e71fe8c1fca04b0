"""Pages of the risks domain, a module per register."""
