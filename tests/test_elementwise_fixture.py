"""tests/fixtures/elementwise_ops.tflite (written by TensorFlow's converter, see
generate_elementwise_ops.py): every signature run in interp and in LiteRT (live, optimized kernels
without delegates, since CEIL, ROUND and ELU have no reference kernel) on the same inputs.
Integer and bool outputs must be equal; float outputs agree to 1e-6 relative plus 1e-6 absolute
(LiteRT's optimized GELU and transcendental kernels may round differently from interp's)."""
import numpy as np
import pytest

import interp
from support import FIXTURES, litert

MODEL = FIXTURES / "elementwise_ops.tflite"


def _inputs(signature, batch, rng):
    a = (rng.standard_normal((batch, 8)) * 3).astype(np.float32)
    b = (rng.standard_normal(8) * 2).astype(np.float32)
    b[b == 0] = 1  # FLOOR_DIV fails on a zero divisor, in LiteRT as in interp
    a[0, :4] = [0.5, -2.5, b[2], -0.0]  # a tie for ROUND, an EQUAL pair, a negative zero
    if signature == "ints":
        x = np.random.default_rng(1).integers(-50, 50, (batch, 8)).astype(np.int32)
        y = np.random.default_rng(2).integers(1, 9, 8).astype(np.int32) * np.array(
            [1, -1] * 4, np.int32)
        return {"x": x, "y": y}
    if signature == "unary":
        return {"x": a}
    return {"a": a, "b": b}


@pytest.mark.parametrize("batch", [1, 3, 17])
@pytest.mark.parametrize("signature", ["binary", "compare", "ints", "unary"])
def test_signature_matches_litert(signature, batch):
    lite = litert()
    rng = np.random.default_rng(batch)
    feeds = _inputs(signature, batch, rng)
    ours = interp.Interpreter(model_path=str(MODEL)).get_signature_runner(signature)
    theirs = lite.Interpreter(
        model_path=str(MODEL),
        experimental_op_resolver_type=lite.OpResolverType.BUILTIN_WITHOUT_DEFAULT_DELEGATES,
    ).get_signature_runner(signature)
    got, want = ours(**feeds), theirs(**feeds)
    assert sorted(got) == sorted(want)
    for name in want:
        assert got[name].dtype == want[name].dtype and got[name].shape == want[name].shape, name
        if want[name].dtype == np.float32:
            np.testing.assert_allclose(got[name], want[name], rtol=1e-6, atol=1e-6, err_msg=name)
        else:
            np.testing.assert_array_equal(got[name], want[name], err_msg=name)
