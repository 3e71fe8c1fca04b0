"""Pure rules of the risks domain: scores, the Monte Carlo simulation, the classes of
weerstandsvermogen. Plain values in, typed results out; no Django models."""
