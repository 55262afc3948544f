//! Enums: open ones keep an unknown value, closed ones reject it.

use proc_macro2::Ident;

use super::*;

/// Variant names for the values of an enum, plus the catch-all's name.
pub(super) fn enum_variants(
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<String>, String) {
    // Values that become the same identifier (`GMT0` and `GMT+0`) are data,
    // not names the author chose: told apart as every SDK target does.
    let variants = names::variant_names(profile.target, t, e, diags);
    diags.extend(support::member_collisions(profile.target, t, e, &variants));
    let unknown = if variants.iter().any(|v| v == "Unknown") {
        "UnknownValue".to_string()
    } else {
        "Unknown".to_string()
    };
    (variants, unknown)
}

/// What every representation of an enum is built from.
struct EnumParts {
    name: Ident,
    docs: TokenStream,
    allow: Option<TokenStream>,
    variants: Vec<Ident>,
    value_docs: Vec<TokenStream>,
    /// Old wire values a migration renamed, with the index of their new value.
    old_values: Vec<(String, usize)>,
    /// The listed values, for the error a closed enum gives.
    expected: String,
    unknown: Ident,
}

pub(super) fn enumeration(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let parts = enum_parts(types, shims, profile, t, e, diags);
    match (e.repr, e.open) {
        (EnumRepr::String, true) => open_string(&parts, e),
        (EnumRepr::String, false) => {
            needs.parse_enum_error = true;
            closed_string(&parts, e)
        }
        (EnumRepr::Integer, open) => integer(&parts, profile, t, e, open, needs, diags),
    }
}

fn enum_parts(
    types: &Types,
    shims: &Shims,
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    diags: &mut Vec<Diagnostic>,
) -> EnumParts {
    let name = ident(types.name(&t.name));
    let (variant_names, unknown_name) = enum_variants(profile, t, e, diags);
    let kind_note = if e.constant && e.open {
        format!(
            "Constant: the spec allows only this value; a different one (from a newer server) is kept in [`{}::{unknown_name}`] and written back unchanged.",
            types.name(&t.name)
        )
    } else if e.constant {
        "Constant: the spec allows only this value; any other is rejected.".to_string()
    } else if e.open {
        format!(
            "Open: values this version does not list are kept in [`{}::{unknown_name}`] and written back unchanged.",
            types.name(&t.name)
        )
    } else {
        "Closed: any other value is rejected.".to_string()
    };
    let docs = doc::outer(&doc::paragraphs([
        Some(type_docs(t).as_str()),
        Some(kind_note.as_str()),
    ]));
    let allow = names::variants_share_affix(types.name(&t.name), &variant_names).then(|| {
        quote! {
            // Variant names follow the wire values.
            #[allow(clippy::enum_variant_names)]
        }
    });
    let variants: Vec<_> = variant_names.iter().map(|v| ident(v)).collect();
    let value_docs: Vec<TokenStream> = e
        .values
        .iter()
        .map(|v| {
            doc::outer(&doc::paragraphs([
                Some(format!("`{}`", v.as_text()).as_str()),
                v.description.as_deref(),
            ]))
        })
        .collect();
    let old_values: Vec<(String, usize)> = shims
        .enum_aliases
        .get(&t.name)
        .into_iter()
        .flatten()
        .filter(|(old, _)| !e.values.iter().any(|v| v.as_text() == *old))
        .filter_map(|(old, new)| {
            e.values
                .iter()
                .position(|v| v.as_text() == *new)
                .map(|i| (old.clone(), i))
        })
        .collect();
    let expected = e
        .values
        .iter()
        .map(|v| format!("`{}`", v.as_text()))
        .collect::<Vec<_>>()
        .join(", ");
    let unknown = ident(&unknown_name);
    EnumParts {
        name,
        docs,
        allow,
        variants,
        value_docs,
        old_values,
        expected,
        unknown,
    }
}

/// An open string enum: a value it does not list is kept and written back.
fn open_string(parts: &EnumParts, e: &EnumType) -> TokenStream {
    let EnumParts {
        name,
        docs,
        allow,
        variants,
        value_docs,
        old_values,
        unknown,
        ..
    } = parts;
    let wire: Vec<String> = e.values.iter().map(|v| v.as_text()).collect();
    let old_wire = old_values.iter().map(|(o, _)| o);
    let old_variants = old_values.iter().map(|(_, i)| &variants[*i]);
    quote! {
        #docs
        #allow
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #value_docs #variants, )*
            /// A value this version of the API does not list.
            #unknown(String),
        }

        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #wire, )*
                    Self::#unknown(value) => value,
                }
            }
        }

        impl From<String> for #name {
            fn from(value: String) -> Self {
                match value.as_str() {
                    #( #wire => Self::#variants, )*
                    #( #old_wire => Self::#old_variants, )*
                    _ => Self::#unknown(value),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                Ok(Self::from(value.to_owned()))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                String::deserialize(deserializer).map(Self::from)
            }
        }
    }
}

/// A closed string enum: serde's derive, with old values as aliases.
fn closed_string(parts: &EnumParts, e: &EnumType) -> TokenStream {
    let EnumParts {
        name,
        docs,
        allow,
        variants,
        value_docs,
        old_values,
        expected,
        ..
    } = parts;
    let wire: Vec<String> = e.values.iter().map(|v| v.as_text()).collect();
    let serde_attrs: Vec<TokenStream> = wire
        .iter()
        .enumerate()
        .map(|(i, w)| {
            let olds = old_values.iter().filter(|(_, j)| *j == i).map(|(o, _)| o);
            quote!(#[serde(rename = #w #(, alias = #olds)*)])
        })
        .collect();
    let old_wire = old_values.iter().map(|(o, _)| o);
    let old_variants = old_values.iter().map(|(_, i)| &variants[*i]);
    quote! {
        #docs
        #allow
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
        pub enum #name {
            #( #value_docs #serde_attrs #variants, )*
        }

        impl #name {
            /// The value on the wire.
            pub fn as_str(&self) -> &'static str {
                match self {
                    #( Self::#variants => #wire, )*
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = ParseEnumError;

            fn from_str(value: &str) -> Result<Self, Self::Err> {
                match value {
                    #( #wire => Ok(Self::#variants), )*
                    #( #old_wire => Ok(Self::#old_variants), )*
                    _ => Err(ParseEnumError {
                        value: value.to_owned(),
                        expected: #expected,
                    }),
                }
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    }
}

/// An integer enum; values beyond i64 are left out and reported.
fn integer(
    parts: &EnumParts,
    profile: Profile,
    t: &NamedType,
    e: &EnumType,
    open: bool,
    needs: &mut Needs,
    diags: &mut Vec<Diagnostic>,
) -> TokenStream {
    let EnumParts {
        name,
        docs,
        allow,
        variants,
        value_docs,
        ..
    } = parts;
    let ints: Vec<proc_macro2::Literal> = e
        .values
        .iter()
        .filter_map(|v| v.value.as_i64())
        .map(proc_macro2::Literal::i64_unsuffixed)
        .collect();
    if ints.len() != e.values.len() {
        diags.push(Diagnostic::new(
            "fidelity-enum-value",
            Severity::Warning,
            t.loc.clone(),
            format!(
                "{}: `{}` lists integer values beyond i64; they are not accepted",
                profile.target, t.name
            ),
        ));
    }
    let variants: Vec<_> = variants
        .iter()
        .zip(&e.values)
        .filter(|(_, v)| v.value.as_i64().is_some())
        .map(|(id, _)| id.clone())
        .collect();
    let value_docs: Vec<_> = value_docs
        .iter()
        .zip(&e.values)
        .filter(|(_, v)| v.value.as_i64().is_some())
        .map(|(d, _)| d.clone())
        .collect();
    let IntegerConversions {
        unknown_variant,
        unknown_value,
        from_i64,
        from_str,
        deserialize,
    } = integer_conversions(parts, &ints, &variants, open, needs);
    quote! {
        #docs
        #allow
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum #name {
            #( #value_docs #variants, )*
            #unknown_variant
        }

        impl #name {
            /// The value on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    #( Self::#variants => #ints, )*
                    #unknown_value
                }
            }
        }

        #from_i64
        #from_str

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}", self.value())
            }
        }

        impl Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        #deserialize
    }
}

/// The conversions of an integer enum: an open one keeps a value it does not
/// list, a closed one rejects it.
struct IntegerConversions {
    unknown_variant: TokenStream,
    unknown_value: TokenStream,
    from_i64: TokenStream,
    from_str: TokenStream,
    deserialize: TokenStream,
}

fn integer_conversions(
    parts: &EnumParts,
    ints: &[proc_macro2::Literal],
    variants: &[Ident],
    open: bool,
    needs: &mut Needs,
) -> IntegerConversions {
    let EnumParts {
        name,
        expected,
        unknown,
        ..
    } = parts;
    let one_of = format!("one of {expected}");
    let (unknown_variant, unknown_value, from_i64) = if open {
        (
            quote!(
                /// A value this version of the API does not list.
                #unknown(i64),
            ),
            quote!(Self::#unknown(value) => *value,),
            quote! {
                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #ints => Self::#variants, )*
                            _ => Self::#unknown(value),
                        }
                    }
                }
            },
        )
    } else {
        needs.parse_enum_error = true;
        (quote!(), quote!(), quote!())
    };
    let (from_str, deserialize) = if open {
        (
            quote! {
                impl std::str::FromStr for #name {
                    type Err = std::num::ParseIntError;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        value.parse::<i64>().map(Self::from)
                    }
                }
            },
            quote! {
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        i64::deserialize(deserializer).map(Self::from)
                    }
                }
            },
        )
    } else {
        (
            quote! {
                impl #name {
                    fn from_i64(value: i64) -> Option<Self> {
                        match value {
                            #( #ints => Some(Self::#variants), )*
                            _ => None,
                        }
                    }
                }

                impl std::str::FromStr for #name {
                    type Err = ParseEnumError;

                    fn from_str(value: &str) -> Result<Self, Self::Err> {
                        value.parse::<i64>().ok().and_then(Self::from_i64).ok_or_else(|| ParseEnumError {
                            value: value.to_owned(),
                            expected: #expected,
                        })
                    }
                }
            },
            quote! {
                impl<'de> Deserialize<'de> for #name {
                    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        let value = i64::deserialize(deserializer)?;
                        Self::from_i64(value).ok_or_else(|| {
                            serde::de::Error::invalid_value(
                                serde::de::Unexpected::Signed(value),
                                &#one_of,
                            )
                        })
                    }
                }
            },
        )
    };
    IntegerConversions {
        unknown_variant,
        unknown_value,
        from_i64,
        from_str,
        deserialize,
    }
}
