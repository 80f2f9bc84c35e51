"""Coverage-guided fuzzing of interp with atheris (libFuzzer for Python): long runs, not CI.

    python -m venv --system-site-packages /tmp/atv && /tmp/atv/bin/pip install atheris
    mkdir -p /tmp/corpus && cp tests/fixtures/*.tflite /tmp/corpus/
    PYTHONPATH=.:tests:/work/venvs/dev/lib/python3.11/site-packages \
        /tmp/atv/bin/python tests/fuzz_atheris.py /tmp/corpus -timeout=10 -rss_limit_mb=4096 \
        -max_len=200000 -max_total_time=3600

(the venv's own site-packages come first only for atheris; numpy, cffi and flatbuffers are the dev
venv's.)

Each input is loaded, allocated and invoked (every signature, inputs of the right shapes) with the
fuzzer's tight ``interp.Limits`` (tests/fuzz_mutators.py ``fuzz_limits``). An InterpError is a fine
outcome; any other exception, a crash, a timeout (a hang) or running out of memory is reported by
libFuzzer with the input that caused it (``crash-*``, ``timeout-*``, ``oom-*`` files): turn it into a
regression test (docs/robustness.md).
"""
import sys

import atheris

with atheris.instrument_imports(include=["interp"]):
    import interp  # noqa: F401
    import interp.interpreter  # noqa: F401

import fuzz_mutators


def test_one_input(data):
    fuzz_mutators.run_one(data)  # InterpError -> a class name; anything else propagates


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
