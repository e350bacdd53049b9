"""Benchmarks: Guichet against a bare Temporal baseline on the same server, same run."""
