"""VAR_HANDLE: the handle (a RESOURCE id) of the variable named by ``(container, shared_name)``.
The same pair anywhere in the model is the same variable."""
from dataclasses import dataclass

from interp.ops import _resource


@dataclass(frozen=True)
class Options:
    container: str = ""
    shared_name: str = ""


def init(operator):
    o = operator.builtin_options
    return Options(o.get("container") or "", o.get("shared_name") or "")


def prepare(node):
    node.expect_io(0, 1)
    rid = _resource.store(node).variable_id(node.options.container, node.options.shared_name)
    _resource.write_handle(node, rid)


bind = _resource.bind_handle
