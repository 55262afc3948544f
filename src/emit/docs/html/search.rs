//! What the search box of the split reference looks through (`search-index.js`)
//! and the text each entry is matched on.

use serde_json::Value;

use super::Page;
use crate::ir::{EnumRepr, NamedType, Operation, TypeKind, UnionKind};

impl Page<'_> {
    /// Split layout: `search-index.js`, what the search box looks through:
    /// `[text, href, method, label, detail]` per operation and schema.
    pub(super) fn search_index(&self) -> String {
        self.current.set(usize::MAX);
        let mut entries: Vec<Value> = Vec::new();
        for (i, op) in self.api.operations.iter().enumerate() {
            entries.push(Value::from(vec![
                Value::from(op_search_text(op)),
                Value::from(self.href(&self.ops[i])),
                Value::from(op.method.as_str().to_uppercase()),
                Value::from(op.summary.as_deref().unwrap_or(&op.id)),
                Value::from(op.path.as_str()),
            ]));
        }
        for (name, ty) in &self.api.types {
            entries.push(Value::from(vec![
                Value::from(schema_search_text(name, ty)),
                Value::from(self.href(&self.schemas[name.as_str()])),
                Value::from(""),
                Value::from(name.as_str()),
                Value::from(schema_kind(ty)),
            ]));
        }
        let json = serde_json::to_string(&entries).unwrap_or_else(|_| "[]".to_string());
        format!("window.SPECSMITH_SEARCH_INDEX = {json};\n")
    }
}

/// What the search matches an operation on (lowercase).
pub(super) fn op_search_text(op: &Operation) -> String {
    format!(
        "{} {} {} {} {}",
        op.method.as_str(),
        op.path,
        op.id,
        op.summary.as_deref().unwrap_or(""),
        op.tags.join(" ")
    )
    .to_lowercase()
}

/// What the search matches a schema on (lowercase): its name and fields.
pub(super) fn schema_search_text(name: &str, ty: &NamedType) -> String {
    let mut search = name.to_string();
    if let TypeKind::Object(obj) = &ty.kind {
        for f in &obj.fields {
            search.push(' ');
            search.push_str(&f.name);
        }
    }
    search.to_lowercase()
}

pub(super) fn schema_kind(ty: &NamedType) -> &'static str {
    match &ty.kind {
        TypeKind::Object(_) => "object",
        TypeKind::Enum(e) => match e.repr {
            EnumRepr::String => "string enum",
            EnumRepr::Integer => "integer enum",
        },
        TypeKind::Union(u) => match u.kind {
            UnionKind::OneOf => "one of",
            UnionKind::AnyOf => "any of",
        },
        TypeKind::Alias { .. } => "alias",
    }
}
