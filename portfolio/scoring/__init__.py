"""The afwegingskader engine: pure computation, no Django imports."""
