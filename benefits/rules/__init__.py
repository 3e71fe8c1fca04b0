"""Pure rules of the baten: realisation and plan, the DOAM test, the attribution sum, the
benefits map's graph. Plain values in, typed results out; no Django models."""
