//! The Kotlin client: `<Title>Client.kt` in the models' package, one
//! `suspend` function per operation on `java.net.http.HttpClient` (JDK 11+)
//! and kotlinx.coroutines (`CompletableFuture.await()`), bodies through the
//! models' kotlinx.serialization serializers (`templates/kotlin/client.kt.jinja`).
//!
//! Every function takes the path parameters, then the required body and
//! required query/header/cookie parameters, then the optional ones as named
//! arguments defaulting to `null`. A status other than success is thrown as
//! the client's `ApiException`.

use std::collections::BTreeSet;
use std::ops::Range;

use serde::Serialize;

use super::view::reserved;
use super::{Auth, BodyKind, ClientModel, ClientOp};
use crate::diag::{Diagnostic, Loc};
use crate::emit::kotlin::{package_of, string_literal, type_ident, ModelTypes};
use crate::emit::{sdk, templates, EmitContext};
use crate::ir::Api;
use crate::naming::{self, check_collisions, IdentKind, Lang};
use crate::output::OutputTree;
use operation::{alias_view, arg_name, op_view, AliasView, OpView};

mod operation;

/// Arguments every client constructor takes before the credentials.
const CONSTRUCTOR: &[&str] = &[
    "baseUrl",
    "httpClient",
    "timeout",
    "userAgent",
    "headers",
    "retry",
    "json",
];

/// Private members of the client class an operation function may not be
/// named like.
const MEMBERS: &[&str] = &[
    "send",
    "decode",
    "decodeAny",
    "arg",
    "authorize",
    "formBody",
    "retryDelay",
    "has",
    "declared",
];

pub fn emit(cx: &EmitContext, tree: &mut OutputTree) -> Result<(), Vec<Diagnostic>> {
    let package = package_of(cx)?;
    let model = ClientModel::new(cx.api, cx.shims);
    let mut types = ModelTypes::new(cx.api);
    let taken = types.declared(cx.shims);
    let view = view(cx.api, &model, &mut types, &taken)?;
    let mut imports: BTreeSet<String> = types.imports().clone();
    imports.extend(
        [
            "kotlinx.coroutines.delay",
            "kotlinx.coroutines.future.await",
            "kotlinx.serialization.DeserializationStrategy",
            "kotlinx.serialization.SerializationStrategy",
            "kotlinx.serialization.json.JsonArray",
            "kotlinx.serialization.json.JsonElement",
            "kotlinx.serialization.json.JsonNull",
            "kotlinx.serialization.json.JsonObject",
            "kotlinx.serialization.json.JsonPrimitive",
        ]
        .map(String::from),
    );
    if view.ops.iter().any(|o| o.result_kind == "any") {
        imports.insert("kotlinx.serialization.json.JsonElement".into());
    }
    let env = cx.templates.renderer("kotlin")?;
    let text = env.render(
        "kotlin/client.kt.jinja",
        minijinja::context! {
            header => cx.header.comment("//"),
            package => package,
            imports => imports,
            client => view,
        },
    )?;
    let path = format!("{}/{}.kt", package.replace('.', "/"), view.names.client);
    tree.insert(path, text)
        .map_err(|e| vec![templates::error("kotlin", &e.to_string())])
}

/// The names of the client's own types, each moved aside (`ApiException` →
/// `ClientApiException`) when a model of the package has it.
#[derive(Serialize)]
struct Names {
    client: String,
    exception: String,
    retry: String,
    basic: String,
    multipart: String,
    /// Private nested classes (a nested class hides a model of its name
    /// inside the client).
    op: String,
    param: String,
    response: String,
}

#[derive(Serialize)]
struct View {
    names: Names,
    title: String,
    version: String,
    user_agent_lit: String,
    base_url_lit: String,
    /// (URL literal, [(name literal, default literal)]).
    servers: Vec<(String, Vec<(String, String)>)>,
    schemes: Vec<SchemeView>,
    ops: Vec<OpView>,
    /// The private objects holding the operations' descriptions.
    description_objects: Vec<DescriptionObject>,
    aliases: Vec<AliasView>,
    uses_basic: bool,
    uses_multipart: bool,
    uses_form: bool,
}

/// A private object of the client holding the descriptions of
/// `ops[start..end]`, built when one of them is first called.
#[derive(Serialize)]
struct DescriptionObject {
    name: String,
    /// What it describes (the comment goes on to say when it is built).
    doc: String,
    start: usize,
    end: usize,
}

#[derive(Serialize)]
struct SchemeView {
    name_lit: String,
    /// The constructor argument.
    arg: String,
    /// Its type (nullable, defaulting to `null`).
    ty: String,
    kind: &'static str,
    location: Option<&'static str>,
    param_lit: Option<String>,
    doc: String,
}

fn view(
    api: &Api,
    model: &ClientModel,
    types: &mut ModelTypes,
    declared: &BTreeSet<String>,
) -> Result<View, Vec<Diagnostic>> {
    let (names, alias_names) = model.method_names(Lang::Kotlin, api)?;
    let mut own = sdk::OwnNames::new(declared.clone());
    let mut pick = |base: &str| own.pick(base);
    let client_base = type_ident(&format!("{} client", model.title));
    let names_ = Names {
        client: pick(&client_base),
        exception: pick("ApiException"),
        retry: pick("RetryPolicy"),
        basic: pick("BasicCredentials"),
        multipart: pick("MultipartBody"),
        op: pick("OperationSpec"),
        param: pick("ParamSpec"),
        response: pick("ResponseSpec"),
    };
    let schemes: Vec<SchemeView> = model
        .schemes
        .iter()
        // Mutual TLS and unknown HTTP schemes are the `httpClient`'s business.
        .filter(|(_, auth)| !matches!(auth, Auth::External { .. }))
        .map(|(name, auth)| scheme(name, auth, &names_))
        .collect();
    let mut errors = Vec::new();
    let mut members: Vec<(String, Loc, String)> = CONSTRUCTOR
        .iter()
        .map(|c| (format!("the `{c}` argument"), Loc::default(), c.to_string()))
        .collect();
    for s in &schemes {
        members.push((
            format!("the argument of security scheme {}", s.name_lit),
            Loc::default(),
            s.arg.clone(),
        ));
    }
    errors.extend(check_collisions("kotlin client arguments", &members));
    let groups = description_groups(&model.operations);
    let description_objects: Vec<DescriptionObject> = groups
        .iter()
        .enumerate()
        .map(|(i, ops)| {
            let first = names[ops.start].trim_matches('`');
            let last = names[ops.end - 1].trim_matches('`');
            let (name, doc) = if groups.len() == 1 {
                (
                    pick("Operations"),
                    "How the operations go on the wire".to_string(),
                )
            } else if ops.len() == 1 {
                (
                    pick(&format!("Operations{}", i + 1)),
                    format!("How [{first}] goes on the wire"),
                )
            } else {
                (
                    pick(&format!("Operations{}", i + 1)),
                    format!("How the operations from [{first}] to [{last}] go on the wire"),
                )
            };
            DescriptionObject {
                name,
                doc,
                start: ops.start,
                end: ops.end,
            }
        })
        .collect();
    let mut methods = reserved(MEMBERS, "the client");
    let mut ops = Vec::new();
    for (i, (op, name)) in model.operations.iter().zip(&names).enumerate() {
        methods.push((op.id.clone(), Loc::default(), name.trim_matches('`').into()));
        let holder = description_objects
            .iter()
            .find(|o| (o.start..o.end).contains(&i))
            .map_or("", |o| o.name.as_str());
        let v = op_view(types, op, name.clone(), &names_, holder);
        let args: Vec<(String, Loc, String)> = op
            .params
            .iter()
            .map(|p| (p.wire.clone(), Loc::default(), arg_name(p)))
            .collect();
        errors.extend(super::argument_collisions(
            &format!("kotlin arguments of {}", op.id),
            args,
            &["body", &v.var],
        ));
        ops.push(v);
    }
    errors.extend(check_collisions("kotlin client methods", &methods));
    if !errors.is_empty() {
        return Err(errors);
    }
    let aliases = model
        .aliases
        .iter()
        .zip(alias_names)
        .map(|(a, name)| alias_view(a, name, &ops[a.target]))
        .collect();
    Ok(View {
        title: model.title.clone(),
        version: model.version.clone(),
        user_agent_lit: string_literal(&model.user_agent("kotlin")),
        base_url_lit: string_literal(&model.default_base_url()),
        servers: model
            .server_literals(string_literal)
            .into_iter()
            .map(|s| (s.url_lit, s.variables))
            .collect(),
        uses_basic: schemes.iter().any(|s| s.kind == "basic"),
        uses_multipart: model.sends(BodyKind::Multipart),
        uses_form: model.sends(BodyKind::Form),
        names: names_,
        schemes,
        ops,
        description_objects,
        aliases,
    })
}

/// The JVM caps a method at 64 KB of bytecode, and the static initializer
/// of an object holding operation descriptions builds every one of them:
/// some 25 bytes per constructor call (the `OperationSpec`, each
/// `ParamSpec`, each `ResponseSpec`), a few more for its lists. An object
/// holds descriptions of at most this many calls, so its initializer stays
/// far below the cap (some 5 KB) however many operations the spec has; a
/// class per object is little beside the one per `suspend` function.
const CALLS_PER_OBJECT: usize = 200;

/// The operations each object of descriptions holds, in order: as many as
/// fit in [`CALLS_PER_OBJECT`], at least one.
fn description_groups(ops: &[ClientOp]) -> Vec<Range<usize>> {
    let mut groups: Vec<Range<usize>> = Vec::new();
    let mut calls = 0;
    for (i, op) in ops.iter().enumerate() {
        // The OperationSpec and its security list count as two.
        let cost = 2 + op.params.len() + op.responses.len();
        match groups.last_mut() {
            Some(g) if calls + cost <= CALLS_PER_OBJECT => {
                g.end = i + 1;
                calls += cost;
            }
            _ => {
                groups.push(i..i + 1);
                calls = cost;
            }
        }
    }
    groups
}

fn scheme(name: &str, auth: &Auth, names: &Names) -> SchemeView {
    let arg = naming::ident(Lang::Kotlin, IdentKind::Parameter, name);
    let (location, param) = auth.key_location();
    let (ty, doc) = match auth {
        Auth::ApiKey { location, name: p } => (
            "String?".to_string(),
            format!("the API key sent in the {p} {}", location.as_str()),
        ),
        Auth::Bearer { oauth } => (
            "(suspend () -> String)?".to_string(),
            format!(
                "returns the {}, sent as a bearer token; asked before every request, so it can refresh",
                if *oauth {
                    "OAuth 2 / OpenID Connect access token"
                } else {
                    "bearer token"
                }
            ),
        ),
        Auth::Basic => (
            format!("{}?", names.basic),
            "the user name and password for HTTP basic authentication".to_string(),
        ),
        Auth::External { what } => (String::new(), what.clone()),
    };
    SchemeView {
        name_lit: string_literal(name),
        arg,
        ty,
        kind: auth.kind(),
        location,
        param_lit: param.map(string_literal),
        doc,
    }
}
