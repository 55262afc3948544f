//! What every language's client view takes from the client model in the same
//! way, each through its own literal syntax and type mapping: the servers,
//! the user agent, which body kinds are sent, each response's status, what a
//! method returns, the security alternatives and the client's own reserved
//! names. A new language passes its mapping and lays out the rest.

use serde::Serialize;

use super::{BodyKind, ClientModel, ClientOp, ClientResponse, StatusMatch};
use crate::diag::Loc;
use crate::emit::support::doc_lines;

/// A server, its strings as literals of the client's language.
#[derive(Serialize)]
pub struct ServerLiterals {
    pub url_lit: String,
    pub description_lit: String,
    /// (name, default) as literals.
    pub variables: Vec<(String, String)>,
}

impl ClientModel {
    /// Every server, each string written as a literal by `lit`.
    pub fn server_literals(&self, lit: impl Fn(&str) -> String) -> Vec<ServerLiterals> {
        self.servers
            .iter()
            .map(|s| ServerLiterals {
                url_lit: lit(&s.url),
                description_lit: lit(s.description.as_deref().unwrap_or_default()),
                variables: s
                    .variables
                    .iter()
                    .map(|(n, d, _)| (lit(n), lit(d)))
                    .collect(),
            })
            .collect()
    }

    /// The `User-Agent` the client in `lang` sends: `<title>-<lang>/<version>`
    /// with the title in kebab case.
    pub fn user_agent(&self, lang: &str) -> String {
        format!(
            "{}-{lang}/{}",
            heck::ToKebabCase::to_kebab_case(self.title.as_str()),
            self.version
        )
    }

    /// Does some operation send a body of `kind` (so the client needs the
    /// code that encodes it)?
    pub fn sends(&self, kind: BodyKind) -> bool {
        self.operations
            .iter()
            .any(|o| o.body.as_ref().is_some_and(|b| b.kind == kind))
    }
}

impl ClientResponse {
    /// The status as the clients match it: `default`, else the code or the
    /// range in capitals (`200`, `4XX`).
    pub fn status_key(&self) -> String {
        match self.status {
            StatusMatch::Default => "default".to_string(),
            _ => self.label.to_ascii_uppercase(),
        }
    }
}

/// What an operation's method returns, from its success responses.
#[derive(Debug, PartialEq, Eq)]
pub enum Returns<T> {
    /// Every success response is empty.
    Nothing,
    /// Every success response has a body, and all map to this one type.
    One(T),
    /// Anything else (bodies of different types, a body for some statuses
    /// only, no success documented): the language's any-JSON type.
    Several,
}

impl ClientOp {
    /// What the method returns: `body` maps a success response with a body
    /// (JSON or raw) to the type it decodes to, and an empty one to `None`.
    /// It is called once per success response, in order.
    pub fn returns<T: PartialEq>(
        &self,
        mut body: impl FnMut(&ClientResponse) -> Option<T>,
    ) -> Returns<T> {
        let bodies: Vec<Option<T>> = self.successes().map(&mut body).collect();
        if !bodies.is_empty() && bodies.iter().all(Option::is_none) {
            return Returns::Nothing;
        }
        let mut types: Vec<T> = Vec::new();
        let mut every = true;
        for b in bodies {
            match b {
                Some(t) if !types.contains(&t) => types.push(t),
                Some(_) => {}
                None => every = false,
            }
        }
        if every && types.len() == 1 {
            Returns::One(types.remove(0))
        } else {
            Returns::Several
        }
    }

    /// The security alternatives as one literal: each scheme name written by
    /// `lit`, the names of one alternative joined by `, ` and wrapped by
    /// `alternative`, the alternatives joined the same way and wrapped by
    /// `list` (which gets `""` when the operation sends no credentials).
    pub fn security_literal(
        &self,
        lit: impl Fn(&str) -> String,
        alternative: impl Fn(&str) -> String,
        list: impl Fn(&str) -> String,
    ) -> String {
        let alternatives: Vec<String> = self
            .security
            .iter()
            .map(|alt| {
                let names: Vec<String> = alt.iter().map(|s| lit(s)).collect();
                alternative(&names.join(", "))
            })
            .collect();
        list(&alternatives.join(", "))
    }

    /// The summary and the description as documentation lines, a blank
    /// line between them; each client adds what it sends.
    pub fn doc_text(&self) -> Vec<String> {
        let mut text: Vec<String> = Vec::new();
        if let Some(s) = &self.summary {
            text.extend(doc_lines(s.trim()));
        }
        if let Some(d) = &self.description {
            if !text.is_empty() {
                text.push(String::new());
            }
            text.extend(doc_lines(d.trim()));
        }
        text
    }

    /// The method in capitals and the path: `GET /boxes/{id}`.
    pub fn request_line(&self) -> String {
        format!(
            "{} {}",
            self.method.as_str().to_ascii_uppercase(),
            self.path
        )
    }
}

/// Names the client declares whatever the spec, as collision items labelled
/// ``"`name` of <owner>"``.
pub fn reserved(names: &[&str], owner: &str) -> Vec<(String, Loc, String)> {
    names
        .iter()
        .map(|n| (format!("`{n}` of {owner}"), Loc::default(), n.to_string()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn response(label: &str, ty: bool, raw: bool) -> ClientResponse {
        let status = StatusMatch::parse(label).expect("a status");
        ClientResponse {
            status,
            label: label.to_string(),
            success: status.is_success(),
            ty: ty.then_some(crate::ir::TypeRef::Any),
            raw,
            description: None,
        }
    }

    fn returns(responses: Vec<ClientResponse>, types: &[&'static str]) -> Returns<&'static str> {
        let op = ClientOp {
            id: "op".into(),
            source: "op".into(),
            id_synthesized: false,
            method: crate::ir::Method::Get,
            path: "/".into(),
            tag: None,
            summary: None,
            description: None,
            deprecated: false,
            params: Vec::new(),
            body: None,
            responses,
            security: Vec::new(),
            idempotent: true,
        };
        let mut next = types.iter();
        op.returns(|r| (r.ty.is_some() || r.raw).then(|| *next.next().expect("a type")))
    }

    #[test]
    fn a_method_returns_one_type_only_when_every_success_has_it() {
        assert_eq!(
            returns(vec![response("204", false, false)], &[]),
            Returns::Nothing
        );
        assert_eq!(
            returns(
                vec![response("200", true, false), response("201", true, false)],
                &["A", "A"]
            ),
            Returns::One("A")
        );
        assert_eq!(
            returns(
                vec![response("200", true, false), response("201", false, true)],
                &["A", "bytes"]
            ),
            Returns::Several
        );
        assert_eq!(
            returns(
                vec![response("200", true, false), response("204", false, false)],
                &["A"]
            ),
            Returns::Several
        );
        // Errors do not count; no success at all is not "nothing".
        assert_eq!(
            returns(vec![response("404", true, false)], &[]),
            Returns::Several
        );
        assert_eq!(returns(vec![], &[]), Returns::Several);
    }

    #[test]
    fn statuses_are_matched_in_capitals() {
        assert_eq!(response("4xx", false, false).status_key(), "4XX");
        assert_eq!(response("default", false, false).status_key(), "default");
    }
}
