"""Shared machinery of tests/test_convert_ops_*.py: one op case = a small traced function, its
inputs, a numpy reference and (optionally) the operators TensorFlow 2.21's converter wrote for the
same TensorFlow code (observed with /work/venvs/tf, recorded as literals here).

Each case is converted with ``interp.Converter`` and run in LiteRT (the oracle) and in interp
(separate test ids, ``runtime`` = "litert" / "interp"); both must agree with the numpy reference.
"""
import dataclasses
from typing import Any, Callable, Optional, Sequence

import numpy as np
import pytest

import interp
from interp.opnames import builtin_name
from support import litert

RUNTIMES = ["litert", "interp"]
RNG = np.random.default_rng(2024)


def spec(shape, dtype="float32"):
    return (list(shape), dtype)


@dataclasses.dataclass
class Case:
    id: str
    specs: Sequence  # [(shape, dtype)]
    fn: Callable  # traced inputs -> tensor, list of tensors or dict
    inputs: Sequence  # numpy arrays, one per spec
    ref: Callable  # numpy inputs -> array, list or dict (like fn's result)
    rtol: float = 1e-6
    atol: float = 1e-6
    ops: Optional[Sequence] = None  # [(BUILTIN name, version, {options subset})]
    shapes: Optional[Any] = None  # expected traced output shapes (with None dims)

    def __repr__(self):
        return self.id


def function_of(case):
    specs = [interp.TensorSpec(s, d, name=f"i{k}") for k, (s, d) in enumerate(case.specs)]

    @interp.function(input_signature=specs)
    def f(*args):
        return case.fn(*args)

    return f


def convert(case):
    return interp.Converter.from_function(function_of(case)).convert()


def outputs_dict(value):
    if isinstance(value, dict):
        return dict(value)
    if isinstance(value, (list, tuple)):
        return {f"output_{i}": v for i, v in enumerate(value)}
    return {"output_0": value}


def run(data, runtime, inputs):
    if runtime == "litert":
        it = litert().Interpreter(model_content=data)
    else:
        it = interp.Interpreter(model_content=data)
    runner = it.get_signature_runner()
    return runner(**{f"i{k}": v for k, v in enumerate(inputs)})


def compare(got, want, rtol, atol, what=""):
    want = np.asarray(want)
    assert got.dtype == want.dtype, (what, got.dtype, want.dtype)
    assert got.shape == want.shape, (what, got.shape, want.shape)
    if want.dtype.kind == "f":
        np.testing.assert_allclose(got, want, rtol=rtol, atol=atol, err_msg=what)
    else:
        np.testing.assert_array_equal(got, want, err_msg=what)


def check_run(case, runtime):
    """Convert, run in ``runtime``, compare every output with the numpy reference."""
    if case.shapes is not None:
        assert traced_shapes(case) == case.shapes
    data = convert(case)
    got = run(data, runtime, [np.asarray(x) for x in case.inputs])
    want = outputs_dict(case.ref(*[np.asarray(x) for x in case.inputs]))
    assert sorted(got) == sorted(want)
    for name in want:
        compare(got[name], want[name], case.rtol, case.atol, f"{case.id}:{name}")


def operators(case):
    """[(BUILTIN name, version, options dict, options table index)] of the converted model."""
    m = interp.Converter.from_function(function_of(case)).to_model()
    out = []
    for o in m.subgraphs[0].operators:
        code = m.operator_codes[o.opcode_index]
        out.append((builtin_name(code.builtin_code), code.version, dict(o.builtin_options),
                    o.builtin_options_type))
    return out


def check_ops(case):
    """The written operators match what TensorFlow's converter wrote for the same code."""
    got = operators(case)
    assert [(n, v) for n, v, _, _ in got] == [(n, v) for n, v, _ in case.ops], got
    for (name, _, options, _), (_, _, want) in zip(got, case.ops):
        for key, value in want.items():
            assert options[key] == value, (name, key, options[key], value)


def traced_shapes(case):
    graph = interp.Converter.from_function(function_of(case)).graphs()[0]
    return {k: t.shape for k, t in graph.outputs.items()}


def rand(*shape, dtype=np.float32, low=None, high=None):
    if low is not None:
        return RNG.uniform(low, high, shape).astype(dtype)
    if np.dtype(dtype).kind in "iu":
        return RNG.integers(-20, 20, shape).astype(dtype)
    if np.dtype(dtype).kind == "b":
        return RNG.integers(0, 2, shape).astype(bool)
    return RNG.standard_normal(shape).astype(dtype)


def case_tests(cases):
    """The two tests every op module runs over its cases: ``test_op_runs`` (per runtime) and
    ``test_op_written_like_tf`` (cases with recorded operators)."""
    @pytest.mark.parametrize("runtime", RUNTIMES)
    @pytest.mark.parametrize("case", cases, ids=repr)
    def test_op_runs(case, runtime):
        check_run(case, runtime)

    @pytest.mark.parametrize("case", [c for c in cases if c.ops], ids=repr)
    def test_op_written_like_tf(case):
        check_ops(case)

    return test_op_runs, test_op_written_like_tf
