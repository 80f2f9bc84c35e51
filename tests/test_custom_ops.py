"""Custom ops registered from Python (numpy callables) and from C (a cffi-compiled function).
Oracles: numpy, and TensorFlow's outputs for a TF-made file with a custom op
(tests/fixtures/generate_custom_op_fixture.py)."""
import json
import math
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import interp
from interp import dtypes
from interp import model as M
from interp.opnames import BUILTIN_CODES
from interp.writer import write_model
from support import FIXTURES

F32 = dtypes.FLOAT32


def custom_model(code="Twice", n_in=1, shape=(5,), out_shape=None, options=b"\x07"):
    out_shape = shape if out_shape is None else out_shape
    tensors = [M.Tensor(f"x{i}", F32, shape) for i in range(n_in)]
    tensors.append(M.Tensor("y", F32, tuple(out_shape), shape_signature=tuple(
        -1 if d is None else d for d in out_shape) if None in out_shape else None))
    if None in out_shape:
        tensors[-1] = M.Tensor("y", F32, tuple(1 if d is None else d for d in out_shape),
                               shape_signature=tuple(-1 if d is None else d for d in out_shape))
    op = M.Operator(0, tuple(range(n_in)), (n_in,), custom_options=options)
    sg = M.SubGraph(tuple(tensors), tuple(range(n_in)), (n_in,), (op,), "main")
    return write_model(M.Model((M.OperatorCode(BUILTIN_CODES["CUSTOM"], code),), (sg,), (M.Buffer(),)))


@pytest.fixture
def registered():
    names = []

    def reg(name, **kw):
        interp.register_custom_op(name, **kw)
        names.append(name)
    yield reg
    for n in names:
        interp.unregister_custom_op(n)


def test_numpy_custom_op_runs_and_sees_options(registered):
    seen = []

    def twice(x, options):
        seen.append(options)
        assert not x.flags.writeable
        return x * 2

    registered("Twice", invoke=twice)
    run = interp.Interpreter(model_content=custom_model()).get_signature_runner()
    x = np.arange(5, dtype=np.float32)
    np.testing.assert_array_equal(run(x0=x)["y"], x * 2)
    assert seen == [b"\x07"]


def test_unknown_custom_op_is_listed_at_load():
    with pytest.raises(interp.ModelError, match=r"Mystery \(subgraph 0 \('main'\), node 0\)"):
        interp.Interpreter(model_content=custom_model("Mystery"))


def test_prepare_decides_output_shapes(registered):
    registered("Outer", invoke=lambda a, b, options: np.multiply.outer(a, b),
               prepare=lambda ins, options: [ins[0].shape + ins[1].shape])
    data = custom_model("Outer", n_in=2, shape=(3,), out_shape=(None, None))
    out = interp.Interpreter(model_content=data).get_signature_runner()(
        x0=np.array([1, 2, 3], np.float32), x1=np.array([1, 10, 100], np.float32))
    np.testing.assert_array_equal(out["y"], np.outer([1, 2, 3], [1, 10, 100]))


def test_custom_op_errors_name_the_op_and_node(registered):
    registered("Twice", invoke=lambda x, options: np.zeros(3))
    run = interp.Interpreter(model_content=custom_model()).get_signature_runner()
    with pytest.raises(interp.KernelError, match=r"node 0 \(Twice\).*output 0 has shape \[3\], "
                                                 r"expected \[5\]"):
        run(x0=np.ones(5, np.float32))
    registered("Boom", invoke=lambda x, options: 1 / 0)
    run = interp.Interpreter(model_content=custom_model("Boom")).get_signature_runner()
    with pytest.raises(interp.KernelError, match="custom op 'Boom' raised ZeroDivisionError"):
        run(x0=np.ones(5, np.float32))


def test_registration_is_checked(registered):
    with pytest.raises(interp.InputError, match="exactly one of invoke"):
        interp.register_custom_op("X")
    with pytest.raises(interp.InputError, match="Select-TF"):
        interp.register_custom_op("FlexFoo", invoke=lambda *a, **k: None)
    registered("Dup", invoke=lambda x, options: x)
    with pytest.raises(interp.InputError, match="already registered"):
        interp.register_custom_op("Dup", invoke=lambda x, options: x)
    interp.register_custom_op("Dup", invoke=lambda x, options: x + 1, replace=True)


C_SOURCE = textwrap.dedent("""
    #include <stdint.h>
    typedef struct { void *data; int32_t type; int32_t rank; int64_t dims[6]; } interp_tensor;
    int axpb(int32_t n_in, const interp_tensor *in, int32_t n_out, interp_tensor *out,
             const uint8_t *options, int64_t options_size) {
        if (n_in != 1 || n_out != 1 || in[0].type != 0 || options_size < 1) return 3;
        int64_t n = 1;
        for (int32_t d = 0; d < in[0].rank; d++) n *= in[0].dims[d];
        const float *x = (const float *)in[0].data;
        float *y = (float *)out[0].data;
        for (int64_t i = 0; i < n; i++) y[i] = 3.0f * x[i] + (float)options[0];
        return 0;
    }
""")


@pytest.fixture(scope="module")
def c_library(tmp_path_factory):
    """A cffi module with one C custom op, compiled for this test (needs a C compiler, as
    installing interp does)."""
    tmp = tmp_path_factory.mktemp("cffi_custom")
    script = textwrap.dedent(f"""
        import cffi
        ffi = cffi.FFI()
        ffi.cdef('''typedef struct {{ void *data; int32_t type; int32_t rank; int64_t dims[6]; }} interp_tensor;
                    int axpb(int32_t, const interp_tensor *, int32_t, interp_tensor *,
                             const uint8_t *, int64_t);''')
        ffi.set_source("_custom_axpb", {C_SOURCE!r})
        ffi.compile(tmpdir={str(tmp)!r})
    """)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp, capture_output=True)
    sys.path.insert(0, str(tmp))
    try:
        import _custom_axpb
    finally:
        sys.path.remove(str(tmp))
    return _custom_axpb


def test_c_custom_op(registered, c_library):
    registered("Axpb", c_function=c_library.ffi.addressof(c_library.lib, "axpb"))
    run = interp.Interpreter(model_content=custom_model("Axpb")).get_signature_runner()
    x = np.array([0, 1, -2, 0.5, 4], np.float32)
    np.testing.assert_array_equal(run(x0=x)["y"], 3 * x + 7)


def test_c_custom_op_failure_status(registered, c_library):
    registered("Axpb", c_function=c_library.ffi.addressof(c_library.lib, "axpb"))
    run = interp.Interpreter(model_content=custom_model("Axpb", options=b"")).get_signature_runner()
    with pytest.raises(interp.KernelError, match=r"custom op 'Axpb' \(C\) failed with status 3"):
        run(x0=np.ones(5, np.float32))


def test_tensorflow_model_with_a_custom_op(registered):
    """custom_op.tflite (TF's converter, allow_custom_ops) keeps tf.math.acosh as CUSTOM 'Acosh':
    interp lists it at load until a kernel is registered, then gives TF's outputs."""
    path = str(FIXTURES / "custom_op.tflite")
    with pytest.raises(interp.ModelError, match=r"Acosh \(subgraph 0"):
        interp.Interpreter(model_path=path)
    registered("Acosh", invoke=lambda x, options: np.arccosh(x),
               prepare=lambda inputs, options: [inputs[0].shape])
    with np.load(FIXTURES / "custom_op_expected.npz") as f:
        x, want = f["x"], f["y"]
    got = interp.Interpreter(model_path=path).get_signature_runner()(x=x)["y"]
    np.testing.assert_allclose(got, want, rtol=1e-6)
