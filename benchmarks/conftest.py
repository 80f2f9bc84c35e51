"""Ratios of interp against LiteRT, measured in the same pytest-benchmark run.

Each benchmark test records its median with ``bench_support.record`` and the terminal summary prints
``interp / litert`` for every case timed on both engines, and ``interp / <engine>`` for every other
LiteRT engine (names starting with "litert", e.g. "litert_builtin" = no default delegates). Values
that are not times (``bench_support.record_value``, e.g. peak RSS) get their own section. With
``--benchmark-disable`` (the default in the test suite) each benchmark body runs once as a smoke test
and no ratio is printed.
"""
from bench_support import RESULTS, VALUES


def _others(table, case):
    return sorted(e for c, e in table if c == case and e.startswith("litert"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    lines = []
    for case in sorted({case for case, _ in RESULTS}):
        ours = RESULTS.get((case, "interp"))
        for engine in _others(RESULTS, case):
            theirs = RESULTS[(case, engine)]
            if ours:
                lines.append(f"{case:<28} interp {ours * 1e6:9.2f} us   {engine} {theirs * 1e6:9.2f} us"
                             f"   ratio {ours / theirs:5.2f}x")
    if lines:
        terminalreporter.write_sep("=", "interp / LiteRT (median, same run)")
        for line in lines:
            terminalreporter.write_line(line)
    lines = []
    for case in sorted({case for case, _ in VALUES}):
        ours = VALUES.get((case, "interp"))
        for engine in _others(VALUES, case):
            value, unit = VALUES[(case, engine)]
            ratio = f"   ratio {ours[0] / value:5.2f}x" if ours else "   (interp: not measured)"
            mine = f"interp {ours[0]:9.0f} {ours[1]}   " if ours else ""
            lines.append(f"{case:<28} {mine}{engine} {value:9.0f} {unit}{ratio}")
    if lines:
        terminalreporter.write_sep("=", "interp / LiteRT (other measurements)")
        for line in lines:
            terminalreporter.write_line(line)
