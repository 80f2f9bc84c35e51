"""TensorFlow Serving's signature vocabulary: method names, TensorInfo keys, and the rules a
classify / regress / predict SignatureDef must follow.

The constants have the values of ``tf.saved_model.signature_constants``. A signature's
``method_name`` is stored in the ``.tflite`` file in the ``Model.metadata`` entry
:data:`METHOD_NAMES_METADATA` (see :mod:`interp.signature_defs`); a signature that has none is a
predict signature.

:func:`validate_signature` checks one SignatureDef (anything with ``method_name``, ``inputs`` and
``outputs``, the two being ``{key: TensorInfo}``) and returns the problems in words.
"""
from dataclasses import dataclass
from typing import Optional, Tuple

import numpy as np

CLASSIFY_METHOD_NAME = "tensorflow/serving/classify"
REGRESS_METHOD_NAME = "tensorflow/serving/regress"
PREDICT_METHOD_NAME = "tensorflow/serving/predict"

CLASSIFY_INPUTS = "inputs"
CLASSIFY_OUTPUT_CLASSES = "classes"
CLASSIFY_OUTPUT_SCORES = "scores"
REGRESS_INPUTS = "inputs"
REGRESS_OUTPUTS = "outputs"
PREDICT_INPUTS = "inputs"
PREDICT_OUTPUTS = "outputs"

DEFAULT_SERVING_SIGNATURE_DEF_KEY = "serving_default"

METHOD_NAMES = (CLASSIFY_METHOD_NAME, REGRESS_METHOD_NAME, PREDICT_METHOD_NAME)
# short names accepted by interp.function(method_name=...) and shown by `interp inspect`
SHORT_NAMES = {"classify": CLASSIFY_METHOD_NAME, "regress": REGRESS_METHOD_NAME,
               "predict": PREDICT_METHOD_NAME}

# Model.metadata entry holding {signature key: method_name} as UTF-8 JSON (sorted keys)
METHOD_NAMES_METADATA = "interp.signature_method_names"

_STRING = np.dtype(object)
_FLOAT = np.dtype(np.float32)


@dataclass(frozen=True)
class TensorInfo:
    """One input or output of a signature: the tensor's name in the file, its numpy dtype
    (``object`` for strings, None for a type numpy cannot hold) and its shape (-1 = any size)."""
    name: str
    dtype: Optional[np.dtype]
    shape: Tuple[int, ...]


@dataclass(frozen=True)
class SignatureDef:
    """A signature as TF Serving sees it: ``method_name`` and ``{key: TensorInfo}`` maps."""
    method_name: str
    inputs: dict
    outputs: dict


def method_name(value) -> str:
    """The full method name of ``value`` (a full name or ``classify`` / ``regress`` /
    ``predict``); ValueError naming the accepted values otherwise."""
    if isinstance(value, str):
        if value in METHOD_NAMES:
            return value
        if value in SHORT_NAMES:
            return SHORT_NAMES[value]
    raise ValueError(f"method_name {value!r} is not a TF Serving method: use one of "
                     f"{', '.join(repr(m) for m in METHOD_NAMES)} (or 'classify', 'regress', "
                     "'predict')")


def short_name(method: str) -> str:
    """``classify`` / ``regress`` / ``predict`` for a full method name, else the name itself."""
    for short, full in SHORT_NAMES.items():
        if full == method:
            return short
    return method


def _dtype_words(dtype):
    if dtype is None:
        return "a type numpy cannot hold"
    return "string" if dtype == _STRING else str(np.dtype(dtype))


def _names(keys):
    return ", ".join(repr(k) for k in sorted(keys)) or "none"


def validate_signature(sigdef):
    """The problems of ``sigdef`` under TF Serving's rules, in words; empty when it is valid.

    * classify: exactly one input, keyed ``inputs``; outputs ``classes`` (string) and/or
      ``scores`` (float32), at least one of them, nothing else;
    * regress: exactly one input, keyed ``inputs``; exactly one output, keyed ``outputs``
      (float32);
    * predict: at least one input and at least one output;
    * any other method_name is a problem in itself.
    """
    method = sigdef.method_name
    inputs, outputs = dict(sigdef.inputs), dict(sigdef.outputs)
    problems = []
    if method == CLASSIFY_METHOD_NAME:
        _one_input("classify", inputs, CLASSIFY_INPUTS, problems)
        allowed = {CLASSIFY_OUTPUT_CLASSES: _STRING, CLASSIFY_OUTPUT_SCORES: _FLOAT}
        if not set(allowed) & set(outputs):
            problems.append(f"a classify signature needs an output 'classes' (string) and/or "
                            f"'scores' (float32); it has outputs {_names(outputs)}")
        extra = sorted(set(outputs) - set(allowed))
        if extra:
            problems.append(f"a classify signature has only the outputs 'classes' and 'scores'; "
                            f"remove {_names(extra)}")
        for key, want in allowed.items():
            info = outputs.get(key)
            if info is not None and info.dtype != want:
                problems.append(f"classify output '{key}' must be {_dtype_words(want)}, got "
                                f"{_dtype_words(info.dtype)}")
    elif method == REGRESS_METHOD_NAME:
        _one_input("regress", inputs, REGRESS_INPUTS, problems)
        if len(outputs) != 1:
            problems.append(f"a regress signature has exactly one output; it has {len(outputs)} "
                            f"({_names(outputs)})")
        if outputs and REGRESS_OUTPUTS not in outputs:
            problems.append(f"the regress output must be keyed '{REGRESS_OUTPUTS}'; it has "
                            f"{_names(outputs)}")
        info = outputs.get(REGRESS_OUTPUTS)
        if info is not None and info.dtype != _FLOAT:
            problems.append(f"regress output '{REGRESS_OUTPUTS}' must be float32, got "
                            f"{_dtype_words(info.dtype)}")
    elif method == PREDICT_METHOD_NAME:
        if not inputs:
            problems.append("a predict signature needs at least one input; it has none")
        if not outputs:
            problems.append("a predict signature needs at least one output; it has none")
    else:
        problems.append(f"method_name {method!r} is not a TF Serving method (one of "
                        f"{', '.join(repr(m) for m in METHOD_NAMES)})")
    return problems


def _one_input(kind, inputs, key, problems):
    if len(inputs) != 1:
        problems.append(f"a {kind} signature has exactly one input; it has {len(inputs)} "
                        f"({_names(inputs)})")
    if inputs and key not in inputs:
        problems.append(f"the {kind} input must be keyed '{key}'; it has {_names(inputs)}")


__all__ = ["CLASSIFY_METHOD_NAME", "REGRESS_METHOD_NAME", "PREDICT_METHOD_NAME",
           "CLASSIFY_INPUTS", "CLASSIFY_OUTPUT_CLASSES", "CLASSIFY_OUTPUT_SCORES",
           "REGRESS_INPUTS", "REGRESS_OUTPUTS", "PREDICT_INPUTS", "PREDICT_OUTPUTS",
           "DEFAULT_SERVING_SIGNATURE_DEF_KEY", "METHOD_NAMES_METADATA", "TensorInfo",
           "SignatureDef", "validate_signature", "method_name"]
