"""Engines the benchmark suites run against: Copra and its peers.

Every engine implements engines.base.Engine; suites only use that interface,
so a new peer (or a new Copra transport) is one module here.
"""
