"""TSBS-style "cpu-only" data and queries (our own code after the public TSBS rules)."""
