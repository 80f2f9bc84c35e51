"""Select-TF StringToHashBucketFast and interp.flex.farmhash.fingerprint64.
Oracle: TF 2.21 eager (tf_flex_ops_oracle.json): tf.fingerprint(method="farmhash64") of 321
strings (random bytes of every length 0..299, long runs of "a" up to 1000 bytes, unicode) gives
all 64 bits; StringToHashBucketFast for num_buckets 1, 7, 1000, 2**31-1, 2**62+1, 2**63-1.
Exact equality."""
import numpy as np
import pytest

from interp.errors import ModelError
from interp.flex.farmhash import fingerprint64
from flex_oracle import assert_oracle, cases, decode, run, strings


def test_fingerprint64_matches_tf_bit_for_bit():
    (case,) = cases("Fingerprint")
    data = decode(case["inputs"]["data"])
    fp = decode(case["outputs"][0]).astype(np.uint8)   # [n, 8] little-endian bytes
    assert len(data) == 321 and {len(s) for s in data} >= set(range(300))
    for s, raw in zip(data, fp):
        assert fingerprint64(s) == int.from_bytes(bytes(raw), "little"), (len(s), s[:20])


def test_tf_oracle():
    assert_oracle("StringToHashBucketFast")


def test_known_values_and_shape():
    # fingerprint64 of b"" is FarmHash's k2 constant (0x9ae16a3b2f90404f)
    assert fingerprint64(b"") == 0x9AE16A3B2F90404F
    (y,) = run("StringToHashBucketFast", [strings("", "", "a", "a", shape=(2, 2))],
               {"num_buckets": 1000})
    assert y.dtype == np.int64 and y.shape == (2, 2)
    assert y[0, 0] == 0x9AE16A3B2F90404F % 1000 and y[1, 0] == y[1, 1]


def test_num_buckets_checked():
    with pytest.raises(ModelError, match="num_buckets must be >= 1, got 0"):
        run("StringToHashBucketFast", [strings("a")], {"num_buckets": 0})
    with pytest.raises(ModelError, match="num_buckets must be >= 1, got None"):
        run("StringToHashBucketFast", [strings("a")])
