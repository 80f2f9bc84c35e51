"""Runs of consecutive C kernel calls in an invoke plan become one call to ``interp_run_plan``.

Most ops bind to ``functools.partial(lib.interp_<...>, ptr, ptr, ..., params)``: a C entry point and
arguments that are all pointers or integers. Calling each from Python costs a few hundred nanoseconds;
a model of 50 small ops spends more time there than in its kernels. :func:`fuse` finds runs of such
callables in a plan and replaces each run by one C call that makes them in order (kernels/plan.c),
with the GIL released for the whole run. Any other callable (numpy work, control flow, a wrapper that
checks a status) stays as it is, between runs.

The C side calls every entry point through a pointer typed ``int (*)(void *, ...)``; that relies on
integers and pointers being passed alike, which holds on the 64-bit ABIs of x86-64 and AArch64 and
nowhere this module is not sure of, so elsewhere :func:`fuse` returns the plan unchanged. A function
with a floating-point parameter, or more than ``INTERP_PLAN_MAX_ARGS`` parameters, is never fused.
"""
import functools
import platform

from interp.ops._kernels import ffi, lib

_ABI_OK = ffi.sizeof("void *") == 8 and platform.machine().lower() in (
    "x86_64", "amd64", "aarch64", "arm64")
_INT_TYPES = {"int", "long", "long long", "int8_t", "int16_t", "int32_t", "int64_t", "uint8_t",
              "uint16_t", "uint32_t", "uint64_t", "size_t", "ptrdiff_t", "intptr_t", "_Bool"}
_signature_ok = {}


def _fusable_function(func):
    """True when ``func`` is a kernel entry point whose parameters are pointers or integers."""
    name = getattr(func, "__name__", None)
    if name is None or getattr(lib, name, None) is not func:
        return False
    ok = _signature_ok.get(name)
    if ok is None:
        try:
            ftype = ffi.typeof(ffi.addressof(lib, name))
        except (AttributeError, TypeError, ffi.error):
            ok = False
        else:
            ok = (ftype.result.cname == "int" and not ftype.ellipsis
                  and len(ftype.args) <= lib.INTERP_PLAN_MAX_ARGS
                  and all(a.kind == "pointer" or (a.kind == "primitive" and a.cname in _INT_TYPES)
                          for a in ftype.args))
        _signature_ok[name] = ok
    return ok


def _step_args(call):
    """The C step for ``call``, as (function address, [void * arguments]), or None."""
    if type(call) is not functools.partial or call.keywords or not _fusable_function(call.func):
        return None
    args = []
    for a in call.args:
        if isinstance(a, ffi.CData):
            if ffi.typeof(a).kind not in ("pointer", "array"):
                return None
            args.append(ffi.cast("void *", a))
        elif isinstance(a, int):
            args.append(ffi.cast("void *", a))
        else:
            return None
    if len(args) != len(ffi.typeof(ffi.addressof(lib, call.func.__name__)).args):
        return None
    return ffi.cast("void *", ffi.addressof(lib, call.func.__name__)), args


class _Run:
    """One C call making a run of kernel calls; ``nodes[failed[0]]`` is the node that failed."""
    __slots__ = ("nodes", "steps", "failed", "keep", "call")

    def __init__(self, nodes, steps, keep):
        self.nodes = tuple(nodes)
        self.steps = ffi.new("interp_plan_step[]", len(steps))
        for i, (fn, args) in enumerate(steps):
            self.steps[i].fn = fn
            self.steps[i].nargs = len(args)
            for j, a in enumerate(args):
                self.steps[i].args[j] = a
        self.failed = ffi.new("int64_t *")
        self.keep = keep  # the partials own the buffers the pointers point into
        self.call = functools.partial(lib.interp_run_plan, self.steps, len(steps), self.failed)


def fuse(plan):
    """``plan`` ((node, callable) pairs) as ((nodes, callable, failed) triples), where runs of at
    least two fusable C calls share one callable; ``failed`` is None for single steps, else the
    cell telling which of ``nodes`` failed."""
    out, pending = [], []

    def flush():
        if len(pending) >= 2:
            run = _Run([n for n, _, _ in pending], [s for _, _, s in pending],
                       [c for _, c, _ in pending])
            out.append((run.nodes, run.call, run.failed))
        else:
            out.extend(((n,), c, None) for n, c, _ in pending)
        pending.clear()

    for node, call in plan:
        step = _step_args(call) if _ABI_OK else None
        if step is None:
            flush()
            out.append(((node,), call, None))
        else:
            pending.append((node, call, step))
    flush()
    return tuple(out)


__all__ = ["fuse"]
