"""interp.verifier: model-level checks run by the Interpreter after loading, before any kernel.

Oracle: small models built with interp.model (and written with interp.writer where the check goes
through the Interpreter), each with one planted defect, and the exact message the defect must give.
Every TensorFlow-made fixture must pass unchanged.
"""
import pytest

import interp
from interp.errors import ModelError
from interp.loader import load_model
from interp.model import Operator, OperatorCode, SignatureDef, SubGraph, Tensor, TensorMap
from interp.opnames import BUILTIN_CODES
from interp.verifier import Limits, options_table, verify
from interp.writer import write_model
from support import FIXTURES
from test_loader import replace, with_op, with_subgraph, with_tensor
from test_writer import FLOAT32, add_model, fc_model

ADD, MUL = BUILTIN_CODES["ADD"], BUILTIN_CODES["MUL"]
WHILE, IF, CALL_ONCE = BUILTIN_CODES["WHILE"], BUILTIN_CODES["IF"], BUILTIN_CODES["CALL_ONCE"]


def error(model, limits=None):
    with pytest.raises(ModelError) as info:
        verify(model, limits)
    return str(info.value)


def chain_model():
    """a -> ADD(a, a) = t -> MUL(t, a) = out; subgraph 'main'."""
    tensors = tuple(Tensor(n, FLOAT32, (2,)) for n in ("a", "t", "out"))
    ops = (Operator(0, (0, 0), (1,)), Operator(1, (1, 0), (2,)))
    return replace(add_model(), operator_codes=(OperatorCode(ADD), OperatorCode(MUL)),
                   subgraphs=(SubGraph(tensors, (0,), (2,), ops, "main"),), signature_defs=())


def test_fixtures_pass():
    paths = sorted(FIXTURES.glob("*.tflite"))
    assert len(paths) >= 15
    for path in paths:
        verify(load_model(path.read_bytes()))


def test_good_models_pass():
    for model in (add_model(), fc_model(), chain_model()):
        assert verify(model) is model


def test_options_table_pairing():
    assert options_table("CONV_2D") == "Conv2DOptions"
    assert options_table("MAX_POOL_2D") == "Pool2DOptions"
    assert options_table("MEAN") == "ReducerOptions"
    assert options_table("WHILE") == "WhileOptions"
    assert options_table("RELU") is None


def test_union_type_must_match_op():
    union = interp.verifier._UNION
    conv = union.index("Conv2DOptions") + 1
    assert error(with_op(add_model(), builtin_options_type=conv)) == \
        "subgraph 0 ('main') operator 0 (ADD): builtin options are Conv2DOptions, expected " \
        "AddOptions (or none)"
    verify(with_op(add_model(), builtin_options_type=0))  # no table: the op's defaults


def test_arity():
    assert error(with_op(add_model(), inputs=(0,))) == \
        "subgraph 0 ('main') operator 0 (ADD): expects 2 inputs, got 1"
    assert error(with_op(add_model(), outputs=(2, 1))) == \
        "subgraph 0 ('main') operator 0 (ADD): expects 1 outputs, got 2"
    assert error(with_op(fc_model(), inputs=(0, 1, 2, 2))) == \
        "subgraph 0 ('main') operator 0 (FULLY_CONNECTED): expects 2 to 3 inputs, got 4"


def test_use_before_definition_and_cycles():
    m = chain_model()
    ops = m.subgraphs[0].operators
    swapped = with_subgraph(m, operators=(ops[1], ops[0]))
    assert error(swapped) == \
        "subgraph 0 ('main') operator 0 (MUL): input 0 is tensor 1 ('t'), which operator 1 " \
        "produces later (a cycle: ops must come after the ops they read from)"
    self_loop = with_subgraph(m, operators=(replace(ops[0], inputs=(0, 1)), ops[1]))
    assert "input 1 is tensor 1 ('t'), which operator 0 produces itself" in error(self_loop)
    dangling = with_subgraph(m, inputs=())
    assert error(dangling) == \
        "subgraph 0 ('main') operator 0 (ADD): input 0 is tensor 0 ('a'), which is not a subgraph " \
        "input, a constant or a variable, and no earlier op produces it"
    # a variable or an empty tensor is fine to read without a producer
    verify(with_tensor(dangling, 0, is_variable=True))
    verify(with_tensor(dangling, 0, shape=(0,)))


def test_tensor_written_by_two_ops():
    # fuzz finding (seed 4, mutant 16794, a segfault): SPLIT_V's prepare resized PACK's output,
    # PACK's kernel then wrote 512 floats into a 64-float arena slot.
    m = chain_model()
    ops = m.subgraphs[0].operators
    twice = with_subgraph(m, operators=(ops[0], replace(ops[1], outputs=(1,))), outputs=(1,))
    assert error(twice) == "subgraph 0 ('main') operator 1 (MUL): output 0 is tensor 1 ('t'), " \
        "which operator 0 (ADD) already produces; a tensor has one producer"


def test_subgraph_inputs_are_distinct_and_not_written():
    # fuzz findings (seed 7 mutant 151, seed 5 mutant 11374): an LSTM op writing a subgraph input
    # resized it (ValueError copying the caller's value in); a WHILE body whose inputs list one
    # tensor twice got two shapes for it (ValueError in WHILE's copy_in).
    m = chain_model()
    ops = m.subgraphs[0].operators
    overwrite = with_subgraph(m, operators=(replace(ops[0], outputs=(0,)), ops[1]))
    assert error(overwrite) == "subgraph 0 ('main'): input 0 is tensor 0 ('a'), which operator 0 " \
        "(ADD) overwrites; an op's outputs cannot be inputs of the subgraph"
    twice = with_subgraph(m, inputs=(0, 0))
    assert error(twice) == "subgraph 0 ('main'): input 1 is tensor 0 ('a'), which is already input 0"


def test_only_optional_inputs_may_be_omitted():
    # fuzz finding (seed 6 mutant 12755): CONCATENATION with an input -1 raised AttributeError.
    assert error(with_op(add_model(), inputs=(0, -1))) == \
        "subgraph 0 ('main') operator 0 (ADD): input 1 is omitted (-1), but ADD needs it"
    verify(with_op(fc_model(), inputs=(0, 1, -1)))  # FULLY_CONNECTED's bias is optional
    assert "input 1 is omitted (-1), but FULLY_CONNECTED needs it" in \
        error(with_op(fc_model(), inputs=(0, -1, 2)))


def test_outputs_into_constants():
    const = with_op(fc_model(), outputs=(1,))
    assert error(const) == \
        "subgraph 0 ('main') operator 0 (FULLY_CONNECTED): output 0 is tensor 1 ('w'), a constant " \
        "of the model (buffer 2); ops cannot write constants"


def test_subgraph_output_nobody_produces():
    m = with_subgraph(chain_model(), outputs=(2, 1), operators=chain_model().subgraphs[0].operators[:1])
    assert error(m) == "subgraph 0 ('main'): output 0 is tensor 2 ('out'), which no op produces and " \
        "which is not an input, a constant or a variable"


def control_model(calls, n=None):
    """Subgraphs 0..n-1, each a pass-through; ``calls``: {subgraph: (opcode, options)}."""
    if n is None:
        n = 1 + max(max(calls), max(v for _c, o in calls.values() for v in o.values()))
    codes = (OperatorCode(WHILE), OperatorCode(IF), OperatorCode(CALL_ONCE))
    table = {WHILE: "WhileOptions", IF: "IfOptions", CALL_ONCE: "CallOnceOptions"}
    union = interp.verifier._UNION
    subgraphs = []
    for s in range(n):
        tensors = (Tensor("x", FLOAT32, (1,)),)
        ops = ()
        if s in calls:
            code, options = calls[s]
            ops = (Operator([c.builtin_code for c in codes].index(code), (), (),
                            union.index(table[code]) + 1, options),)
        subgraphs.append(SubGraph(tensors, (0,), (0,), ops, f"g{s}"))
    return replace(add_model(), operator_codes=codes, subgraphs=tuple(subgraphs), signature_defs=())


def test_recursion_through_control_flow():
    direct = control_model({1: (CALL_ONCE, {"init_subgraph_index": 1})})
    assert error(direct) == \
        "subgraph 1 ('g1') operator 0 (CALL_ONCE): init_subgraph_index 1 makes subgraph 1 end up " \
        "calling itself (subgraphs 1 -> 1); recursion is not allowed"
    indirect = control_model({0: (CALL_ONCE, {"init_subgraph_index": 1}),
                              1: (CALL_ONCE, {"init_subgraph_index": 2}),
                              2: (CALL_ONCE, {"init_subgraph_index": 1})})
    assert "(subgraphs 1 -> 2 -> 1); recursion is not allowed" in error(indirect)
    fine = control_model({0: (CALL_ONCE, {"init_subgraph_index": 1}),
                          1: (CALL_ONCE, {"init_subgraph_index": 2}),
                          2: (CALL_ONCE, {"init_subgraph_index": 3})})
    verify(fine)
    with pytest.raises(ModelError, match="nest deeper than the limit of 2"):
        verify(fine, Limits(max_call_depth=2))
    out_of_range = control_model({0: (CALL_ONCE, {"init_subgraph_index": 7})}, n=1)
    assert error(out_of_range) == "subgraph 0 ('g0') operator 0 (CALL_ONCE): init_subgraph_index 7 " \
        "is out of range: the model has 1 subgraphs"


def test_signature_input_must_be_a_subgraph_input():
    m = fc_model()
    sig = SignatureDef("serving_default", (TensorMap("x", 1),), (TensorMap("y", 3),))
    assert error(replace(m, signature_defs=(sig,))) == \
        "signature 0 ('serving_default'): input 'x' is tensor 1 ('w') of subgraph 0 ('main'), which " \
        "is not one of that subgraph's inputs [0]"


def test_sparse_constant_is_refused():
    # fuzz finding (seed 2, mutant 5067): a flag-only sparsity field skipped the buffer size check
    # and the executor then failed in numpy with "buffer size must be a multiple of element size".
    assert error(with_tensor(fc_model(), 1, has_sparsity=True)) == \
        "subgraph 0 ('main') tensor 1 ('w'): a sparse constant (sparsity parameters); interp does " \
        "not densify sparse tensors"


def test_limits():
    m = fc_model()
    assert "tensor 1 ('w'): shape [3, 4] of FLOAT32 needs 48 bytes, above the limit of 40 " \
        "(interp.Limits.max_tensor_bytes)" in error(m, Limits(max_tensor_bytes=40))
    assert error(m, Limits(max_arena_bytes=20)) == \
        "subgraph 0 ('main'): its non-constant tensors need 28 bytes, above the limit of 20 " \
        "(interp.Limits.max_arena_bytes)"
    assert "has 4 tensors, more than the limit of 3" in error(m, Limits(max_tensors=3))
    assert "has 1 operators, more than the limit of 0" in error(m, Limits(max_operators=0))
    assert "rank 2 is above the limit of 1" in error(m, Limits(max_rank=1))
    verify(m, Limits(max_tensor_bytes=None, max_arena_bytes=None))
    with pytest.raises(TypeError):
        Limits(max_rank=-1)


def test_interpreter_runs_the_verifier_and_caps_the_arena():
    data = write_model(with_op(add_model(), inputs=(0,)))
    with pytest.raises(ModelError, match=r"operator 0 \(ADD\): expects 2 inputs, got 1"):
        interp.Interpreter(model_content=data)
    good = write_model(fc_model())
    with pytest.raises(ModelError, match="max_tensor_bytes"):
        interp.Interpreter(model_content=good, limits=interp.Limits(max_tensor_bytes=16))
    chain = write_model(chain_model())  # tensor 't' lives in the arena
    it = interp.Interpreter(model_content=chain, limits=interp.Limits(max_arena_bytes=64))
    it.allocate_tensors()
    it.resize_input_tensor(0, [1000])
    with pytest.raises(ModelError, match=r"shared arena: the plan needs \d+ bytes, above the limit "
                                         r"of 64 \(interp.Limits.max_arena_bytes\)"):
        it.allocate_tensors()


def test_quantization_value_ranges_are_checked_by_the_loader():
    # fuzz findings (seed 1, mutants 1379, 1560, 2761): a zero point outside int32 made
    # get_input_details() raise OverflowError. Zero points must fit the tensor's type.
    from interp.model import Quantization
    from test_writer import custom_model
    q = custom_model().subgraphs[0].tensors[1]  # INT8, shape [2]

    def load_error(quant):
        with pytest.raises(ModelError) as info:
            load_model(write_model(with_tensor(custom_model(), 1, quantization=quant)))
        return str(info.value)

    assert load_error(Quantization(scale=(0.5, 0.25), zero_point=(0, 128))) == \
        "subgraph 0 tensor 1 ('q'): quantization zero point 1 is 128, outside -128..127 for a INT8 tensor"
    assert "zero point 0 is 2147483648, outside -2147483648..2147483647 for a FLOAT32 tensor" in \
        str(pytest.raises(ModelError, load_model, write_model(with_tensor(
            add_model(), 0, quantization=Quantization(scale=(1.0,), zero_point=(1 << 31,))))).value)
    assert load_error(Quantization(scale=(0.5, float("nan")), zero_point=(0, 0))) == \
        "subgraph 0 tensor 1 ('q'): quantization scale 1 is nan; scales must be finite and >= 0"
    assert "scale 0 is -0.5" in load_error(Quantization(scale=(-0.5, 1.0), zero_point=(0, 0)))
    assert "scale 0 is inf" in load_error(Quantization(scale=(float("inf"), 1.0), zero_point=(0, 0)))
    assert q.quantization.zero_point == (0, 0)  # the unmutated model loads
    load_model(write_model(custom_model()))


def test_tensor_limit_holds_for_shapes_computed_at_run_time():
    # fuzz findings (seed 3 mutants 3843, 15743; seed 4 mutant 11649): mutated constants made
    # prepare compute shapes of 4-12 GiB; numpy's MemoryError escaped from allocate_tensors.
    it = interp.Interpreter(model_content=write_model(fc_model()),
                            limits=interp.Limits(max_tensor_bytes=4096))
    it.allocate_tensors()
    it.resize_input_tensor(0, [1000, 4])
    with pytest.raises(ModelError, match=r"subgraph 0 \('main'\) tensor \d \('[xy]', FLOAT32\[1000,\d\]\) of shape "
                                         r"\[1000, \d\] needs \d+ bytes, above the limit of 4096 "
                                         r"\(interp.Limits.max_tensor_bytes\)"):
        it.allocate_tensors()


def _resize_model(size, depth=1):
    import numpy as np
    from interp.model import Buffer
    tensors = (Tensor("x", FLOAT32, (1, 2, 2, depth)), Tensor("size", 2, (2,), buffer=1),
               Tensor("y", FLOAT32, (1, 1, 1, depth)))
    op = Operator(0, (0, 1), (2,))
    return write_model(replace(
        add_model(), operator_codes=(OperatorCode(BUILTIN_CODES["RESIZE_NEAREST_NEIGHBOR"]),),
        subgraphs=(SubGraph(tensors, (0,), (2,), (op,), "main"),), signature_defs=(),
        buffers=(Buffer(), Buffer(data=np.array(size, np.int32).tobytes()))))


def test_huge_resize_fails_fast_on_the_limit():
    # fuzz finding (seed 6 mutant 3355): a mutated RESIZE size of 5e8 built its index table in
    # prepare, a Python loop of 5e8 steps (MemoryError under the fuzzer's rlimit, a hang without),
    # before any size limit was checked. Tables are built in bind now, after allocation.
    import time
    import numpy as np
    it = interp.Interpreter(model_content=_resize_model([1 << 26, 1]),
                            limits=interp.Limits(max_tensor_bytes=1 << 20))
    t0 = time.perf_counter()
    with pytest.raises(ModelError, match="above the limit of 1048576"):
        it.allocate_tensors()
    assert time.perf_counter() - t0 < 2.0
    empty = interp.Interpreter(model_content=_resize_model([1 << 26, 1], depth=0))
    t0 = time.perf_counter()
    empty.allocate_tensors()
    empty.invoke()
    assert empty.get_tensor(2).shape == (1, 1 << 26, 1, 0)
    assert time.perf_counter() - t0 < 2.0
    small = interp.Interpreter(model_content=_resize_model([4, 4]))
    small.allocate_tensors()
    small.set_tensor(0, np.arange(4, dtype=np.float32).reshape(1, 2, 2, 1))
    small.invoke()
    assert small.get_tensor(2)[0, :, :, 0].tolist() == [[0, 0, 1, 1], [0, 0, 1, 1],
                                                        [2, 2, 3, 3], [2, 2, 3, 3]]


def test_subgraph_input_cannot_be_a_constant():
    # fuzz findings (seed 8 mutant 6879, seed 10 mutant 9147): an input with buffer data made
    # the signature runner write into the read-only model bytes (numpy ValueError).
    assert error(with_subgraph(fc_model(), inputs=(0, 1))) == \
        "subgraph 0 ('main'): input 1 is tensor 1 ('w'), a constant of the model (buffer 2); " \
        "inputs are set by the caller"


def test_resource_handle_must_hold_one_value():
    # fuzz findings (seed 8 mutant 3134, seed 10 mutant 6823): a VAR_HANDLE output of shape [0]
    # raised IndexError writing the handle.
    from interp import dtypes
    union = interp.verifier._UNION
    tensors = (Tensor("h", dtypes.RESOURCE, (0,)),)
    op = Operator(0, (), (0,), union.index("VarHandleOptions") + 1,
                  {"container": "", "shared_name": "v"})
    model = replace(add_model(), operator_codes=(OperatorCode(BUILTIN_CODES["VAR_HANDLE"]),),
                    subgraphs=(SubGraph(tensors, (), (0,), (op,), "main"),), signature_defs=())
    it = interp.Interpreter(model_content=write_model(model))
    with pytest.raises(ModelError, match=r"node 0 \(VAR_HANDLE\): output .* must hold one RESOURCE "
                                         r"handle"):
        it.allocate_tensors()


def test_while_iteration_limit():
    # A WHILE whose cond stays true for 2**31 - 1 steps: without the limit, a practical hang.
    import numpy as np
    from test_ops_control_flow import while_model
    it = interp.Interpreter(model_content=while_model(limit=2**31 - 1),
                            limits=interp.Limits(max_while_iterations=1000))
    run = it.get_signature_runner()
    with pytest.raises(interp.KernelError, match=r"node 0 \(WHILE\): still looping after 1000 "
                                                 r"iterations, the limit"):
        run(i=np.int32(0), x=np.ones(4, np.float32))
    ok = interp.Interpreter(model_content=while_model(limit=5),
                            limits=interp.Limits(max_while_iterations=5))
    assert ok.get_signature_runner()(i=np.int32(0), x=np.ones(4, np.float32))["x_out"].tolist() == \
        [32.0] * 4
