"""Benchmarks for Steppe to Stage: load, startup, choice latency, playtest throughput, saves, memory.

Run ``python -m benchmarks`` (add ``--quick`` for the tiny smoke version CI runs). Figures are printed as a
table and written to ``benchmarks/results/latest.json``; the figures we report live in RESULTS.md.
"""
