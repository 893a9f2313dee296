"""Pipeline stages: each reads the Work and adds one layer; none does I/O."""
