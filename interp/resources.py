"""The state one interpreter's signatures share: resource variables and hash tables.

A resource tensor (TensorType RESOURCE) holds an int32 id. ``VAR_HANDLE`` gets its id from
``(container, shared_name)`` (the same pair in any subgraph is the same variable); ``HASHTABLE`` uses
its ``table_id``. Values live here, not in the arena, so they persist across calls and signatures.

Initialisation follows TensorFlow's SavedModel procedure as LiteRT runs it: a ``CALL_ONCE`` op names an
initializer subgraph that runs once per interpreter, before the first op of the subgraph holding it.
The values right after the initializers ran are the *initial values* ``reset_variables()`` returns to.
"""
import numpy as np

from interp.errors import InputError


class HashTable:
    """A static hash table: filled once by HASHTABLE_IMPORT, then read-only (as TF's
    StaticHashTable)."""
    __slots__ = ("table_id", "key_type", "value_type", "data", "initialized")

    def __init__(self, table_id, key_type, value_type):
        self.table_id = table_id
        self.key_type = key_type
        self.value_type = value_type
        self.data = {}
        self.initialized = False

    def import_(self, keys, values):
        if self.initialized:
            return
        self.data = dict(zip(_keys(keys), values.reshape(-1).tolist()))
        self.initialized = True

    def find(self, keys, default, out):
        get = self.data.get
        flat = out.reshape(-1)
        for i, k in enumerate(_keys(keys)):
            flat[i] = get(k, default)


def _keys(keys):
    flat = keys.reshape(-1)
    return flat.tolist() if flat.dtype != object else list(flat)


class Resources:
    def __init__(self):
        self._ids = {}        # (container, shared_name) -> variable id
        self.names = {}       # variable id -> name users see (the shared_name)
        self.values = {}      # variable id -> numpy array
        self.tables = {}      # table id -> HashTable
        self.initialized = set()  # initializer subgraphs that ran
        self.initial = {}     # variable id -> its value right after the initializers

    # ---------------------------------------------------------------- variables
    def variable_id(self, container, shared_name):
        key = (container or "", shared_name or "")
        vid = self._ids.get(key)
        if vid is None:
            vid = self._ids[key] = len(self._ids)
            name = shared_name or f"variable_{vid}"
            if container:
                name = f"{container}/{name}"
            self.names[vid] = name
        return vid

    def assign(self, vid, value):
        """Store ``value`` (copied; the stored array is reused when dtype and shape match)."""
        cur = self.values.get(vid)
        if cur is not None and cur.shape == value.shape and cur.dtype == value.dtype:
            np.copyto(cur, value)
        else:
            self.values[vid] = np.array(value, copy=True)

    def snapshot_initial(self):
        self.initial = {vid: v.copy() for vid, v in self.values.items()}

    # ------------------------------------------------------------------- tables
    def table(self, table_id, key_type, value_type):
        t = self.tables.get(table_id)
        if t is None:
            t = self.tables[table_id] = HashTable(table_id, key_type, value_type)
        return t

    # --------------------------------------------------------------- user API
    def by_name(self):
        return {self.names[vid]: vid for vid in self.values}

    def get(self):
        return {self.names[vid]: v.copy() for vid, v in sorted(self.values.items())}

    def set(self, values):
        known = self.by_name()
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise InputError(f"unknown variable(s) {', '.join(repr(n) for n in unknown)}; the "
                             f"model's variables are: {', '.join(repr(n) for n in sorted(known)) or '(none)'}")
        staged = []
        for name, value in values.items():
            cur = self.values[known[name]]
            arr = np.asarray(value)
            if arr.shape != cur.shape:
                raise InputError(f"variable '{name}': shape {list(arr.shape)} does not match its "
                                 f"shape {list(cur.shape)}")
            if arr.dtype != cur.dtype:
                if not np.can_cast(arr.dtype, cur.dtype, casting="same_kind"):
                    raise InputError(f"variable '{name}': dtype {arr.dtype} cannot be stored in "
                                     f"its dtype {cur.dtype}")
                arr = arr.astype(cur.dtype)
            staged.append((known[name], arr))
        for vid, arr in staged:  # all checked first: a bad entry changes nothing
            np.copyto(self.values[vid], arr)

    def reset(self):
        """Every variable back to its initial value; variables made after the initializers go."""
        for vid in list(self.values):
            if vid in self.initial:
                self.assign(vid, self.initial[vid])
            else:
                del self.values[vid]


__all__ = ["HashTable", "Resources"]
