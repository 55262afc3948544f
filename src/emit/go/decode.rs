//! How the generated UnmarshalJSON decodes each property: with a method of
//! the field's own type, a helper of decode.go, or encoding/json when
//! neither fits. Only the last one checks and reflects over the value again.

use super::*;

/// A decoder of one JSON value into a Go value, as the template calls it on
/// a field (`models.go.jinja`, macro `decode`).
#[derive(Serialize, Clone, Debug, PartialEq, Eq)]
pub(super) struct Decode {
    /// `method` (`target.func(value)`), `func` (`func(&target, value,
    /// elem)`) or `json` (`json.Unmarshal(value, &target)`).
    kind: &'static str,
    func: String,
    /// The decoder of the element a `func` helper passes each item to.
    elem: Option<String>,
}

impl Decode {
    fn method(name: &str) -> Self {
        Decode {
            kind: "method",
            func: name.into(),
            elem: None,
        }
    }

    fn func(name: &str, elem: Option<String>) -> Self {
        Decode {
            kind: "func",
            func: name.into(),
            elem,
        }
    }

    fn json() -> Self {
        Decode {
            kind: "json",
            func: String::new(),
            elem: None,
        }
    }

    /// The decoder as a Go function value of type `func(*T, []byte) error`,
    /// where `go` spells T: what a helper takes as its `decode` argument.
    fn as_value(&self, go: &str) -> Option<String> {
        match (self.kind, &self.elem) {
            ("method", _) => Some(format!("(*{go}).{}", self.func)),
            ("func", None) => Some(self.func.clone()),
            _ => None,
        }
    }

    /// A helper that takes the decoder of `inner` (spelled `go`), or
    /// encoding/json when that decoder is not a function value.
    fn wrap(helper: &str, inner: Decode, go: &str) -> Self {
        match inner.as_value(go) {
            Some(v) => Decode::func(helper, Some(v)),
            None => Decode::json(),
        }
    }
}

impl Builder<'_> {
    /// The decoder of field `f` of `owner`, whose Go type is `go` (as
    /// [`Builder::field_type`] gives it).
    pub(super) fn field_decode(&mut self, f: &Field, go: &str) -> Decode {
        let decode = if let Some(inner) = go.strip_prefix("Nullable[") {
            let inner = inner.strip_suffix(']').unwrap_or(inner);
            match self.value_decode(&f.ty).as_value(inner) {
                Some(v) if !inner.starts_with('*') => Decode::func("decodeNullable", Some(v)),
                _ => Decode::method("UnmarshalJSON"),
            }
        } else if let Some(inner) = go.strip_prefix('*') {
            Decode::wrap("decodePointer", self.value_decode(&f.ty), inner)
        } else {
            self.value_decode(&f.ty)
        };
        if decode.kind == "json" {
            self.uses.json = true;
        }
        decode
    }

    /// The decoder of a non-null value of `ty`, whose Go type is
    /// [`Builder::base`].
    fn value_decode(&mut self, ty: &TypeRef) -> Decode {
        match ty.non_null() {
            TypeRef::Primitive(p) => primitive_decode(p),
            TypeRef::Array(inner) | TypeRef::Map(inner) => {
                let helper = if matches!(ty.non_null(), TypeRef::Array(_)) {
                    "decodeSlice"
                } else {
                    "decodeMap"
                };
                let elem = self.elem(inner);
                if elem.starts_with('*') {
                    return Decode::json();
                }
                let decode = self.value_decode(inner);
                Decode::wrap(helper, decode, &elem)
            }
            TypeRef::Any | TypeRef::Nullable(_) => Decode::method("UnmarshalJSON"),
            TypeRef::Named(n) => self.named_decode(n),
        }
    }

    /// The method of named type `name` that decodes it, if it has one.
    pub(super) fn method_decode(&mut self, name: &str) -> Option<String> {
        let d = self.named_decode(name);
        (d.kind == "method").then_some(d.func)
    }

    fn named_decode(&mut self, name: &str) -> Decode {
        let Some(t) = self.api.get(name) else {
            return Decode::method("UnmarshalJSON");
        };
        match &t.kind {
            TypeKind::Object(_) if self.object_is_map(t) => Decode::json(),
            TypeKind::Object(_) => Decode::method("decodeJSON"),
            TypeKind::Union(u) if self.is_tagged(u) => Decode::method("decodeJSON"),
            TypeKind::Union(_) => Decode::method("UnmarshalJSON"),
            TypeKind::Enum(e) if self.enum_decodes_itself(t, e) => Decode::method("UnmarshalJSON"),
            TypeKind::Enum(e) => match e.repr {
                EnumRepr::String => Decode::func("decodeString", None),
                EnumRepr::Integer => Decode::func("decodeInt", None),
            },
            TypeKind::Alias { target } => {
                if !self.alias_depth_ok(name) {
                    return Decode::method("UnmarshalJSON");
                }
                match target.non_null() {
                    // A defined type over a string or an integer.
                    TypeRef::Primitive(p) => primitive_decode(p),
                    // A Go alias (`=`) of a type with methods.
                    TypeRef::Named(_) | TypeRef::Any => self.value_decode(target),
                    _ => Decode::json(),
                }
            }
        }
    }
}

fn primitive_decode(p: &Primitive) -> Decode {
    match p {
        Primitive::String(StringFormat::DateTime) => Decode::method("UnmarshalJSON"),
        Primitive::String(_) => Decode::func("decodeString", None),
        Primitive::Integer(_) => Decode::func("decodeInt", None),
        Primitive::Number(_) | Primitive::Boolean => Decode::json(),
    }
}
