"""Batch runners: many stories in, one line of results each out. They call `analyze()`, nothing else."""
