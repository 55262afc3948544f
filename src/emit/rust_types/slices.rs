//! The models' types printed slice by slice on every core, once for all
//! the profiles they print the same for.

use std::collections::BTreeSet;

use super::{models, types, Group, Profile};
use crate::diag::Diagnostic;
use crate::emit::Shims;
use crate::ir::NamedType;

/// One group's types printed: the text, what they need, and the names they
/// refer to.
pub(super) type Printed = (String, models::Needs, BTreeSet<String>);

/// What one slice of a group's types printed to, for one profile.
#[derive(Default)]
struct Slice {
    text: String,
    needs: models::Needs,
    found: Vec<Diagnostic>,
    refs: BTreeSet<String>,
}

/// Each group's types printed (slices of them on every core), by profile,
/// then by group. A type that prints the same for every profile is built
/// once; it is built again for a later profile only for its warnings (they
/// name the target) when it had any.
pub(super) fn print_types(
    types: &types::Types,
    shims: &Shims,
    profiles: &[Profile],
    groups: &[Group],
    diags: &mut [Vec<Diagnostic>],
) -> Vec<Result<Vec<Printed>, syn::Error>> {
    let slices: Vec<(usize, &[&NamedType])> = groups
        .iter()
        .enumerate()
        .flat_map(|(g, (_, _, ts))| ts.chunks(SLICE).map(move |s| (g, s)))
        .collect();
    let printed = crate::parallel::in_parallel(&slices, |(g, slice)| {
        // Split models import what each module refers to.
        let split = !groups[*g].0.is_empty();
        let mut out: Vec<Slice> = profiles.iter().map(|_| Slice::default()).collect();
        let mut failed: Option<syn::Error> = None;
        for t in slice.iter() {
            let differs = models::differs_by_profile(shims, t);
            // The first profile's text, needs and references, and whether
            // it warned.
            let mut first: Option<(String, models::Needs, BTreeSet<String>, bool)> = None;
            for (profile, o) in profiles.iter().zip(out.iter_mut()) {
                match &first {
                    Some((text, needs, refs, warned)) if !differs => {
                        if *warned {
                            let mut unused = models::Needs::default();
                            let _ = models::type_items(
                                types,
                                shims,
                                *profile,
                                t,
                                &mut unused,
                                None,
                                &mut o.found,
                            );
                        }
                        o.text.push_str(text);
                        o.needs.merge(needs);
                        o.refs.extend(refs.iter().cloned());
                    }
                    _ => {
                        let mut needs = models::Needs::default();
                        let mut refs = BTreeSet::new();
                        let before = o.found.len();
                        let text = models::type_items(
                            types,
                            shims,
                            *profile,
                            t,
                            &mut needs,
                            split.then_some(&mut refs),
                            &mut o.found,
                        );
                        let text = match text {
                            Ok(text) => text,
                            Err(e) => {
                                failed.get_or_insert(e);
                                String::new()
                            }
                        };
                        let warned = o.found.len() > before;
                        o.text.push_str(&text);
                        o.needs.merge(&needs);
                        o.refs.extend(refs.iter().cloned());
                        if first.is_none() {
                            first = Some((text, needs, refs, warned));
                        }
                    }
                }
            }
        }
        out.into_iter()
            .map(|o| {
                let text = match &failed {
                    Some(e) => Err(e.clone()),
                    None => Ok(o.text),
                };
                (text, o.needs, o.found, o.refs)
            })
            .collect::<Vec<_>>()
    });
    let mut results: Vec<Result<Vec<Printed>, syn::Error>> = profiles
        .iter()
        .map(|_| Ok(groups.iter().map(|_| Default::default()).collect()))
        .collect();
    for ((g, _), out) in slices.iter().zip(printed) {
        for (((text, needs, found, refs), result), diags) in out
            .into_iter()
            .zip(results.iter_mut())
            .zip(diags.iter_mut())
        {
            diags.extend(found);
            let Ok(groups) = result else { continue };
            let text = match text {
                Ok(text) => text,
                Err(e) => {
                    *result = Err(e);
                    continue;
                }
            };
            let p = &mut groups[*g];
            p.0.push_str(&text);
            p.1.merge(&needs);
            p.2.extend(refs);
        }
    }
    results
}

/// Types per syntax tree in [`print_types`]: small enough that a few trees
/// at once stay small, large enough that the threads have work.
const SLICE: usize = 64;
