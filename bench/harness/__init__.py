"""The runner's shared parts: context, result comparison, statistics, reports."""
