"""What the resource ops (variables, hash tables, CALL_ONCE) share: the interpreter's
:class:`interp.resources.Resources` and reading a resource id from a handle tensor."""
from interp import dtypes


def store(node):
    if node.context is None:
        raise node.error("needs an interpreter (it uses the model's shared state)")
    return node.context.resources


def handle_id(node, i=0):
    """The id held by input ``i`` (a RESOURCE tensor); ``node.value`` raises DynamicShape when the
    handle is only known at run time."""
    t = node.inputs[i] if i < len(node.inputs) else None
    if t is None or t.type != dtypes.RESOURCE:
        got = "nothing" if t is None else t.describe()
        raise node.error(f"input {i} must be a RESOURCE handle, got {got}")
    value = node.value(i)
    if value.size != 1:
        raise node.error(f"input {i} {t.describe()} must hold one RESOURCE handle")
    return int(value.reshape(-1)[0])


def table(node):
    """The hash table whose handle is input 0."""
    tid = handle_id(node)
    found = store(node).tables.get(tid)
    if found is None:
        raise node.error(f"input 0 names table {tid}, which no HASHTABLE op made")
    return found


def write_handle(node, rid):
    out = node.outputs[0]
    if out.type != dtypes.RESOURCE:
        raise node.error(f"output {out.describe()} must be a RESOURCE handle")
    if out.size != 1:
        raise node.error(f"output {out.describe()} must hold one RESOURCE handle")
    node.state = rid


def bind_handle(node):
    data, rid = node.outputs[0].data, node.state

    def run():
        data.reshape(-1)[0] = rid
    return run
