//! Kotlin types and serializers of IR type references, as the models write
//! them and as the client does through [`ModelTypes`], with the imports and
//! annotations each file then needs.

use std::collections::{BTreeMap, BTreeSet};

use super::{text_class, type_ident};
use crate::emit::sdk;
use crate::emit::Shims;
use crate::ir::cycles::Guard;
use crate::ir::{
    Api, EnumRepr, IntFormat, NumberFormat, Primitive, StringFormat, TypeKind, TypeRef,
};

pub(super) struct Cx<'a> {
    pub(super) api: &'a Api,
    pub(super) idents: &'a BTreeMap<String, String>,
    /// Aliases that contain themselves (`Root = List<Root>`), which a Kotlin
    /// typealias cannot: inside their own target they are any JSON value,
    /// as their serializer already reads them.
    pub(super) recursive: BTreeSet<String>,
}

/// What a file needs besides its body: imports and file annotations.
#[derive(Default)]
pub(super) struct Needs {
    pub(super) imports: BTreeSet<String>,
    pub(super) use_serializers: BTreeSet<&'static str>,
    pub(super) opt_in: bool,
    pub(super) suppress_deprecation: bool,
}

impl Needs {
    pub(super) fn import(&mut self, path: &str) {
        self.imports.insert(path.to_string());
    }
}

impl Cx<'_> {
    pub(super) fn name(&self, ir: &str) -> String {
        self.idents
            .get(ir)
            .cloned()
            .unwrap_or_else(|| type_ident(ir))
    }

    pub(super) fn ty(&self, t: &TypeRef, n: &mut Needs) -> String {
        match t {
            TypeRef::Named(name) => {
                self.note_deprecated(name, n);
                self.alias_serializers(name, n, &mut BTreeSet::new());
                self.name(name)
            }
            TypeRef::Primitive(p) => match p {
                Primitive::String(StringFormat::DateTime) => {
                    n.import("java.time.OffsetDateTime");
                    n.use_serializers.insert("OffsetDateTimeSerializer");
                    "OffsetDateTime".into()
                }
                Primitive::String(StringFormat::Date) => {
                    n.import("java.time.LocalDate");
                    n.use_serializers.insert("LocalDateSerializer");
                    "LocalDate".into()
                }
                Primitive::String(f) => text_class(f).unwrap_or("String").into(),
                Primitive::Integer(IntFormat::Int32) => "Int".into(),
                Primitive::Integer(_) => "Long".into(),
                Primitive::Number(NumberFormat::Float) => "Float".into(),
                Primitive::Number(_) => "Double".into(),
                Primitive::Boolean => "Boolean".into(),
            },
            TypeRef::Array(i) => format!("List<{}>", self.ty(i, n)),
            TypeRef::Map(i) if **i == TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonObject");
                "JsonObject".into()
            }
            TypeRef::Map(i) => format!("Map<String, {}>", self.ty(i, n)),
            TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonElement");
                "JsonElement".into()
            }
            TypeRef::Nullable(i) => format!("{}?", self.ty(i, n)),
        }
    }

    /// A file that names a deprecated type, in a type or a serializer, says
    /// so once (`@file:Suppress("DEPRECATION")`): the generated code does not
    /// warn about the types it generates, while their users' code does.
    fn note_deprecated(&self, name: &str, n: &mut Needs) {
        if self.api.get(name).is_some_and(|t| t.deprecated) {
            n.suppress_deprecation = true;
        }
    }

    /// `@file:UseSerializers` applies to the class a typealias stands for, so
    /// a file using an alias of `LocalDate` (`typealias Date = LocalDate`)
    /// needs the serializers of the alias's target, through nested aliases.
    pub(super) fn alias_serializers(&self, name: &str, n: &mut Needs, seen: &mut BTreeSet<String>) {
        if !seen.insert(name.to_string()) {
            return;
        }
        let Some(TypeKind::Alias { target }) = self.api.get(name).map(|t| &t.kind) else {
            return;
        };
        let mut t = target;
        loop {
            match t {
                TypeRef::Array(i) | TypeRef::Map(i) | TypeRef::Nullable(i) => t = i,
                TypeRef::Named(next) => return self.alias_serializers(next, n, seen),
                TypeRef::Primitive(Primitive::String(StringFormat::DateTime)) => {
                    n.use_serializers.insert("OffsetDateTimeSerializer");
                    return;
                }
                TypeRef::Primitive(Primitive::String(StringFormat::Date)) => {
                    n.use_serializers.insert("LocalDateSerializer");
                    return;
                }
                TypeRef::Primitive(_) | TypeRef::Any => return,
            }
        }
    }

    /// An expression for the serializer of `t`.
    pub(super) fn ser(&self, t: &TypeRef, n: &mut Needs) -> String {
        self.ser_within(t, n, &mut Guard::new())
    }

    /// [`Cx::ser`] inside the aliases it has expanded: an alias that comes
    /// back to itself through a container (`Root = List<Root>`) is read as
    /// any value there.
    pub(super) fn ser_within(
        &self,
        t: &TypeRef,
        n: &mut Needs,
        aliases: &mut Guard<String>,
    ) -> String {
        let builtin = |n: &mut Needs, s: &str| {
            n.import("kotlinx.serialization.builtins.serializer");
            format!("{s}.serializer()")
        };
        match t {
            TypeRef::Named(name) => {
                self.note_deprecated(name, n);
                let id = self.name(name);
                match self.api.get(name).map(|t| &t.kind) {
                    Some(TypeKind::Union(_)) => format!("{id}Serializer"),
                    Some(TypeKind::Object(_)) => format!("{id}Serializer"),
                    Some(TypeKind::Enum(e)) if !e.open && e.repr == EnumRepr::Integer => {
                        format!("{id}Serializer")
                    }
                    Some(TypeKind::Alias { target }) => {
                        if !aliases.enter(name.clone()) {
                            n.import("kotlinx.serialization.json.JsonElement");
                            return "JsonElement.serializer()".into();
                        }
                        let s = self.ser_within(target.non_null(), n, aliases);
                        aliases.leave();
                        s
                    }
                    _ => format!("{id}.serializer()"),
                }
            }
            TypeRef::Primitive(p) => match p {
                Primitive::String(StringFormat::DateTime) => "OffsetDateTimeSerializer".into(),
                Primitive::String(StringFormat::Date) => "LocalDateSerializer".into(),
                Primitive::String(f) => match text_class(f) {
                    Some(class) => format!("{class}.serializer()"),
                    None => builtin(n, "String"),
                },
                Primitive::Integer(IntFormat::Int32) => builtin(n, "Int"),
                Primitive::Integer(_) => builtin(n, "Long"),
                Primitive::Number(NumberFormat::Float) => builtin(n, "Float"),
                Primitive::Number(_) => builtin(n, "Double"),
                Primitive::Boolean => builtin(n, "Boolean"),
            },
            TypeRef::Array(i) => {
                n.import("kotlinx.serialization.builtins.ListSerializer");
                format!("ListSerializer({})", self.ser_within(i, n, aliases))
            }
            TypeRef::Map(i) if **i == TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonObject");
                "JsonObject.serializer()".into()
            }
            TypeRef::Map(i) => {
                n.import("kotlinx.serialization.builtins.MapSerializer");
                let k = builtin(n, "String");
                format!("MapSerializer({k}, {})", self.ser_within(i, n, aliases))
            }
            TypeRef::Any => {
                n.import("kotlinx.serialization.json.JsonElement");
                "JsonElement.serializer()".into()
            }
            TypeRef::Nullable(i) => {
                n.import("kotlinx.serialization.builtins.nullable");
                format!("{}.nullable", self.ser_within(i, n, aliases))
            }
        }
    }
}

/// The model types as other files of the package (the client) write them:
/// the same names and serializers as the models, and the imports they need.
pub(crate) struct ModelTypes<'a> {
    c: Cx<'a>,
    needs: Needs,
}

impl<'a> ModelTypes<'a> {
    pub(crate) fn new(api: &'a Api) -> ModelTypes<'a> {
        // The models emitter has reported the naming warnings already.
        let idents = sdk::type_idents(api, crate::naming::Lang::Kotlin, &mut Vec::new());
        ModelTypes {
            c: Cx {
                api,
                idents,
                recursive: crate::ir::cycles::recursive_aliases(api),
            },
            needs: Needs::default(),
        }
    }

    /// The Kotlin type of `t`.
    pub(crate) fn ty(&mut self, t: &TypeRef) -> String {
        self.c.ty(t, &mut self.needs)
    }

    /// An expression for the serializer of `t`.
    pub(crate) fn ser(&mut self, t: &TypeRef) -> String {
        self.c.ser(t, &mut self.needs)
    }

    /// Every top-level name the models declare in the package: types, their
    /// serializer objects, renamed types and the support files' classes.
    pub(crate) fn declared(&self, shims: &Shims) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = self.c.idents.values().cloned().collect();
        out.extend(self.c.idents.values().map(|i| format!("{i}Serializer")));
        out.extend(shims.type_aliases.keys().map(|old| type_ident(old)));
        out.extend(
            [
                "Optional",
                "OptionalSerializer",
                "UnknownPropertiesSerializer",
                "OffsetDateTimeSerializer",
                "LocalDateSerializer",
                "Uuid",
                "Uri",
                "SerializationKt",
                "OptionalKt",
            ]
            .map(String::from),
        );
        out
    }

    /// The imports the types written so far need.
    pub(crate) fn imports(&self) -> &BTreeSet<String> {
        &self.needs.imports
    }
}
