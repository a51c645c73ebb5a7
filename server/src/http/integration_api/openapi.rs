//! The OpenAPI document of the integration API, served at `/api/v1/openapi.json`. Nothing in it
//! is written by hand: the operations come from the handlers' `#[utoipa::path]` and are
//! registered with their routes in one place (`utoipa_axum::routes!`), the schemas from the
//! types the handlers read and write (`ToSchema`), so the document cannot drift from the code.
use crate::competence::employees::Issue;
use serde::Serialize;
use utoipa::{
    Modify, OpenApi, ToResponse, ToSchema,
    openapi::{
        self, ServerBuilder,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Kursportal integration API",
        version = "1",
        description = "The HR feed (employees) and competence transfer (completions of employee profiles). \
            Every call needs «Authorization: Bearer <token>»; tokens are issued with `kursportal token create` \
            or on «Integrasjoner» and carry scopes. Every authenticated call is audited."
    ),
    modifiers(&BearerScheme),
    security(("bearer" = [])),
    components(schemas(Problem), responses(Problem))
)]
pub struct ApiDoc;

/// Every call is authenticated with a bearer token.
struct BearerScheme;

impl Modify for BearerScheme {
    fn modify(&self, openapi: &mut openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// A problem document (RFC 9457): every error of the API is answered with one.
#[derive(Debug, Serialize, ToSchema, ToResponse)]
#[response(
    description = "A problem document (RFC 9457); `errors` names each field to fix",
    content_type = "application/problem+json"
)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: &'static str,
    pub title: &'static str,
    pub status: u16,
    pub detail: String,
    pub errors: Vec<Issue>,
}

/// The document as served: the one built with the routes, with this portal's address.
pub fn document(api: &openapi::OpenApi, public_url: &str) -> openapi::OpenApi {
    let mut api = api.clone();
    api.servers = Some(vec![ServerBuilder::new().url(public_url).build()]);
    api
}
