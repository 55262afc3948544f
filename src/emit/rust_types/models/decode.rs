//! An object's `Deserialize` impl, written out instead of derived.
//!
//! serde's derive expands a struct with a flattened field (every object's
//! `extra`) into about 230 lines that rustc type-checks and borrow-checks
//! (Stripe: 707,000 lines, about half of all the code rustc checked). The
//! impl written here reads the same JSON the same way in about 30 lines and
//! two per property: each property into a slot (`None` until read; a
//! property sent twice is an error), the properties the spec does not list
//! into `extra`, and then the value, with serde's missing-field error for
//! an absent required property.

use std::collections::BTreeSet;

use super::text::{self, line, line_fmt, lit};
use super::written;
use super::Needs;

/// How a property is read and what an absent one becomes.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Presence {
    /// Must be present (`T`, or `Option<T>` when nullable).
    Required,
    /// May be absent: absent and `null` are `None`.
    Optional,
    /// May be absent or `null`: absent is `None`, `null` is `Some(None)`.
    OptionalNullable,
}

/// One property of the struct being read.
pub(super) struct Slot {
    /// The field's identifier (`r#type`).
    pub field: String,
    /// Its name on the wire.
    pub wire: String,
    /// Older names it is also read under.
    pub olds: Vec<String>,
    pub presence: Presence,
}

/// The reading helpers (made in `models/mod.rs`): a property's reader,
/// the optional nullable one's, and the required value's check.
pub(super) const READ_FIELD: &str = "read_field";
pub(super) const READ_PRESENT: &str = "read_present";
pub(super) const REQUIRED: &str = "required";

/// The helpers' names, which no local variable may shadow.
const HELPERS: [&str; 3] = [READ_FIELD, READ_PRESENT, REQUIRED];

/// The local variables of `visit_map`: a slot per property (and one for
/// its old names when they are read apart), the map and the key. None
/// shadows a helper, and each field keeps its own name where it can.
struct Locals {
    vars: Vec<String>,
    olds: Vec<Option<String>>,
    map: String,
    key: String,
}

impl Locals {
    fn new(slots: &[Slot], extra: &str, prefer_new: bool) -> Locals {
        let mut taken: BTreeSet<String> = HELPERS.iter().map(|h| h.to_string()).collect();
        taken.insert(extra.to_string());
        let mut local = |want: &str| {
            let mut name = want.to_string();
            while taken.contains(&name) {
                name.push('_');
            }
            taken.insert(name.clone());
            name
        };
        let vars: Vec<String> = slots.iter().map(|s| local(&s.field)).collect();
        let olds = slots
            .iter()
            .map(|s| {
                (prefer_new && !s.olds.is_empty())
                    .then(|| local(&format!("{}_old", super::names::unraw(&s.field))))
            })
            .collect();
        Locals {
            vars,
            olds,
            map: local("map"),
            key: local("key"),
        }
    }
}

/// Appends `impl Deserialize for name`. `extra` is the field that keeps the
/// unlisted properties and `extra_new` the expression of an empty one.
/// `prefer_new`: a property sent under its new and an old name is read
/// from the new one (the SDK, whose server may send both), else an old
/// name is one more spelling of the property and both at once is a
/// duplicate (a server, whose clients send one).
pub(super) fn deserialize_impl(
    out: &mut String,
    name: &str,
    slots: &[Slot],
    (extra, extra_new): (&str, &str),
    prefer_new: bool,
    needs: &mut Needs,
) {
    let locals = Locals::new(slots, extra, prefer_new);
    let Locals { map, key, .. } = &locals;
    // The visitor and the map's type parameter are named in the body, where
    // they would shadow a model type of the same name.
    let visitor = if name == "Visitor" {
        "ObjectVisitor"
    } else {
        "Visitor"
    };
    let access = if name == "A" { "M" } else { "A" };

    written::serde(false, true);
    text::impl_for(out, "impl<'de> Deserialize<'de>", name);
    out.push_str(super::object::DESERIALIZE_HEAD);
    line_fmt(out, 8, format_args!("struct {visitor};"));
    out.push('\n');
    line_fmt(
        out,
        8,
        format_args!("impl<'de> serde::de::Visitor<'de> for {visitor} {{"),
    );
    text::ty(out, 12, "type Value = ", name, ";", true);
    out.push('\n');
    out.push_str(
        "            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {\n",
    );
    text::call(
        out,
        16,
        "f.write_str",
        &[lit(&format!("struct {name}"))],
        "",
    );
    out.push_str("            }\n\n");
    text::signature(
        out,
        12,
        &format!("fn visit_map<{access}: serde::de::MapAccess<'de>>"),
        &[
            ("self".to_string(), String::new()),
            (format!("mut {map}"), access.to_string()),
        ],
        &format!(" -> Result<Self::Value, {access}::Error> {{"),
    );
    for var in locals.vars.iter().chain(locals.olds.iter().flatten()) {
        line_fmt(out, 16, format_args!("let mut {var} = None;"));
    }
    line_fmt(out, 16, format_args!("let mut {extra} = {extra_new};"));
    line_fmt(
        out,
        16,
        format_args!("while let Some({key}) = {map}.next_key::<String>()? {{"),
    );
    let keep = format!("{extra}.insert({key}, {map}.next_value()?);");
    if slots.is_empty() {
        line(out, 20, &keep);
        line(out, 16, "}");
    } else {
        line_fmt(out, 20, format_args!("match {key}.as_str() {{"));
        arms(out, slots, &locals, needs);
        line(out, 24, "_ => {");
        line(out, 28, &keep);
        out.push_str("                        }\n                    }\n                }\n");
    }
    value(out, name, slots, &locals, extra, needs);
    out.push_str("            }\n        }\n\n");
    line_fmt(
        out,
        8,
        format_args!("deserializer.deserialize_map({visitor})"),
    );
    out.push_str("    }\n}\n");
}

/// The match arms that read each property into its slot.
fn arms(out: &mut String, slots: &[Slot], locals: &Locals, needs: &mut Needs) {
    for ((s, var), old) in slots.iter().zip(&locals.vars).zip(&locals.olds) {
        let read = match s.presence {
            Presence::OptionalNullable => {
                needs.read_present = true;
                READ_PRESENT
            }
            _ => {
                needs.read_field = true;
                READ_FIELD
            }
        };
        let mut pattern = lit(&s.wire);
        if old.is_none() {
            for o in &s.olds {
                pattern.push_str(" | ");
                pattern.push_str(&lit(o));
            }
        }
        let map = &locals.map;
        let args =
            |var: &str, wire: &str| [format!("&mut {map}"), format!("&mut {var}"), lit(wire)];
        arm(out, 24, &pattern, read, &args(var, &s.wire));
        if let Some(old) = old {
            let pattern: Vec<String> = s.olds.iter().map(|o| lit(o)).collect();
            arm(out, 24, &pattern.join(" | "), read, &args(old, &s.olds[0]));
        }
    }
}

/// `visit_map`'s value: `Ok(Name { field: …, extra })`.
fn value(
    out: &mut String,
    name: &str,
    slots: &[Slot],
    locals: &Locals,
    extra: &str,
    needs: &mut Needs,
) {
    let values: Vec<(String, String)> = slots
        .iter()
        .zip(&locals.vars)
        .zip(&locals.olds)
        .map(|((s, var), old)| {
            let slot = match old {
                Some(old) => format!("{var}.or({old})"),
                None => var.clone(),
            };
            (s.field.clone(), slot)
        })
        .collect();
    let value = |s: &Slot, slot: &str| match s.presence {
        Presence::Required => format!("{REQUIRED}({slot}, {})?", lit(&s.wire)),
        _ => format!("{slot}.unwrap_or_default()"),
    };
    if slots.iter().any(|s| s.presence == Presence::Required) {
        needs.required = true;
    }
    let mut flat: Vec<String> = slots
        .iter()
        .zip(&values)
        .map(|(s, (field, slot))| format!("{field}: {}", value(s, slot)))
        .collect();
    flat.push(extra.to_string());
    // prettyplease keeps a struct literal of up to 35 columns on one line.
    let literal = format!("{name} {{ {} }}", flat.join(", "));
    if literal.len() <= 35 && 16 + literal.len() + 4 <= text::MARGIN {
        line_fmt(out, 16, format_args!("Ok({literal})"));
        return;
    }
    line_fmt(out, 16, format_args!("Ok({name} {{"));
    for (s, (field, slot)) in slots.iter().zip(&values) {
        let whole = format!("{field}: {},", value(s, slot));
        if 20 + whole.len() <= text::MARGIN || slot.contains(".or(") {
            // A chain too long is broken by prettyplease (`text::finish`).
            line(out, 20, &whole);
        } else if s.presence == Presence::Required {
            text::call(
                out,
                20,
                &format!("{field}: {REQUIRED}"),
                &[slot.clone(), lit(&s.wire)],
                "?,",
            );
        } else {
            line_fmt(out, 20, format_args!("{field}: {slot}"));
            line(out, 24, ".unwrap_or_default(),");
        }
    }
    line_fmt(out, 20, format_args!("{extra},"));
    line(out, 16, "})");
}

/// A match arm `pattern => read(args)?` ([`text::arm`]), the call broken an
/// argument a line when it does not fit even in a block of its own.
fn arm(out: &mut String, indent: usize, pattern: &str, read: &str, args: &[String]) {
    let body = format!("{read}({})?", args.join(", "));
    if indent + text::INDENT + body.len() <= text::MARGIN {
        text::arm(out, indent, pattern, &body);
        return;
    }
    line_fmt(out, indent, format_args!("{pattern} => {{"));
    text::call(out, indent + text::INDENT, read, args, "?");
    line(out, indent, "}");
}
