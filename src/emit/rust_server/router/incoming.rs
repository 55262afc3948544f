//! The request as the handlers read it (`Incoming`) and the small helpers
//! that parse parameters; each is emitted only when a handler calls it.

use proc_macro2::TokenStream;
use quote::quote;

use super::Needs;

/// The request as the handlers read it.
pub(super) fn incoming(needs: &mut Needs) -> TokenStream {
    if !needs.has("Incoming") {
        return quote!();
    }
    let path = needs.has("path");
    let query = needs.has("query") || needs.has("query_all");
    let headers = needs.has("header")
        || needs.has("cookie")
        || needs.has("credential_header")
        || needs.has("authorization");
    let body = needs.has("json_body")
        || needs.has("optional_json_body")
        || needs.has("required_body")
        || needs.has("body");
    if needs.has("json_body") || needs.has("optional_json_body") {
        needs.add("parse_json_body");
    }
    let mut fields = Vec::new();
    let mut init = Vec::new();
    let mut names = Vec::new();
    let parts_mut = path.then(|| quote!(mut));
    if path {
        fields.push(quote!(
            /// Path parameters by position key (`p0`, `p1` …), percent-decoded.
            path: Vec<(String, String)>,
        ));
        init.push(quote! {
            let path = match RawPathParams::from_request_parts(&mut parts, state).await {
                Ok(params) => params
                    .iter()
                    .map(|(key, value)| (key.to_owned(), value.to_owned()))
                    .collect(),
                Err(RawPathParamsRejection::MissingPathParams(_)) => Vec::new(),
                Err(rejection) => return Err(Rejection::bad_request(rejection.body_text())),
            };
        });
        names.push(quote!(path));
    }
    if query {
        fields.push(quote!(
            /// Query parameters in order, percent-decoded.
            query: Vec<(String, String)>,
        ));
        init.push(quote! {
            let Query(query) = Query::<Vec<(String, String)>>::try_from_uri(&parts.uri)
                .map_err(|rejection| Rejection::bad_request(rejection.body_text()))?;
        });
        names.push(quote!(query));
    }
    if headers {
        fields.push(quote!(headers: HeaderMap,));
        init.push(quote!(let headers = parts.headers.clone();));
        names.push(quote!(headers));
    }
    let (split, state_arg) = if body {
        fields.push(quote!(body: Bytes,));
        init.push(quote! {
            let body = Bytes::from_request(Request::from_parts(parts, body), state)
                .await
                .map_err(|rejection| Rejection {
                    status: rejection.status(),
                    message: rejection.body_text(),
                })?;
        });
        names.push(quote!(body));
        (
            quote!(let (#parts_mut parts, body) = request.into_parts();),
            quote!(state),
        )
    } else if path || query || headers {
        (
            quote!(let (#parts_mut parts, _body) = request.into_parts();),
            if path { quote!(state) } else { quote!(_state) },
        )
    } else {
        (quote!(), quote!(_state))
    };
    let request_arg = if path || query || headers || body {
        quote!(request)
    } else {
        quote!(_request)
    };
    let methods = incoming_methods(needs, path);
    quote! {
        /// The parts of a request the handlers read.
        struct Incoming {
            #(#fields)*
        }

        impl<S: Send + Sync> FromRequest<S> for Incoming {
            type Rejection = Rejection;

            async fn from_request(#request_arg: Request, #state_arg: &S) -> Result<Self, Self::Rejection> {
                #split
                #(#init)*
                Ok(Self { #(#names),* })
            }
        }

        impl Incoming {
            #(#methods)*
        }
    }
}

/// The accessors of `Incoming` the handlers call.
fn incoming_methods(needs: &Needs, path: bool) -> Vec<TokenStream> {
    let mut methods = Vec::new();
    if path {
        methods.push(quote! {
            fn path(&self, key: &str) -> Option<&str> {
                self.path
                    .iter()
                    .find(|(k, _)| k == key)
                    .map(|(_, value)| value.as_str())
            }
        });
    }
    if needs.has("query") {
        methods.push(quote! {
            fn query(&self, name: &str) -> Option<&str> {
                self.query
                    .iter()
                    .find(|(k, _)| k == name)
                    .map(|(_, value)| value.as_str())
            }
        });
    }
    if needs.has("query_all") {
        methods.push(quote! {
            fn query_all(&self, name: &str) -> Vec<&str> {
                self.query
                    .iter()
                    .filter(|(k, _)| k == name)
                    .map(|(_, value)| value.as_str())
                    .collect()
            }
        });
    }
    if needs.has("header") {
        methods.push(quote! {
            fn header(&self, name: &str) -> Result<Option<&str>, Rejection> {
                self.headers
                    .get(name)
                    .map(|value| {
                        value.to_str().map_err(|_| {
                            Rejection::bad_request(format!("header `{name}` is not visible ASCII text"))
                        })
                    })
                    .transpose()
            }
        });
    }
    if needs.has("credential_header") {
        methods.push(quote! {
            /// A non-empty header value; an unreadable one counts as missing.
            fn credential_header(&self, name: &str) -> Option<&str> {
                self.headers
                    .get(name)
                    .and_then(|value| value.to_str().ok())
                    .filter(|value| !value.is_empty())
            }
        });
    }
    if needs.has("authorization") {
        methods.push(quote! {
            /// The credentials of `Authorization: <scheme> <credentials>`.
            fn authorization(&self, scheme: &str) -> Option<&str> {
                let value = self.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
                let (given, credentials) = value.split_once(' ')?;
                let credentials = credentials.trim();
                (given.eq_ignore_ascii_case(scheme) && !credentials.is_empty()).then_some(credentials)
            }
        });
    }
    if needs.has("cookie") {
        methods.push(quote! {
            fn cookie(&self, name: &str) -> Option<&str> {
                self.headers
                    .get_all(header::COOKIE)
                    .iter()
                    .filter_map(|value| value.to_str().ok())
                    .flat_map(|value| value.split(';'))
                    .find_map(|pair| {
                        let (key, value) = pair.trim().split_once('=')?;
                        (key == name).then_some(value)
                    })
            }
        });
    }
    if needs.has("json_body") {
        methods.push(quote! {
            fn json_body<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
                if self.body.is_empty() {
                    return Err(Rejection::bad_request("a JSON request body is required".to_owned()));
                }
                self.parse_json_body()
            }
        });
    }
    if needs.has("optional_json_body") {
        methods.push(quote! {
            fn optional_json_body<T: DeserializeOwned>(&self) -> Result<Option<T>, Rejection> {
                if self.body.is_empty() {
                    return Ok(None);
                }
                self.parse_json_body().map(Some)
            }
        });
    }
    if needs.has("parse_json_body") {
        methods.push(quote! {
            /// Reads the body as JSON; an error names the field at fault.
            fn parse_json_body<T: DeserializeOwned>(&self) -> Result<T, Rejection> {
                let mut deserializer = serde_json::Deserializer::from_slice(&self.body);
                let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
                    let path = error.path().to_string();
                    let error = error.into_inner();
                    if path == "." {
                        Rejection::bad_request(format!("invalid request body: {error}"))
                    } else {
                        Rejection::bad_request(format!("invalid request body at `{path}`: {error}"))
                    }
                })?;
                deserializer
                    .end()
                    .map_err(|error| Rejection::bad_request(format!("invalid request body: {error}")))?;
                Ok(value)
            }
        });
    }
    if needs.has("required_body") {
        methods.push(quote! {
            fn required_body(&self) -> Result<Bytes, Rejection> {
                if self.body.is_empty() {
                    return Err(Rejection::bad_request("a request body is required".to_owned()));
                }
                Ok(self.body.clone())
            }
        });
    }
    methods
}

pub(super) fn helpers(needs: &Needs) -> TokenStream {
    let mut out = Vec::new();
    if needs.has("required") {
        out.push(quote! {
            fn required<'a>(value: Option<&'a str>, what: &str) -> Result<&'a str, Rejection> {
                value.ok_or_else(|| Rejection::bad_request(format!("{what} is required")))
            }
        });
    }
    if needs.has("required_list") {
        out.push(quote! {
            fn required_list<'a>(values: Vec<&'a str>, what: &str) -> Result<Vec<&'a str>, Rejection> {
                if values.is_empty() {
                    return Err(Rejection::bad_request(format!("{what} is required")));
                }
                Ok(values)
            }
        });
    }
    if needs.has("split_list") {
        out.push(quote! {
            /// A comma-separated list (`simple` style, or `form` without explode).
            fn split_list(raw: &str) -> Vec<&str> {
                raw.split(',').collect()
            }
        });
    }
    if needs.has("parse_param") {
        out.push(quote! {
            fn parse_param<T: FromStr>(raw: &str, what: &str, expected: &str) -> Result<T, Rejection> {
                raw.parse().map_err(|_| {
                    Rejection::bad_request(format!("{what} must be {expected}, not `{raw}`"))
                })
            }
        });
    }
    if needs.has("json_response") {
        out.push(quote! {
            fn json_response<T: serde::Serialize>(status: StatusCode, content_type: &'static str, body: &T) -> Response {
                match serde_json::to_vec(body) {
                    Ok(bytes) => (
                        status,
                        [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
                        bytes,
                    )
                        .into_response(),
                    Err(error) => (
                        StatusCode::INTERNAL_SERVER_ERROR,
                        format!("the response could not be serialised: {error}"),
                    )
                        .into_response(),
                }
            }
        });
    }
    if needs.has("bytes_response") {
        out.push(quote! {
            fn bytes_response(status: StatusCode, content_type: &'static str, body: Bytes) -> Response {
                (
                    status,
                    [(header::CONTENT_TYPE, HeaderValue::from_static(content_type))],
                    body,
                )
                    .into_response()
            }
        });
    }
    if needs.has("with_header") {
        out.push(quote! {
            /// Adds a header the handler supplied; a value HTTP cannot carry is a 500.
            fn with_header(mut response: Response, name: &'static str, value: &str) -> Response {
                match HeaderValue::from_str(value) {
                    Ok(value) => {
                        response.headers_mut().insert(HeaderName::from_static(name), value);
                        response
                    }
                    Err(_) => Rejection::internal(format!(
                        "the handler's `{name}` header is not a valid header value"
                    ))
                    .into_response(),
                }
            }
        });
    }
    if needs.has("mark_deprecated") {
        out.push(quote! {
            /// Marks a response served at a renamed operation's old path.
            async fn mark_deprecated(mut response: Response) -> Response {
                response
                    .headers_mut()
                    .insert(HeaderName::from_static("deprecation"), HeaderValue::from_static("true"));
                response
            }
        });
    }
    quote!(#(#out)*)
}
