"""Benchmarks: throughput and peak memory, with a peer run in the same process for a ratio."""
