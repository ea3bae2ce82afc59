"""Benchmarks: speed and quality figures, printed with the machine they ran on (`make bench`)."""
