"""The cffi builder of interp's C kernels: the extension module ``interp._kernels``.

Two ways to use it:

* ``pip install .`` — setuptools finds ``ffibuilder`` through ``cffi_modules=["kernels/build.py:ffibuilder"]``.
* ``python kernels/build.py`` — compiles in place, leaving ``interp/_kernels*.so`` (``.pyd`` on Windows)
  next to the package for development without installing (build files go to ``build/cffi``).

Compiler flags: ``-O3 -std=c99`` plus ``-march=native`` (``-mcpu=native`` on ARM and POWER), so the
kernels use the build machine's SIMD (on x86-64 with ``-mprefer-vector-width=512``: GCC otherwise
vectorises plain loops 256 bits wide even on AVX-512 machines; without AVX-512 it changes nothing),
and ``-ffp-contract=fast``, which lets the compiler fuse a*b+c into one FMA where the CPU has it (float results may then differ in the last bit from a build
without FMA, well inside the tests' tolerances).
Set ``INTERP_PORTABLE=1`` for a binary that runs on any CPU of the architecture: no ``native`` flag
and no contraction (``-ffp-contract=off``), e.g. for wheels built on one machine and run on others.
MSVC has no "this CPU" flag, so its build is always the portable one (``/O2``).

Set ``INTERP_SANITIZE=1`` for a build under AddressSanitizer and UndefinedBehaviorSanitizer (GCC or
Clang; ``-g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all``), and
``INTERP_BUILD_DIR=<dir>`` to have ``python kernels/build.py`` put the module in ``<dir>`` (build files in
``<dir>/cffi``) instead of ``interp/``, so such a build does not replace the normal one.
``tests/sanitize.sh`` does both and runs the kernel tests under the sanitizers.

The cdef is ``kernels.h`` itself with its preprocessor lines removed (``#define NAME <int>`` kept), so the
header stays the single declaration of every entry point.
"""
import glob
import os
import platform
import re
import sys

import cffi

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
HEADER = os.path.join(HERE, "kernels.h")


def _rel(path):
    """``path`` relative to the cwd when possible: setuptools runs from the project root and
    prefers relative source paths. Run as a script, cffi compiles from inside its tmpdir, so the
    paths stay absolute."""
    if __name__ == "__main__":
        return path
    try:
        rel = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return path
    return path if rel.startswith("..") else rel


def _cdef_text(header_path):
    keep = []
    with open(header_path, encoding="utf-8") as f:
        for line in f:
            stripped = line.strip()
            if stripped.startswith("#") and not re.match(r"#\s*define\s+\w+\s+-?\d+\b", stripped):
                continue
            if stripped.startswith("#"):  # keep `#define NAME <int>` but drop trailing comments
                line = re.sub(r"/\*.*?\*/", "", line)
            keep.append(line)
    return "".join(keep)


SANITIZE = ["-fsanitize=address,undefined", "-fno-omit-frame-pointer", "-fno-sanitize-recover=all"]


def _sanitize():
    return sys.platform != "win32" and os.environ.get("INTERP_SANITIZE", "") not in ("", "0")


def _compile_args():
    if sys.platform == "win32":
        return ["/O2"]
    args = ["-O3", "-std=c99"] + (["-g"] + SANITIZE if _sanitize() else [])
    if os.environ.get("INTERP_PORTABLE", "") not in ("", "0"):
        return args + ["-ffp-contract=off"]
    machine = platform.machine().lower()
    if machine in ("x86_64", "amd64", "i386", "i686"):
        args += ["-march=native", "-mprefer-vector-width=512"]
    elif machine.startswith(("arm", "aarch64", "ppc", "powerpc")):
        args.append("-mcpu=native")  # what GCC and Clang spell "this CPU" on these
    return args + ["-ffp-contract=fast"]


ffibuilder = cffi.FFI()
ffibuilder.cdef(_cdef_text(HEADER))
ffibuilder.set_source(
    "interp._kernels",
    '#include "kernels.h"',
    sources=[_rel(p) for p in sorted(glob.glob(os.path.join(HERE, "*.c")))],
    include_dirs=[_rel(HERE)],
    depends=[_rel(p) for p in sorted(glob.glob(os.path.join(HERE, "*.h")))],
    extra_compile_args=_compile_args(),
    libraries=[] if sys.platform == "win32" else ["m"],
    extra_link_args=SANITIZE if _sanitize() else [],
)


def build_in_place():
    """Compile and copy the extension into ``interp/`` (or ``$INTERP_BUILD_DIR``); returns its path."""
    import shutil
    out_dir = os.environ.get("INTERP_BUILD_DIR") or os.path.join(ROOT, "interp")
    tmp = os.path.join(os.environ["INTERP_BUILD_DIR"], "cffi") if os.environ.get("INTERP_BUILD_DIR") \
        else os.path.join(ROOT, "build", "cffi")
    os.makedirs(tmp, exist_ok=True)
    built = ffibuilder.compile(tmpdir=tmp, verbose=False)
    target = os.path.join(out_dir, os.path.basename(built))
    shutil.copyfile(built, target)
    return target


if __name__ == "__main__":
    print(build_in_place())
