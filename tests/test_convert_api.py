"""The converter's Python API: entry points, naming, tracing rules and every error it raises."""
import importlib
import types

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

import interp
from interp.convert import ConversionError
from interp.convert.tracing import broadcast_shapes

S = interp.TensorSpec


def model_of(fn, **kw):
    return interp.Converter.from_function(fn, **kw).to_model()


def graph_of(fn):
    return interp.Converter.from_function(fn).graphs()[0]


# -- the interp.ops namespace ------------------------------------------------------------------

PUBLIC = [
    "add", "subtract", "multiply", "divide", "truncatediv", "matmul", "dense", "relu", "relu6",
    "sigmoid", "tanh", "softmax", "reshape", "argmax", "argmin", "as_string", "string_to_number",
    "constant",
    # api_math
    "exp", "log", "sqrt", "rsqrt", "square", "abs", "negative", "sin", "cos", "floor", "ceil",
    "round", "maximum", "minimum", "squared_difference", "pow", "floordiv", "floormod", "equal",
    "not_equal", "less", "less_equal", "greater", "greater_equal", "logical_and", "logical_or",
    "logical_not", "cast", "where", "reduce_mean", "reduce_sum", "reduce_max", "reduce_min",
    "reduce_prod", "reduce_any", "reduce_all", "cumsum",
    # api_nn
    "conv2d", "depthwise_conv2d", "conv2d_transpose", "avg_pool2d", "max_pool2d", "bias_add",
    "leaky_relu", "prelu", "hard_swish", "gelu", "elu", "log_softmax", "l2_normalize", "top_k",
    "depth_to_space", "space_to_depth", "batch_to_space", "space_to_batch_nd", "resize",
    "resize_bilinear", "resize_nearest_neighbor",
    # api_array
    "squeeze", "expand_dims", "concat", "stack", "unstack", "split", "slice", "strided_slice",
    "getitem", "transpose", "pad", "gather", "gather_nd", "shape", "fill", "zeros_like", "tile",
    "broadcast_to", "range", "one_hot",
    # api_control
    "while_loop", "cond", "lstm"]


def test_ops_namespace_holds_the_tracing_functions():
    from interp.convert import api
    for name in PUBLIC:
        assert getattr(interp.ops, name) is getattr(api, name), name
    assert sorted(interp.ops.__all__) == sorted(PUBLIC + ["strings"])  # + the tf.strings namespace


def test_ops_names_survive_importing_kernel_modules():
    from interp.convert import api
    from interp.ops import registry
    for module in sorted(set(registry.BUILTINS.values()) | set(registry.FLEX.values())):
        try:
            kernel = importlib.import_module(f"interp.ops.{module}")
        except ImportError:
            continue  # not written yet
        assert isinstance(kernel, types.ModuleType)
    for name in PUBLIC:
        assert getattr(interp.ops, name) is getattr(api, name), name
    ops = importlib.import_module("interp.ops")
    exec("import interp.ops.add", {})  # the statement form binds the package attribute too
    assert ops.add is api.add
    # binding a module to a public name (what the import system does) is ignored
    setattr(ops, "relu", types.ModuleType("interp.ops.relu"))
    assert ops.relu is api.relu


def test_ops_outside_tracing_explain_themselves():
    with pytest.raises(ConversionError, match="inside a function decorated with @interp.function"):
        interp.ops.relu(np.ones(3, np.float32))


# -- entry points and names --------------------------------------------------------------------

class Coder(interp.Module):
    @interp.function(input_signature=[S(shape=[None], dtype="float32")])
    def encode(self, x):
        return {"encoded_result": interp.ops.as_string(x)}

    @interp.function(input_signature=[S(shape=[None], dtype="string")])
    def decode(self, x):
        return {"decoded_result": interp.ops.string_to_number(x)}


def test_from_functions_keys_are_function_names():
    m = Coder()
    conv = interp.Converter.from_functions([m.encode, m.decode], m)
    assert conv.signature_keys == ["decode", "encode"]
    # unbound functions are bound to the module
    conv = interp.Converter.from_functions([Coder.encode, Coder.decode], m)
    assert conv.signature_keys == ["decode", "encode"]


def test_from_functions_duplicate_names():
    m = Coder()
    with pytest.raises(ConversionError, match="duplicate signature key"):
        interp.Converter.from_functions([m.encode, m.encode], m)


def test_plain_function_key_is_serving_default_and_input_names():
    @interp.function(input_signature=[S([2], "float32"), S([2], "float32", name="second")])
    def f(first, b):
        return first + b

    m = model_of(f)
    sig = m.signature_defs[0]
    assert sig.signature_key == "serving_default"
    assert [t.name for t in sig.inputs] == ["first", "second"]
    assert [t.name for t in sig.outputs] == ["output_0"]
    sg = m.subgraphs[0]
    assert [sg.tensors[i].name for i in sg.inputs] == ["serving_default_first:0",
                                                       "serving_default_second:0"]
    assert sg.tensors[sg.outputs[0]].name == "serving_default/output_0"


def test_tuple_outputs_are_numbered_and_sorted():
    @interp.function(input_signature=[S([2], "float32")])
    def f(x):
        return x + 1.0, x * 2.0

    m = model_of(f)
    assert [t.name for t in m.signature_defs[0].outputs] == ["output_0", "output_1"]


def test_tensor_names_like_tf():
    @interp.function(input_signature=[S([2], "float32")])
    def f(x):
        a = x + 1.0
        b = a + 2.0
        c = interp.ops.multiply(b, 3.0, name="scale")
        return {"out": interp.ops.tanh(c)}

    sg = model_of(f).subgraphs[0]
    names = [t.name for t in sg.tensors]
    assert names == ["serving_default_x:0", "add/y", "add_1/y", "scale/y", "add", "add_1", "scale",
                     "serving_default/out"]


def test_shape_signature_only_when_dynamic():
    @interp.function(input_signature=[S([None, 3], "float32"), S([2, 3], "float32")])
    def f(a, b):
        return {"a": a * 2.0, "b": b * 2.0}

    sg = model_of(f).subgraphs[0]
    by_name = {t.name: t for t in sg.tensors}
    assert by_name["serving_default_a:0"].shape == (1, 3)
    assert by_name["serving_default_a:0"].shape_signature == (-1, 3)
    assert by_name["serving_default_b:0"].shape_signature is None
    assert by_name["serving_default/a"].shape_signature == (-1, 3)
    assert by_name["serving_default/b"].shape_signature is None


def test_identical_constants_stored_once():
    k = np.array([1, 2, 3], np.float32)

    @interp.function(input_signature=[S([3], "float32")])
    def f(x):
        same = np.array([1, 2, 3], np.int32).astype(np.float32)
        return {"a": x * k, "b": x + k.copy(), "c": x - same}

    m = model_of(f)
    assert sum(1 for b in m.buffers if b.data is not None and len(b.data)) == 1
    sg = m.subgraphs[0]
    assert len([t for t in sg.tensors if m.tensor_data(t) is not None]) == 1


def test_each_non_constant_tensor_has_its_own_empty_buffer():
    @interp.function(input_signature=[S([3], "float32")])
    def f(x):
        return x * 2.0 + 1.0

    m = model_of(f)
    sg = m.subgraphs[0]
    bufs = [t.buffer for t in sg.tensors]
    assert len(set(bufs)) == len(bufs) and 0 not in bufs
    assert m.buffers[0].data is None


def test_python_scalar_takes_other_operand_dtype():
    @interp.function(input_signature=[S([2], "int64")])
    def f(x):
        return 2 * x + 1

    g = graph_of(f)
    consts = [t for n in g.nodes for t in n.inputs if t.is_constant]
    assert [c.type for c in consts] == [4, 4]


def test_module_weights_and_calls_between_functions():
    class M(interp.Module):
        def __init__(self):
            super().__init__(name="m")
            self.scale = np.float32(3.0)

        @interp.function(input_signature=[S([2], "float32")])
        def triple(self, x):
            return x * self.scale

        @interp.function(input_signature=[S([2], "float32")])
        def six(self, x):
            return {"y": self.triple(x) * 2.0}

    m = M()
    assert m.name == "m"
    conv = interp.Converter.from_module(m, signatures={"six": m.six})
    assert len(conv.to_model().subgraphs[0].operators) == 2


# -- errors ------------------------------------------------------------------------------------

def test_error_dtype_mismatch_names_both_dtypes():
    @interp.function(input_signature=[S([2], "float32"), S([2], "int32")])
    def f(a, b):
        return a + b

    with pytest.raises(TypeError, match=r"float32.*int32"):
        interp.Converter.from_function(f).convert()


def test_error_numpy_constant_dtype_mismatch():
    @interp.function(input_signature=[S([2], "float32")])
    def f(a):
        return a * np.array([1.0, 2.0])  # float64

    with pytest.raises(TypeError, match=r"float32.*float64"):
        interp.Converter.from_function(f).to_model()


def test_error_python_float_for_int_tensor():
    @interp.function(input_signature=[S([2], "int32")])
    def f(a):
        return a * 2.5

    with pytest.raises(TypeError, match="int32"):
        interp.Converter.from_function(f).to_model()


def test_error_bad_broadcast_shapes():
    @interp.function(input_signature=[S([2, 3], "float32"), S([4], "float32")])
    def f(a, b):
        return a - b

    with pytest.raises(ConversionError, match=r"subtract: shapes \[2, 3\] and \[1, 4\] cannot be "
                                              "broadcast"):
        interp.Converter.from_function(f).to_model()


@pytest.mark.parametrize("shape,match", [
    ([5], "cannot reshape"),
    ([-1, -1], "more than one -1"),
    ([4, -1], "cannot reshape"),
    ([-2, 3], "negative size"),
])
def test_error_bad_reshape(shape, match):
    @interp.function(input_signature=[S([2, 3], "float32")])
    def f(a):
        return interp.ops.reshape(a, shape)

    with pytest.raises(ConversionError, match=match):
        interp.Converter.from_function(f).to_model()


def test_error_matmul_shapes_and_operands():
    w = np.ones((5, 2), np.float32)

    @interp.function(input_signature=[S([None, 4], "float32")])
    def bad_inner(x):
        return x @ w

    @interp.function(input_signature=[S([None, 4], "float32"), S([5, 2], "float32")])
    def traced_weights(x, v):
        return x @ v  # two traced operands: BATCH_MATMUL, which checks the inner dims too

    @interp.function(input_signature=[S([4], "float32")])
    def rank1(x):
        return x @ np.ones((4, 2), np.float32)

    with pytest.raises(ConversionError, match="have 5 input features"):
        model_of(bad_inner)
    with pytest.raises(ConversionError, match=r"different inner dims \(4 vs 5\)"):
        model_of(traced_weights)
    with pytest.raises(ConversionError, match="rank >= 2"):
        model_of(rank1)


def test_error_softmax_axis_must_be_last():
    @interp.function(input_signature=[S([2, 3], "float32")])
    def f(a):
        return interp.ops.softmax(a, axis=0)

    with pytest.raises(ConversionError, match="only the last axis"):
        model_of(f)


def test_error_float_only_ops():
    @interp.function(input_signature=[S([2], "int32")])
    def f(a):
        return interp.ops.relu(a)

    @interp.function(input_signature=[S([2], "int32"), S([2], "int32")])
    def g(a, b):
        return a / b

    with pytest.raises(TypeError, match="relu: x has dtype int32; supported: float32"):
        model_of(f)
    with pytest.raises(TypeError, match="truncatediv"):
        model_of(g)


@pytest.mark.parametrize("result,match", [
    (np.ones(2, np.float32), "numpy array"),
    (None, "None"),
    (3.0, "float"),
    ({"a": "text"}, "'a' is a str"),
])
def test_error_returning_a_non_tensor(result, match):
    @interp.function(input_signature=[S([2], "float32")])
    def f(x):
        return result

    with pytest.raises(TypeError, match=match):
        model_of(f)


def test_error_returning_a_constant_or_nothing():
    @interp.function(input_signature=[S([2], "float32")])
    def f(x):
        return interp.ops.constant([1.0, 2.0])

    @interp.function(input_signature=[S([2], "float32")])
    def g(x):
        return {}

    with pytest.raises(ConversionError, match="is a constant"):
        model_of(f)
    with pytest.raises(ConversionError, match="returns no outputs"):
        model_of(g)


def test_error_function_without_input_signature():
    @interp.function
    def f(x):
        return x

    def plain(x):
        return x

    with pytest.raises(ConversionError, match="has no input_signature"):
        interp.Converter.from_function(f)
    with pytest.raises(ConversionError, match="not decorated with @interp.function"):
        interp.Converter.from_function(plain)

    class M(interp.Module):
        @interp.function()
        def method(self, x):
            return x

    m = M()
    with pytest.raises(ConversionError, match="'method' has no input_signature"):
        interp.Converter.from_module(m, signatures={"k": m.method})


def test_error_duplicate_output_and_input_names():
    @interp.function(input_signature=[S([2], "float32", name="x"), S([2], "float32", name="x")])
    def f(a, b):
        return a + b

    with pytest.raises(ConversionError, match="two inputs are named 'x'"):
        interp.Converter.from_function(f)

    class Weird(dict):
        def items(self):  # what a mapping with repeated keys would yield
            return [("y", self["t"]), ("y", self["t"])]

    @interp.function(input_signature=[S([2], "float32")])
    def g(x):
        return Weird(t=x + 1.0)

    with pytest.raises(ConversionError, match="two outputs are named 'y'"):
        model_of(g)


def test_error_signature_arity():
    @interp.function(input_signature=[S([2], "float32")])
    def f(a, b):
        return a + b

    with pytest.raises(ConversionError, match="1 TensorSpec"):
        interp.Converter.from_function(f)


def test_error_tensorspec_arguments():
    with pytest.raises(ConversionError, match="unknown rank"):
        S(None, "float32")
    with pytest.raises(ConversionError, match="bad dim"):
        S([-1, 2], "float32")
    with pytest.raises(TypeError, match="not a dtype"):
        S([2], "floaty")
    with pytest.raises(TypeError, match="input_signature must be a list"):
        interp.function(input_signature=S([2]))(lambda x: x)


def test_error_traced_tensor_has_no_value():
    @interp.function(input_signature=[S([2], "float32")])
    def f(x):
        if x:
            return x
        return x

    with pytest.raises(TypeError, match="truth value"):
        model_of(f)


def test_error_tensor_leaks_across_signatures():
    leaked = []

    class M(interp.Module):
        @interp.function(input_signature=[S([2], "float32")])
        def a(self, x):
            leaked.append(x)
            return x + 1.0

        @interp.function(input_signature=[S([2], "float32")])
        def b(self, x):
            return x + leaked[0]

    m = M()
    with pytest.raises(ConversionError, match="cannot cross signatures|mixes tensors"):
        interp.Converter.from_module(m, signatures={"a": m.a, "b": m.b}).to_model()


def test_error_as_string_arguments():
    def conv(dtype, **kw):
        @interp.function(input_signature=[S([2], dtype)])
        def f(x):
            return interp.ops.as_string(x, **kw)
        return model_of(f)

    with pytest.raises(TypeError, match="input has dtype string"):
        conv("string")
    with pytest.raises(ConversionError, match="both scientific and shortest"):
        conv("float32", scientific=True, shortest=True)
    with pytest.raises(ConversionError, match="fill must be one or fewer"):
        conv("float32", fill="ab")
    with pytest.raises(ConversionError, match="precision is only valid"):
        conv("int32", precision=2)
    with pytest.raises(TypeError, match="width must be an int"):
        conv("float32", width="8")


def test_error_string_to_number_arguments():
    def conv(dtype, **kw):
        @interp.function(input_signature=[S([2], dtype)])
        def f(x):
            return interp.ops.string_to_number(x, **kw)
        return model_of(f)

    with pytest.raises(TypeError, match="string_tensor has dtype float32"):
        conv("float32")
    with pytest.raises(TypeError, match="out_type must be one of"):
        conv("string", out_type="bool")


def test_error_argmax_arguments():
    def conv(**kw):
        @interp.function(input_signature=[S([2, 3], "float32")])
        def f(x):
            return interp.ops.argmax(x, **kw)
        return model_of(f)

    with pytest.raises(ConversionError, match="axis 2 is out of range"):
        conv(axis=2)
    with pytest.raises(TypeError, match="output_type must be int32 or int64"):
        conv(output_type="float32")


def test_error_no_signatures():
    with pytest.raises(ConversionError, match="no signatures"):
        interp.Converter.from_module(Coder(), signatures={})


# -- properties --------------------------------------------------------------------------------

dims = st.lists(st.sampled_from([1, 2, 3]), max_size=5)


@settings(max_examples=200, deadline=None)
@given(dims, dims, st.data())
def test_broadcast_shapes_agree_with_numpy(a, b, data):
    try:
        want = np.broadcast_shapes(tuple(a), tuple(b))
    except ValueError:
        with pytest.raises(ConversionError, match="cannot be broadcast"):
            broadcast_shapes("add", a, b)
        return
    assert broadcast_shapes("add", a, b) == want
    # making some dims dynamic keeps every known dim and leaves only dynamic ones unknown
    a_dyn = [None if data.draw(st.booleans()) else d for d in a]
    got = broadcast_shapes("add", a_dyn, b)
    for g, w in zip(got, want):
        assert g is None or g == w


def test_tensorspec_normalises_dtype_names():
    assert S([2], np.float32).dtype == "float32"
    assert S([2], "STRING").dtype == "string"
    assert S([2], bytes).dtype == "string"
    assert S([None, 3], "int64").shape == (None, 3)


def test_ops_package_lists_exactly_the_converter_api():
    from interp.convert import api
    assert sorted(interp.ops.__all__) == sorted(api.__all__ + ["strings"])
