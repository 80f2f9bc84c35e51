"""BuiltinOperator codes and names (FORMAT.md §4), taken from the schema's enum."""
from interp import schema_tables as _schema

BUILTIN_CODES = dict(_schema.ENUMS["BuiltinOperator"][1])
BUILTIN_NAMES = {code: name for name, code in BUILTIN_CODES.items()}


def builtin_name(code: int) -> str:
    """The schema name of a BuiltinOperator code, or ``BuiltinOperator(<n>)`` if unknown."""
    return BUILTIN_NAMES.get(code, f"BuiltinOperator({code})")
