"""Select-TF ("Flex") ops: the custom_options payload, TF's NodeDef, and numpy versions of TF kernels.

* :mod:`interp.flex.protowire` - a minimal protobuf wire-format reader/writer.
* :mod:`interp.flex.nodedef` - ``NodeDef`` / ``AttrValue`` decode and encode.
* :mod:`interp.flex.custom_options` - the FlexBuffer [op name, NodeDef] payload of a Flex op.
* :mod:`interp.flex.string_ops` - TensorFlow's AsString and StringToNumber semantics in numpy.
* :mod:`interp.flex.tf_strings` - the tf.strings ops (join, length, case, strip, substr, split).
* :mod:`interp.flex.re2` - RE2 patterns translated to Python ``re`` (or refused, with the reason).
* :mod:`interp.flex.farmhash` - FarmHash Fingerprint64 (StringToHashBucketFast).
"""
