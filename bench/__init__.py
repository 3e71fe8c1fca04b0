"""Benchmark harness: synthetic data (generate.py) and timed benchmarks (run.py)."""
