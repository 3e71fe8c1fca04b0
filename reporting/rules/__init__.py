"""Pure computation of a snapshot's figures: plain data in, plain data out, no Django."""
