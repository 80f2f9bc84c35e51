#!/usr/bin/env bash
# Build the C kernels with AddressSanitizer + UndefinedBehaviorSanitizer into build/sanitize (the
# normal interp/_kernels*.so is left alone) and run the kernel and op tests against that build.
# Any sanitizer report aborts the test process (-fno-sanitize-recover=all, halt_on_error), so a
# clean run is a run with zero reports. Usage: tests/sanitize.sh [extra pytest args or test files]
# Needs GCC or Clang with libasan/libubsan. PYTHON defaults to the interpreter on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PYTHON=${PYTHON:-python3}
OUT=$ROOT/build/sanitize
mkdir -p "$OUT"
# cffi builds through distutils' build_ext, which reads DIST_EXTRA_CONFIG: compile files in parallel.
printf '[build_ext]\nparallel = %s\n' "$(nproc 2>/dev/null || echo 2)" > "$OUT/build.cfg"
start=$(date +%s)
DIST_EXTRA_CONFIG=$OUT/build.cfg INTERP_SANITIZE=1 INTERP_BUILD_DIR=$OUT "$PYTHON" kernels/build.py >/dev/null
echo "sanitizer build: $(( $(date +%s) - start )) s"
SO=$(ls "$OUT"/_kernels*.so)
CC=${CC:-cc}
ASAN_LIB=$("$CC" -print-file-name=libasan.so)
UBSAN_LIB=$("$CC" -print-file-name=libubsan.so)
if [ $# -eq 0 ]; then
    set -- tests/test_ops_*.py tests/test_quant_*.py tests/test_float_io.py tests/test_native_plan.py \
        tests/test_arena.py tests/test_inputs_robust.py \
        tests/test_threads.py tests/test_tf_models.py
fi
# detect_leaks=0: CPython and numpy keep allocations until exit by design. The kernels use no malloc.
# PYTHONMALLOC=malloc: every Python-side buffer comes from ASAN's malloc, so overruns are caught.
export ASAN_OPTIONS=detect_leaks=0:halt_on_error=1:abort_on_error=0:exitcode=86:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=87
export LD_PRELOAD="$ASAN_LIB $UBSAN_LIB" PYTHONMALLOC=malloc INTERP_SANITIZE_SO=$SO \
    PYTHONPATH="$ROOT/tests:$ROOT${PYTHONPATH:+:$PYTHONPATH}"
# Control: a kernel told to read one float past a 4-float array must be reported (exit code 86).
set +e
"$PYTHON" -c "import sanitize_plugin, numpy as np
from interp.ops._kernels import ffi, lib
a, b = np.zeros(4, np.float32), np.zeros(5, np.float32)
lib.interp_f32_neg(ffi.from_buffer('float[]', a), ffi.from_buffer('float[]', b), 5)" 2>/dev/null
status=$?
set -e
if [ $status -ne 86 ]; then
    echo "sanitize.sh: the control overflow was not reported (exit $status): sanitizers not active" >&2
    exit 1
fi
"$PYTHON" -m pytest -q -p sanitize_plugin -p no:cacheprovider "$@"
