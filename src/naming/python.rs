//! Python names: pydantic v2 models. Types are PascalCase, attributes and
//! parameters snake_case, enum members SCREAMING_SNAKE_CASE; a name that is a
//! keyword, a builtin the annotations use, a `BaseModel` attribute or a
//! module-level name of the generated package gets a trailing `_`. Soft
//! keywords (`type`, `match`, `case`) are legal attribute names and are kept.

use super::case::{ToShoutySnakeCase, ToSnakeCase, ToUpperCamelCase};

use super::{enum_value_words, spell, spell_ident, IdentKind};

/// Python hard keywords.
pub const KEYWORDS: &[&str] = &[
    "False", "None", "True", "and", "as", "assert", "async", "await", "break", "class", "continue",
    "def", "del", "elif", "else", "except", "finally", "for", "from", "global", "if", "import",
    "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
    "with", "yield",
];

/// Names a field must not take besides keywords: builtins the models use in
/// annotations (pydantic resolves annotations in the class namespace, so a
/// field `str` would hide the type), and every public `BaseModel` and
/// `SpecModel` attribute.
pub const FIELDS: &[&str] = &[
    "self",
    "cls",
    "str",
    "int",
    "float",
    "bool",
    "list",
    "bytes",
    "dict",
    "object",
    // BaseModel (pydantic 2) and SpecModel attributes
    "construct",
    "copy",
    "from_orm",
    "json",
    "model_computed_fields",
    "model_config",
    "model_construct",
    "model_copy",
    "model_dump",
    "model_dump_json",
    "model_extra",
    "model_fields",
    "model_fields_set",
    "model_json_schema",
    "model_parametrized_name",
    "model_post_init",
    "model_rebuild",
    "model_validate",
    "model_validate_json",
    "model_validate_strings",
    "parse_file",
    "parse_obj",
    "parse_raw",
    "schema",
    "schema_json",
    "update_forward_refs",
    "validate",
    "from_json",
    "from_dict",
    "to_json",
    "to_dict",
];

/// Module-level names of `models.py` that a schema must not take.
pub const TYPES: &[&str] = &[
    "Annotated",
    "Any",
    "ConfigDict",
    "Date",
    "DateTime",
    "Enum",
    "Field",
    "OpenIntEnum",
    "OpenStrEnum",
    "SpecModel",
    "TypeAlias",
    "TypeAliasType",
    "UNKNOWN_TAG",
    "UUID",
    "Union",
    "UnknownVariant",
];

/// Python's capitalised builtins. A model named like one would be resolved
/// to the builtin while pydantic builds a class that refers to it before it
/// is defined (a schema `Warning`), so these names are escaped too.
pub const BUILTIN_TYPES: &[&str] = &[
    "ArithmeticError",
    "AssertionError",
    "AttributeError",
    "BaseException",
    "BaseExceptionGroup",
    "BlockingIOError",
    "BrokenPipeError",
    "BufferError",
    "BytesWarning",
    "ChildProcessError",
    "ConnectionAbortedError",
    "ConnectionError",
    "ConnectionRefusedError",
    "ConnectionResetError",
    "DeprecationWarning",
    "EOFError",
    "Ellipsis",
    "EncodingWarning",
    "EnvironmentError",
    "Exception",
    "ExceptionGroup",
    "False",
    "FileExistsError",
    "FileNotFoundError",
    "FloatingPointError",
    "FutureWarning",
    "GeneratorExit",
    "IOError",
    "ImportError",
    "ImportWarning",
    "IndentationError",
    "IndexError",
    "InterruptedError",
    "IsADirectoryError",
    "KeyError",
    "KeyboardInterrupt",
    "LookupError",
    "MemoryError",
    "ModuleNotFoundError",
    "NameError",
    "None",
    "NotADirectoryError",
    "NotImplemented",
    "NotImplementedError",
    "OSError",
    "OverflowError",
    "PendingDeprecationWarning",
    "PermissionError",
    "ProcessLookupError",
    "PythonFinalizationError",
    "RecursionError",
    "ReferenceError",
    "ResourceWarning",
    "RuntimeError",
    "RuntimeWarning",
    "StopAsyncIteration",
    "StopIteration",
    "SyntaxError",
    "SyntaxWarning",
    "SystemError",
    "SystemExit",
    "TabError",
    "TimeoutError",
    "True",
    "TypeError",
    "UnboundLocalError",
    "UnicodeDecodeError",
    "UnicodeEncodeError",
    "UnicodeError",
    "UnicodeTranslateError",
    "UnicodeWarning",
    "UserWarning",
    "ValueError",
    "Warning",
    "ZeroDivisionError",
];

/// Every table of names a Python identifier may not be as it is.
pub const RESERVED: &[&[&str]] = &[KEYWORDS, FIELDS, TYPES, BUILTIN_TYPES];

/// An enum member from the text it is spelled from (the value's words, or
/// its `x-enum-varnames` entry).
pub fn member(source: &str) -> String {
    spell(source, |s| s.to_shouty_snake_case(), "VALUE_", "EMPTY")
}

pub(super) fn cased(kind: IdentKind, wire: &str) -> String {
    match kind {
        IdentKind::Type => spell_ident(wire, |s| s.to_upper_camel_case(), "T", "Model"),
        IdentKind::Field | IdentKind::Parameter => {
            spell_ident(wire, |s| s.to_snake_case(), "field_", "field")
        }
        IdentKind::EnumVariant => member(&enum_value_words(wire)),
    }
}

pub(super) fn escape(kind: IdentKind, cased: &str) -> Option<String> {
    let reserved = match kind {
        IdentKind::Type => {
            KEYWORDS.contains(&cased) || TYPES.contains(&cased) || BUILTIN_TYPES.contains(&cased)
        }
        IdentKind::Field | IdentKind::Parameter => {
            KEYWORDS.contains(&cased) || FIELDS.contains(&cased)
        }
        IdentKind::EnumVariant => false,
    };
    reserved.then(|| format!("{cased}_"))
}
