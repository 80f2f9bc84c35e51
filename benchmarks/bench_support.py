"""Medians recorded by the benchmarks, for the interp / LiteRT ratio summary in conftest.py.

Engines: "interp", "litert" (LiteRT's default resolver, XNNPACK, num_threads=1) and any other engine
whose name starts with "litert" (e.g. "litert_builtin"); the summary prints interp's ratio to each.
"""
RESULTS = {}
VALUES = {}  # (case, engine) -> (value, unit): measurements that are not times, e.g. peak RSS


def record(benchmark, case, engine):
    """Store the median of a finished benchmark under (case, engine); nothing when timing is off."""
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        RESULTS[(case, engine)] = stats.stats.median


def record_value(case, engine, value, unit):
    """Store a measurement other than a time (printed with its unit and interp's ratio)."""
    VALUES[(case, engine)] = (value, unit)
