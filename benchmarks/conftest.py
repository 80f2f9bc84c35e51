"""Ratios of interp against LiteRT, measured in the same pytest-benchmark run.

Each benchmark test records its median in ``RESULTS[(case, engine)]`` and the terminal summary prints
``interp / litert`` for every case timed on both engines. With ``--benchmark-disable`` (the default in
the test suite) each benchmark body runs once as a smoke test and no ratio is printed.
"""
RESULTS = {}


def record(benchmark, case, engine):
    stats = getattr(benchmark, "stats", None)
    if stats is not None and getattr(stats, "stats", None) is not None:
        RESULTS[(case, engine)] = stats.stats.median


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    cases = sorted({case for case, _ in RESULTS})
    lines = []
    for case in cases:
        ours, theirs = RESULTS.get((case, "interp")), RESULTS.get((case, "litert"))
        if ours and theirs:
            lines.append(f"{case:<28} interp {ours * 1e6:9.2f} us   litert {theirs * 1e6:9.2f} us"
                         f"   ratio {ours / theirs:5.2f}x")
    if lines:
        terminalreporter.write_sep("=", "interp / LiteRT (median, same run)")
        for line in lines:
            terminalreporter.write_line(line)
