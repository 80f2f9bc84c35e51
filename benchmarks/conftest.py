"""Ratios of interp against LiteRT, measured in the same pytest-benchmark run.

Each benchmark test records its median with ``bench_support.record`` and the terminal summary prints
``interp / litert`` for every case timed on both engines. With ``--benchmark-disable`` (the default in
the test suite) each benchmark body runs once as a smoke test and no ratio is printed.
"""
from bench_support import RESULTS


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
