//! Which way each named type travels: in requests (sent by the client), in
//! responses (received by it), or both. Computed once here for the compat
//! engine (which rules apply to a changed schema) and for the emitters
//! (read-only and write-only relaxation).
//!
//! An operation's parameters and request bodies flow as requests and its
//! responses (bodies and headers) as responses; for a callback or webhook
//! (sent by the server to the client) the two are swapped. A type takes the
//! union of the directions of everything that reaches it.

use std::collections::{BTreeSet, VecDeque};
use std::fmt;

use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::ir::{Additional, Api, NamedType, Operation, TypeKind, TypeRef, TypesByName};

/// Which way the changed data flows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Sent by the client (request bodies, parameters).
    Request,
    /// Received by the client (response bodies, headers, statuses).
    Response,
    /// Both, or neither known (a schema no operation reaches).
    Both,
}

impl Direction {
    pub fn has_request(self) -> bool {
        matches!(self, Direction::Request | Direction::Both)
    }

    pub fn has_response(self) -> bool {
        matches!(self, Direction::Response | Direction::Both)
    }

    /// The union of two directions.
    pub fn union(self, other: Direction) -> Direction {
        if self == other {
            self
        } else {
            Direction::Both
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Request => "request",
            Direction::Response => "response",
            Direction::Both => "both",
        }
    }
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The directions an operation's request and its responses travel in, as
/// clients see them: a request the API sends (a webhook or a callback) is
/// received by clients, who answer it with the responses.
pub fn flows(op: &Operation) -> (Direction, Direction) {
    if op.outbound.is_some() {
        (Direction::Response, Direction::Request)
    } else {
        (Direction::Request, Direction::Response)
    }
}

/// The queue of types reached, each with the direction it was reached in.
type Queue<'a> = VecDeque<(&'a str, &'a NamedType, Direction)>;

fn seed<'a>(types: &TypesByName<'a>, t: &TypeRef, d: Direction, queue: &mut Queue<'a>) {
    if let Some((name, nt)) = t.name().and_then(|n| types.get_key_value(n)) {
        queue.push_back((name, nt, d));
    }
}

/// The direction each type an operation reaches travels in, by type name.
pub type Reach<'a> = FxHashMap<&'a str, Direction>;

/// Walks from every operation's parameters, bodies and headers to the types
/// they reach, each taking the union of the directions it is reached in.
pub fn reach(api: &Api) -> Reach<'_> {
    let types = api.types_by_name();
    let mut out = Reach::default();
    let mut queue = Queue::new();
    for op in api.operations.iter().chain(&api.outbound) {
        let (request, response) = flows(op);
        for p in &op.parameters {
            seed(&types, &p.ty, request, &mut queue);
        }
        if let Some(rb) = &op.request_body {
            for m in &rb.content {
                if let Some(t) = &m.ty {
                    seed(&types, t, request, &mut queue);
                }
            }
        }
        for r in &op.responses {
            for m in &r.content {
                if let Some(t) = &m.ty {
                    seed(&types, t, response, &mut queue);
                }
            }
            for h in &r.headers {
                seed(&types, &h.ty, response, &mut queue);
            }
        }
    }
    while let Some((name, t, d)) = queue.pop_front() {
        let next = match out.get(name) {
            Some(old) if old.union(d) == *old => continue,
            Some(old) => old.union(d),
            None => d,
        };
        out.insert(name, next);
        match &t.kind {
            TypeKind::Object(o) => {
                for f in &o.fields {
                    seed(&types, &f.ty, next, &mut queue);
                }
                if let Additional::Typed(a) = &o.additional {
                    seed(&types, a, next, &mut queue);
                }
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    seed(&types, v, next, &mut queue);
                }
            }
            TypeKind::Alias { target } => seed(&types, target, next, &mut queue),
            TypeKind::Enum(_) => {}
        }
    }
    out
}

/// The reached types as two sets: those that travel in requests and those
/// that travel in responses (a type reached both ways is in both; one no
/// operation reaches is in neither).
#[derive(Debug, Default)]
pub struct Directions {
    pub request: BTreeSet<String>,
    pub response: BTreeSet<String>,
}

impl Directions {
    pub fn of(api: &Api) -> Directions {
        let mut d = Directions::default();
        for (name, dir) in reach(api) {
            if dir.has_request() {
                d.request.insert(name.to_string());
            }
            if dir.has_response() {
                d.response.insert(name.to_string());
            }
        }
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(yaml: &str) -> Api {
        let doc = crate::load::load_text(
            std::path::Path::new("t.yaml"),
            yaml.to_string(),
            &Default::default(),
        )
        .expect("loads");
        crate::ir::lower(&doc).api
    }

    /// Operations, webhooks and components reached each way (and one not).
    const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    post:
      parameters:
        - {name: f, in: query, schema: {$ref: '#/components/schemas/Filter'}}
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/In'}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Out'}}
webhooks:
  ping:
    post:
      requestBody:
        content:
          application/json: {schema: {$ref: '#/components/schemas/Event'}}
      responses:
        "200":
          description: ok
          content:
            application/json: {schema: {$ref: '#/components/schemas/Ack'}}
components:
  schemas:
    Filter: {type: object, properties: {q: {type: string}}}
    Shared: {type: object, properties: {x: {type: string}}}
    In: {type: object, properties: {s: {$ref: '#/components/schemas/Shared'}}}
    Out: {type: object, properties: {s: {$ref: '#/components/schemas/Shared'}}}
    Event: {type: object, properties: {e: {type: string}}}
    Ack: {type: object, properties: {a: {type: string}}}
    Unused: {type: object}
"#;

    #[test]
    fn parameters_bodies_responses_and_webhooks() {
        let api = api(SPEC);
        let r = reach(&api);
        assert_eq!(r.get("Filter"), Some(&Direction::Request));
        assert_eq!(r.get("In"), Some(&Direction::Request));
        assert_eq!(r.get("Out"), Some(&Direction::Response));
        assert_eq!(r.get("Shared"), Some(&Direction::Both));
        // A webhook's body is received by clients; their answer is sent.
        assert_eq!(r.get("Event"), Some(&Direction::Response));
        assert_eq!(r.get("Ack"), Some(&Direction::Request));
        assert_eq!(r.get("Unused"), None);
        let d = Directions::of(&api);
        assert!(d.request.contains("Shared") && d.response.contains("Shared"));
        assert!(!d.request.contains("Unused") && !d.response.contains("Unused"));
    }

    /// The API's own copy is made once and is what `of` makes; a clone
    /// makes its own, from what the clone holds then.
    #[test]
    fn made_once_per_api_and_not_carried_by_a_clone() {
        let api = api(SPEC);
        let first = api.directions();
        assert!(std::ptr::eq(first, api.directions()));
        assert_eq!(first.request, Directions::of(&api).request);
        assert!(first.request.contains("In"));
        let mut changed = api.clone();
        changed.operations.clear();
        changed.outbound.clear();
        assert!(changed.directions().request.is_empty());
        assert!(changed.directions().response.is_empty());
        assert!(api.directions().request.contains("In"));
    }
}
