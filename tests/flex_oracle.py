"""Run the cases of tests/fixtures/tf_flex_ops_oracle.json (TensorFlow 2.21 eager results, made by
tests/fixtures/generate_flex_fixtures.py) through tests/kernel_runner.run_op, with the Flex
custom_options built by interp's own NodeDef encoder, the way TF's converter writes them."""
import json

import numpy as np

from interp import dtypes
from interp.errors import KernelError, ModelError
from interp.flex.custom_options import encode_flex_options
from interp.flex.datatype import TF_DATATYPE
from interp.flex.nodedef import AttrValue, NodeDef
from kernel_runner import run_op
from support import FIXTURES

ORACLE = FIXTURES / "tf_flex_ops_oracle.json"
_CASES = None


def cases(op):
    global _CASES
    if _CASES is None:
        _CASES = json.loads(ORACLE.read_text())["cases"]
    return [c for c in _CASES if c["op"] == op]


def decode(t):
    """A JSON tensor of the oracle as a numpy array."""
    if t["dtype"] == "string":
        a = np.empty(len(t["values"]), dtype=object)
        a[:] = [v.encode("latin-1") for v in t["values"]]
    elif t["dtype"].startswith("float"):
        a = np.array([float(v) for v in t["values"]], t["dtype"])
    else:
        a = np.array(t["values"], t["dtype"])
    return a.reshape(t["shape"])


def attr_value(value):
    if isinstance(value, bool):
        return AttrValue("b", value)
    if isinstance(value, int):
        return AttrValue("i", value)
    if isinstance(value, str):  # attrs are stored as their text; TF holds it UTF-8 encoded
        return AttrValue("s", value.encode("utf-8"))
    raise TypeError(value)


def flex_options(op, n_inputs, attrs, type_attrs=None):
    """custom_options of a Flex ``op`` NodeDef (an empty input name per input, like TF's)."""
    all_attrs = {k: attr_value(v) for k, v in attrs.items()}
    for k, code in (type_attrs or {}).items():
        all_attrs[k] = AttrValue("type", TF_DATATYPE[code])
    return encode_flex_options(NodeDef(op=op, inputs=("",) * n_inputs, attrs=all_attrs))


OUTPUT_TYPES = {
    "StringJoin": [dtypes.STRING], "StringLower": [dtypes.STRING], "StringUpper": [dtypes.STRING],
    "StringStrip": [dtypes.STRING], "Substr": [dtypes.STRING], "RegexReplace": [dtypes.STRING],
    "StaticRegexReplace": [dtypes.STRING], "StringLength": [dtypes.INT32],
    "StringToHashBucketFast": [dtypes.INT64], "StaticRegexFullMatch": [dtypes.BOOL],
    "RegexFullMatch": [dtypes.BOOL], "StringSplit": [dtypes.INT64, dtypes.STRING, dtypes.INT64],
    "StringSplitV2": [dtypes.INT64, dtypes.STRING, dtypes.INT64],
}


def run_case(case, type_attrs=None):
    """Run one oracle case; returns the output arrays (exceptions propagate)."""
    inputs = []
    for name, t in case["inputs"].items():
        inputs += [decode(x) for x in t] if isinstance(t, list) else [decode(t)]
    op = case["op"]
    if op in OUTPUT_TYPES:
        out_types = OUTPUT_TYPES[op]
    elif op == "BroadcastGradientArgs":
        out_types = [dtypes.from_numpy(inputs[0].dtype)] * 2
    elif op == "ReluGrad":
        out_types = [dtypes.from_numpy(inputs[0].dtype)]
    elif op == "DenseBincount":
        out_types = [dtypes.from_numpy(inputs[2].dtype)]
    else:
        raise KeyError(op)
    options = flex_options(op, len(inputs), case["attrs"], type_attrs)
    return run_op("Flex" + op, inputs, custom_options=options, output_types=out_types,
                  n_outputs=len(out_types))


def same(got, want):
    """Exact equality (floats compared by repr, so -0.0 and NaN count), shape and dtype."""
    want = decode(want)
    if got.shape != want.shape or got.dtype != want.dtype:
        return False
    if got.dtype.kind == "f":
        return [repr(float(v)) for v in got.reshape(-1)] == [repr(float(v)) for v in want.reshape(-1)]
    return got.tolist() == want.tolist()


def _same_error(tf_message, ours):
    """TF's message appears in ours; for a bad pattern, "Invalid pattern: <p>, error:" (the
    reason after it is RE2's wording, which Python's re does not reproduce)."""
    if tf_message.startswith("Invalid pattern: "):
        return tf_message.split(", error:")[0] + ", error:" in ours
    return tf_message in ours


def check_all(op, refused=None, type_attrs=None):
    """Run every oracle case of ``op``. ``refused(case, exc)`` -> True marks an interp refusal
    the test accepts (a pattern interp declines, with its reason). Returns the failures."""
    failures, n_refused = [], 0
    found = cases(op)
    assert found, f"no oracle cases for {op}"
    for case in found:
        try:
            got = run_case(case, type_attrs(case) if type_attrs else None)
        except (ModelError, KernelError) as exc:
            if "error" in case and _same_error(case["error"]["message"], str(exc)):
                continue
            if refused is not None and refused(case, exc):
                n_refused += 1
                continue
            failures.append((case, f"raised {exc!r}"))
            continue
        if "error" in case:
            failures.append((case, f"TF failed ({case['error']['message']}), interp did not"))
            continue
        bad = [i for i, (g, w) in enumerate(zip(got, case["outputs"])) if not same(g, w)]
        if bad or len(got) != len(case["outputs"]):
            failures.append((case, [g.tolist() for g in got]))
    return failures, n_refused


def strings(*values, shape=None):
    """An object array of bytes (str values are UTF-8 encoded)."""
    a = np.empty(len(values), dtype=object)
    a[:] = [v.encode("utf-8") if isinstance(v, str) else v for v in values]
    return a.reshape(shape if shape is not None else (len(values),))


def run(op, inputs, attrs=None, output_types=None, type_attrs=None, const=()):
    """Run Flex ``op`` on ``inputs`` with NodeDef ``attrs``; outputs as a list of arrays."""
    output_types = output_types or OUTPUT_TYPES[op]
    options = flex_options(op, len(inputs), attrs or {}, type_attrs)
    return run_op("Flex" + op, inputs, custom_options=options, output_types=output_types,
                  n_outputs=len(output_types), const=const)


def assert_oracle(op, refused=None, type_attrs=None, min_refused=0, max_refused=0):
    failures, n_refused = check_all(op, refused, type_attrs)
    assert not failures, (f"{len(failures)} of {len(cases(op))} {op} oracle cases differ; first: "
                          f"{str(failures[0])[:1500]}")
    assert min_refused <= n_refused <= max_refused, n_refused
