"""Select-TF ReluGrad. Oracle: TF 2.21 eager (tf_flex_ops_oracle.json), float32 and float64 incl.
-0.0, NaN and inf in both inputs (compared by repr, so signed zeros and NaNs count); numpy reference
``g * (f > 0)`` at sizes around the SIMD tile."""
import numpy as np
import pytest

from interp import dtypes
from interp.errors import ModelError
from flex_oracle import assert_oracle, run


def test_tf_oracle():
    assert_oracle("ReluGrad")


def _rg(g, f):
    return run("ReluGrad", [g, f], output_types=[dtypes.from_numpy(g.dtype)])[0]


def test_product_semantics():
    g = np.array([np.nan, -5.0, 2.0, 3.0], np.float32)
    f = np.array([-1.0, 0.0, np.nan, 1e-30], np.float32)
    y = _rg(g, f)
    assert np.isnan(y[0])                       # NaN * 0 stays NaN, as in TF
    assert y[1] == 0 and np.signbit(y[1])       # -5 * 0 = -0.0
    assert y[2] == 0 and not np.signbit(y[2])   # NaN feature is not > 0
    assert y[3] == 3.0


@pytest.mark.parametrize("n", [0, 15, 16, 17, 31, 32, 33, 63, 64, 65])
@pytest.mark.parametrize("dt", [np.float32, np.float64])
def test_random_against_numpy(n, dt):
    rng = np.random.default_rng(n)
    g, f = rng.standard_normal(n).astype(dt), rng.standard_normal(n).astype(dt)
    np.testing.assert_array_equal(_rg(g, f), g * (f > 0))


def test_errors():
    with pytest.raises(ModelError, match=r"must have the same size and shape.  Input 0: \[3\] != "
                                         r"input 1: \[4\]"):
        _rg(np.ones(3, np.float32), np.ones(4, np.float32))
    with pytest.raises(ModelError, match="gradients .* INT32, expected FLOAT32 or FLOAT64"):
        _rg(np.ones(3, np.int32), np.ones(3, np.int32))
