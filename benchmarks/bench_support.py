"""Medians recorded by the benchmarks, for the interp / LiteRT ratio summary in conftest.py."""
RESULTS = {}


def record(benchmark, case, engine):
    """Store the median of a finished benchmark under (case, engine); nothing when timing is off."""
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        RESULTS[(case, engine)] = stats.stats.median
