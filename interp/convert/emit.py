"""Graphs -> ``interp.model.Model``: tensor order and names, buffers, op codes, options, signatures.

The layout follows TensorFlow's converter (FORMAT.md §2.1), and everything is decided by position,
never by ``id()`` or hashing, so the same graphs always give the same model:

* one subgraph per signature, in sorted key order, named by its key; signature i runs subgraph i;
* tensors of a subgraph: the inputs (argument order), then constants and variable tensors (an LSTM's
  state; first use), then op results (op order);
* the graphs called by WHILE / IF come after the signatures' (and ``NoOp``), depth first in op
  order (``_called_graphs``);
* tensor names: inputs ``<key>_<input name>:0``, signature outputs ``<key>/<output name>``, other
  results their op's name (``MatMul``, ``add_1``, ``MatMul;Relu`` when fused), constants
  ``<op>/<role>`` (``MatMul/kernel``, ``Reshape/shape``); unique within a subgraph;
* ``buffers[0]`` is the empty sentinel; every non-constant tensor has its own empty buffer; a
  constant gets a buffer with its bytes, shared by every constant with the same dtype, shape and
  bytes, in any signature;
* op codes in order of first use, one per (op, version), versions as TensorFlow's op versioning;
* subgraph outputs and the signature TensorMaps are sorted by name.
"""
from interp import dtypes, model
from interp import schema_generated as fb
from interp.convert.tracing import ConversionError, constant_bytes
from interp.opnames import BUILTIN_CODES
from interp.serving import METHOD_NAMES_METADATA, PREDICT_METHOD_NAME as PREDICT

DESCRIPTION = "interp converted."
CUSTOM = 32

# The options table each op is written with, None = options NONE. As TensorFlow 2.21's converter
# writes them (observed, FORMAT.md §5.1): some ops get an empty table, some NONE although the
# schema has a table for them. Every field of a table is written (checked in ``_options``).
OPTIONS_TABLE = {
    "ADD": "AddOptions", "SUB": "SubOptions", "MUL": "MulOptions", "DIV": "DivOptions",
    "FULLY_CONNECTED": "FullyConnectedOptions", "SOFTMAX": "SoftmaxOptions",
    "ARG_MAX": "ArgMaxOptions", "ARG_MIN": "ArgMinOptions",
    "RESHAPE": None, "RELU": None, "RELU6": None, "LOGISTIC": None, "TANH": None,
    # nn
    "CONV_2D": "Conv2DOptions", "DEPTHWISE_CONV_2D": "DepthwiseConv2DOptions",
    "TRANSPOSE_CONV": "TransposeConvOptions", "BATCH_MATMUL": "BatchMatMulOptions",
    "AVERAGE_POOL_2D": "Pool2DOptions", "MAX_POOL_2D": "Pool2DOptions",
    "LEAKY_RELU": "LeakyReluOptions", "PRELU": None, "HARD_SWISH": None, "GELU": "GeluOptions",
    "ELU": None, "LOG_SOFTMAX": "LogSoftmaxOptions", "L2_NORMALIZATION": "L2NormOptions",
    "TOPK_V2": "TopKV2Options", "DEPTH_TO_SPACE": "DepthToSpaceOptions",
    "SPACE_TO_DEPTH": "SpaceToDepthOptions", "BATCH_TO_SPACE_ND": None,
    "SPACE_TO_BATCH_ND": None, "RESIZE_BILINEAR": "ResizeBilinearOptions",
    "RESIZE_NEAREST_NEIGHBOR": "ResizeNearestNeighborOptions",
    # math
    "EXP": "ExpOptions", "LOG": None, "SQRT": None, "RSQRT": None, "SQUARE": "SquareOptions",
    "ABS": None, "NEG": "NegOptions", "SIN": None, "COS": None, "FLOOR": None, "CEIL": None,
    "ROUND": None, "MAXIMUM": None, "MINIMUM": None, "SQUARED_DIFFERENCE": None, "POW": None,
    "FLOOR_DIV": None, "FLOOR_MOD": None, "EQUAL": None, "NOT_EQUAL": None, "LESS": None,
    "LESS_EQUAL": None, "GREATER": None, "GREATER_EQUAL": None, "LOGICAL_AND": None,
    "LOGICAL_OR": None, "LOGICAL_NOT": None, "CAST": None, "SELECT_V2": "SelectV2Options",
    "WHERE": None, "MEAN": "ReducerOptions", "SUM": "ReducerOptions",
    "REDUCE_MAX": "ReducerOptions", "REDUCE_MIN": "ReducerOptions",
    "REDUCE_PROD": "ReducerOptions", "REDUCE_ANY": "ReducerOptions",
    "REDUCE_ALL": "ReducerOptions", "CUMSUM": "CumsumOptions",
    # arrays
    "SQUEEZE": "SqueezeOptions", "EXPAND_DIMS": "ExpandDimsOptions",
    "CONCATENATION": "ConcatenationOptions", "PACK": "PackOptions", "UNPACK": "UnpackOptions",
    "SPLIT": "SplitOptions", "SPLIT_V": "SplitVOptions", "SLICE": None,
    "STRIDED_SLICE": "StridedSliceOptions", "TRANSPOSE": None, "PAD": "PadOptions",
    "PADV2": "PadV2Options", "MIRROR_PAD": "MirrorPadOptions", "GATHER": "GatherOptions",
    "GATHER_ND": None, "SHAPE": "ShapeOptions", "FILL": None, "ZEROS_LIKE": "ZerosLikeOptions",
    "TILE": None, "BROADCAST_TO": None, "RANGE": None, "ONE_HOT": "OneHotOptions",
    # state (interp.Variable)
    "CALL_ONCE": "CallOnceOptions", "VAR_HANDLE": "VarHandleOptions", "READ_VARIABLE": None,
    "ASSIGN_VARIABLE": None,
    # control flow and recurrent (interp.ops.while_loop / cond / lstm)
    "WHILE": "WhileOptions", "IF": "IfOptions",
    "UNIDIRECTIONAL_SEQUENCE_LSTM": "UnidirectionalSequenceLSTMOptions",
}
_UNION = fb.UNIONS["BuiltinOptions"]
# BuiltinOptions union index of each op's options table (FORMAT.md §5.3); 0 = none written.
OPTIONS_TYPE = {op: 0 if table is None else _UNION.index(table) + 1
                for op, table in OPTIONS_TABLE.items()}


def op_version(node) -> int:
    """The op version TensorFlow's converter writes for these float/int32/int64/bool uses
    (TensorFlow's op versioning; LiteRT refuses a version it has no kernel for)."""
    op = node.op
    in_type = node.inputs[0].type if node.inputs and node.inputs[0] is not None else None
    if op == "FULLY_CONNECTED":
        return 5 if node.options.get("keep_num_dims") else 1
    if op == "ADD":
        return 4 if in_type == dtypes.INT64 else 1
    if op == "MUL":
        return 5 if in_type == dtypes.INT64 else 1
    if op in ("SUB", "DIV"):
        if in_type == dtypes.INT64 and op == "SUB":
            return 4
        a, b = node.inputs[0].shape, node.inputs[1].shape
        if a != b and max(len(a), len(b)) > 4:
            return 3 if op == "SUB" else 2
        return 1
    if op in ("ARG_MAX", "ARG_MIN"):
        return 3 if in_type == dtypes.BOOL else (2 if in_type == dtypes.INT8 else 1)
    return _VERSION_RULES.get(op, lambda node, in_type: 1)(node, in_type)


def _rank(node, i=0):
    return len(node.inputs[i].shape)


_VERSION_RULES = {
    "DEPTHWISE_CONV_2D": lambda n, t: 2 if (n.options["dilation_w_factor"] != 1
                                            or n.options["dilation_h_factor"] != 1) else 1,
    "TRANSPOSE_CONV": lambda n, t: (4 if n.options["fused_activation_function"]
                                    else 3 if len(n.inputs) == 4 and n.inputs[3] is not None
                                    else 1),
    "BROADCAST_TO": lambda n, t: 2,
    "FLOOR_DIV": lambda n, t: 2 if t == dtypes.FLOAT32 else 1,
    "RESIZE_BILINEAR": lambda n, t: 3 if n.options["half_pixel_centers"] else 1,
    "RESIZE_NEAREST_NEIGHBOR": lambda n, t: 3 if (n.options["half_pixel_centers"]
                                                  or n.options["align_corners"]) else 1,
    "STRIDED_SLICE": lambda n, t: 4 if _rank(n) > 4 else (3 if t == dtypes.BOOL else 1),
    "PAD": lambda n, t: 4 if _rank(n) > 4 else 1,
    "PADV2": lambda n, t: 4 if _rank(n) > 4 else 1,
    "SLICE": lambda n, t: 5 if _rank(n) > 4 else 1,
    "TRANSPOSE": lambda n, t: 6 if _rank(n) > 5 else (4 if _rank(n) > 4 else
                                                      (3 if t == dtypes.BOOL else 1)),
    "ABS": lambda n, t: 5 if t == dtypes.INT32 else 1,
    "MAXIMUM": lambda n, t: _broadcast5(n),
    "MINIMUM": lambda n, t: _broadcast5(n),
    "GATHER": lambda n, t: 5 if n.options["batch_dims"] else (3 if t == dtypes.BOOL else 1),
    "EQUAL": lambda n, t: 3 if t == dtypes.STRING else 1,
    "NOT_EQUAL": lambda n, t: 3 if t == dtypes.STRING else 1,
}


def _broadcast5(node):
    a, b = node.inputs[0].shape, node.inputs[1].shape
    return 3 if a != b and max(len(a), len(b)) > 4 else 1


def flex_custom_options(tf_op: str, attrs, n_inputs: int) -> bytes:
    """The Flex custom_options of a Select-TF op: FlexBuffer [op name, serialized NodeDef].

    ``attrs`` maps attr name to (AttrValue kind, value). The NodeDef is what TensorFlow's converter
    writes, without the debug info: ``op``, one empty input name per input and the attrs, in
    sorted order (TensorFlow's deterministic map order).
    """
    from interp.flex.custom_options import encode_flex_options
    from interp.flex.nodedef import AttrValue, NodeDef
    nodedef = NodeDef(op=tf_op, inputs=("",) * n_inputs,
                      attrs={k: AttrValue(*attrs[k]) for k in sorted(attrs)})
    return encode_flex_options(nodedef)


def emit(graphs, methods=None) -> model.Model:
    """The model holding ``graphs`` (one per signature; keys must be unique).

    ``methods`` maps signature keys to TF Serving method names; when any is not predict, every
    signature's method is written to the metadata entry ``interp.serving.METHOD_NAMES_METADATA``
    (a file of predict signatures only has no such entry, as TensorFlow's converter writes it).
    """
    graphs = sorted(graphs, key=lambda g: g.key)
    n_signatures = len(graphs)
    init = _initializer(graphs)
    if init is not None:
        graphs = graphs + [init]
    graphs = graphs + _called_graphs(graphs)
    buffers = [model.Buffer()]
    const_buffers = {}  # (type, shape, bytes) -> buffer index
    opcodes, opcode_index = [], {}
    subgraphs, signatures = [], []
    for sg_index, graph in enumerate(graphs):
        tensors, index_of = _order_tensors(graph)
        names = _names(graph, tensors)
        out_tensors = []
        for t in tensors:
            data = constant_bytes(t.data, t.type) if t.is_constant else b""
            if data:
                key = (t.type, t.shape, data)
                buf = const_buffers.get(key)
                if buf is None:
                    buf = const_buffers[key] = len(buffers)
                    buffers.append(model.Buffer(data=data))
            else:
                # a runtime tensor, or a constant with no elements (the shape [] of a reshape to
                # a scalar): an empty buffer of its own; it has no values to store
                buf = len(buffers)
                buffers.append(model.Buffer())
            dynamic = any(d is None for d in t.shape)
            out_tensors.append(model.Tensor(
                name=names[id(t)], type=t.type,
                shape=tuple(1 if d is None else d for d in t.shape), buffer=buf,
                shape_signature=tuple(-1 if d is None else d for d in t.shape) if dynamic else None,
                has_rank=True, is_variable=t.is_variable))
        operators = []
        for node in graph.nodes:
            if node.flex is not None:
                key = (CUSTOM, node.op, 1)
            else:
                key = (BUILTIN_CODES[node.op], None, op_version(node))
            if key not in opcode_index:
                opcode_index[key] = len(opcodes)
                opcodes.append(model.OperatorCode(builtin_code=key[0], custom_code=key[1],
                                                  version=key[2]))
            inputs = tuple(-1 if t is None else index_of[id(t)] for t in node.inputs)
            outputs = tuple(index_of[id(t)] for t in node.outputs)
            if node.flex is not None:
                tf_op, attrs = node.flex
                operators.append(model.Operator(
                    opcode_index=opcode_index[key], inputs=inputs, outputs=outputs,
                    custom_options=flex_custom_options(tf_op, attrs, len(node.inputs))))
            else:
                options_type = OPTIONS_TYPE[node.op]
                operators.append(model.Operator(
                    opcode_index=opcode_index[key], inputs=inputs, outputs=outputs,
                    builtin_options_type=options_type,
                    builtin_options=_options(graph, node) if options_type else {}))
        outs = sorted(graph.outputs.items())
        subgraphs.append(model.SubGraph(
            tensors=tuple(out_tensors),
            inputs=tuple(index_of[id(t)] for _, t in graph.inputs),
            outputs=tuple(index_of[id(t)] for _, t in outs),
            operators=tuple(operators), name=graph.key))
        if sg_index >= n_signatures:
            continue  # the initializer and the called graphs: no signature
        signatures.append(model.SignatureDef(
            signature_key=graph.key,
            inputs=tuple(model.TensorMap(n, index_of[id(t)]) for n, t in sorted(graph.inputs)),
            outputs=tuple(model.TensorMap(n, index_of[id(t)]) for n, t in outs),
            subgraph_index=sg_index))
    metadata = ()
    methods = {g.key: (methods or {}).get(g.key) or PREDICT for g in graphs[:n_signatures]}
    if any(m != PREDICT for m in methods.values()):
        from interp.signature_defs import encode_method_names
        metadata = (model.Metadata(METHOD_NAMES_METADATA, len(buffers)),)
        buffers.append(model.Buffer(data=encode_method_names(methods)))
    return model.Model(operator_codes=tuple(opcodes), subgraphs=tuple(subgraphs),
                       buffers=tuple(buffers), signature_defs=tuple(signatures),
                       metadata=metadata, description=DESCRIPTION, version=3)


def _initializer(graphs):
    """When the signatures use variables: the initializer graph (``NoOp``, as TensorFlow names it)
    assigning each variable its initial value, and a ``CALL_ONCE`` of it put first in every
    signature graph. It becomes the subgraph after the signatures'."""
    from interp.convert.tracing import Graph, Node
    from interp.convert.variables import scope
    if not graphs or not graphs[0].variables.order:
        return None
    names = graphs[0].variables
    with scope(names):
        init = Graph("NoOp")
    for var in list(names.order):
        name = names.name(var)
        handle = init._variable_handle(var)
        value = init.constant(var.initial_value, var._type, name)
        init.nodes.append(Node("ASSIGN_VARIABLE", [handle, value]))
    for g in graphs:
        g.nodes.insert(0, Node("CALL_ONCE", [], {"init_subgraph_index": len(graphs)}))
    return init


def _called_graphs(graphs):
    """The graphs WHILE / IF nodes call, numbered after ``graphs`` (the signatures and ``NoOp``):
    depth first in node order, each node's in options-field order (cond before body, then before
    else). Fills each calling node's subgraph index fields in and makes the graphs' names
    (subgraph names) unique in the file."""
    found, used = [], {g.key for g in graphs}

    def visit(graph):
        for node in graph.nodes:
            for field, called in node.calls.items():
                node.options[field] = len(graphs) + len(found)
                found.append(called)
                base, n = called.key, 0
                while called.key in used:  # a loop inside a loop is "while" in each graph
                    n += 1
                    called.key = f"{base}_{n}"
                used.add(called.key)
                visit(called)

    for graph in graphs:
        visit(graph)
    return found


def _options(graph, node):
    """The node's options, which must be exactly the fields of its op's table."""
    fields = {f[0] for f in fb.TABLES[OPTIONS_TABLE[node.op]]}
    if set(node.options) != fields:
        raise ConversionError(
            f"{graph.where()}: {node.op} has options {sorted(node.options)} but "
            f"{OPTIONS_TABLE[node.op]} has the fields {sorted(fields)} (a converter bug)")
    return dict(node.options)


def _order_tensors(graph):
    """Inputs, then constants by first use, then op results: ([tensor], {id: index})."""
    order, index_of = [], {}

    def take(t):
        if id(t) not in index_of:
            index_of[id(t)] = len(order)
            order.append(t)

    for _, t in graph.inputs:
        take(t)
    for node in graph.nodes:
        for t in node.inputs:
            if t is not None and (t.is_constant or t.is_variable):
                take(t)
    for node in graph.nodes:
        for t in node.outputs:
            take(t)
    for t in graph.outputs.values():
        if id(t) not in index_of:  # checked when tracing; a guard for hand-built graphs
            raise ConversionError(f"{graph.where()}: an output is not computed by the graph")
    return order, index_of


def _names(graph, tensors):
    """{id(tensor): unique name}: inputs and outputs first (fixed names), then the rest by hint."""
    names, used = {}, set()

    def claim(t, name):
        if id(t) in names:
            return
        base, n = name, 0
        while name in used:
            n += 1
            name = f"{base}_{n}"
        names[id(t)] = name
        used.add(name)

    for name, t in graph.inputs:
        claim(t, f"{graph.key}_{name}:0")
    for name, t in graph.outputs.items():
        claim(t, f"{graph.key}/{name}")
    for t in tensors:
        claim(t, t.hint or "tensor")
    return names
