//! The JSON API under `/api/v1`: everything the pages can do, for scripts and other tools. Authenticated by the
//! session cookie or by a personal token (`Authorization: Bearer sgm_...`). Described by OpenAPI at
//! `/api/openapi.json`, browsable at `/api/docs`.

pub mod idempotency;

use crate::account::api as me;
use crate::approvals::api as approvals;
use crate::audit::api as audit;
use crate::calendar::api as calendar;
use crate::care::api as care;
use crate::conversions::{api as conversions, costs};
use crate::crisis::api as crisis;
use crate::goals::api as goals;
use crate::inbox::api as inbox;
use crate::inbox::shield;
use crate::insights::api as insights;
use crate::links::api as links;
use crate::media::api as media;
use crate::notifications::api as notifications;
use crate::people::api as people;
use crate::posts::api as posts;
use crate::profiles::api as profiles;
use crate::queue::api as queue;
use crate::reports::api as reports;
use crate::review::api as review;
use crate::routes::{Entry, get};
use crate::sso::api as sso;
use crate::tokens::api as tokens;
use crate::webhooks::api as webhooks;

use axum::Json;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Response};
use idempotency::Documented as IdempotencyKeys;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Sangam API", description = "Publish, engage, measure and care: the social team's command centre."),
    paths(
        me::show, me::change_password,
        profiles::list, profiles::create, profiles::snapshots, profiles::connect_mastodon, profiles::connect_bluesky,
        profiles::reconnect, profiles::remove,
        crate::profiles::apps::api::show, crate::profiles::apps::api::save, crate::profiles::apps::api::start,
        posts::list, posts::create, posts::show, posts::plan, posts::retry, posts::engagement,
        crate::bulk::api::bulk,
        people::list, people::create, people::invitations, people::invite, people::revoke_invitation,
        people::change_role, people::deactivate, people::reactivate, people::issue_reset,
        tokens::list, tokens::create, tokens::delete,
        posts::edit, posts::delete, posts::reschedule, posts::reconcile,
        approvals::review, approvals::reviews, approvals::create_link, approvals::queue, approvals::workflow,
        approvals::set_workflow,
        calendar::calendar, crisis::crisis_state, crisis::pause, crisis::resume, audit::audit,
        media::upload, notifications::notifications, queue::queue_slots, queue::set_queue_slots,
        inbox::list, inbox::bulk, inbox::show, inbox::assign, inbox::status, inbox::hidden, inbox::tag, inbox::untag, inbox::note,
        inbox::reply, shield::open, inbox::verdict, inbox::mute, inbox::rules, inbox::create_rule, inbox::test_rule,
        inbox::delete_rule, inbox::saved_replies, inbox::create_saved_reply, inbox::settings, inbox::save_settings,
        inbox::save_mine, crate::inbox::threshold::show, crate::inbox::threshold::save,
        crate::inbox::sentiment::correct,
        care::me, care::check_in, care::team,
        reports::metrics, reports::benchmarks, reports::profiles, reports::posts, reports::tags, reports::inbox,
        crate::reports::roi_report::api, links::presets, links::save_presets, links::clicks, conversions::list,
        conversions::create, conversions::spend, costs::list, costs::save_api,
        goals::list, goals::create, goals::show,
        sso::show, sso::save,
        review::list, review::draft, review::show, review::add_item, review::set_done,
        insights::list, insights::create, insights::publish, insights::share,
        webhooks::list, webhooks::create, webhooks::show, webhooks::update, webhooks::delete, webhooks::rotate,
        webhooks::test, webhooks::deliveries,
        crate::competitors::api::list, crate::competitors::api::create, crate::competitors::api::remove,
        crate::competitors::api::report,
        crate::audience::api::report, crate::audience::api::list, crate::audience::api::create,
        crate::audience::api::update, crate::audience::api::delete,
        crate::listening::api::list, crate::listening::api::create, crate::listening::api::show,
        crate::listening::api::remove, crate::listening::api::posts, crate::listening::api::share,
    ),
    components(schemas(crate::error::ErrorBody, sangam_domain::webhook::Envelope)),
    modifiers(&Security, &IdempotencyKeys, &CommonAnswers, &MediaUpload),
    security(("session" = []), ("token" = [])),
)]
pub struct ApiDoc;

struct Security;

impl Modify for Security {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "session",
            SecurityScheme::ApiKey(ApiKey::Cookie(ApiKeyValue::new("sangam_session"))),
        );
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("sgm_...")
                    .build(),
            ),
        );
    }
}

/// Answers every operation can give, whatever its handler: the request layer (`crate::input`) and the auth layer
/// answer them before the handler runs, so each operation lists them and a client can rely on the list.
struct CommonAnswers;

fn error_answer(description: &str) -> utoipa::openapi::RefOr<utoipa::openapi::Response> {
    use utoipa::openapi::{ContentBuilder, Ref, ResponseBuilder};
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
        .into()
}

impl Modify for CommonAnswers {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            let has_path_id = path.contains('{');
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let has_body = operation.request_body.is_some();
                let mut answers = vec![
                    (
                        "401",
                        "Not signed in: no session, or the token is unknown, revoked or expired (`unauthenticated`).",
                    ),
                    (
                        "403",
                        "The role does not allow this (`forbidden`), or the request came from another site \
                         (`cross_site_request`).",
                    ),
                    (
                        "422",
                        "A field, path segment or query parameter is not what this operation takes; `error` is a \
                         stable code naming the problem (e.g. `text_contains_nul`, `text_too_long`, `invalid_json`, \
                         `invalid_request`).",
                    ),
                ];
                if has_path_id || has_body {
                    answers.push((
                        "404",
                        "Something the request names (by path or in its body) is not in this workspace \
                         (`not_found`).",
                    ));
                }
                if has_body {
                    answers.push((
                        "413",
                        "The body is larger than the server takes (`body_too_large`).",
                    ));
                    answers.push((
                        "415",
                        "The body is not of the content type this operation takes (`unsupported_media_type`).",
                    ));
                }
                for (status, description) in answers {
                    operation
                        .responses
                        .responses
                        .entry(status.to_string())
                        .or_insert_with(|| error_answer(description));
                }
            }
        }
    }
}

/// The upload's multipart body, which the handler reads field by field (so no type derives it).
struct MediaUpload;

impl Modify for MediaUpload {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use sangam_domain::text_limits::max_chars;
        use utoipa::openapi::request_body::RequestBodyBuilder;
        use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, SchemaFormat, Type};
        use utoipa::openapi::{ContentBuilder, Required};
        let Some(operation) = openapi
            .paths
            .paths
            .get_mut("/api/v1/media")
            .and_then(|item| item.post.as_mut())
        else {
            return;
        };
        let schema = ObjectBuilder::new()
            .property(
                "image",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
                    .description(Some(format!(
                        "The image file: JPEG, PNG, GIF or WebP, up to {} bytes.",
                        crate::media::actions::MAX_IMAGE_BYTES
                    ))),
            )
            .required("image")
            .property(
                "alt",
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .max_length(Some(max_chars::ALT_TEXT))
                    .description(Some(
                        "Alt text describing the image for people who cannot see it.",
                    )),
            );
        operation.request_body = Some(
            RequestBodyBuilder::new()
                .required(Some(Required::True))
                .content(
                    "multipart/form-data",
                    ContentBuilder::new().schema(Some(schema)).build(),
                )
                .build(),
        );
    }
}

pub async fn openapi_json() -> Response {
    Json(ApiDoc::openapi()).into_response()
}

/// Swagger UI, vendored; started by our own script because the CSP forbids inline script.
pub async fn docs() -> Response {
    let page = r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Sangam API</title>
<link rel="stylesheet" href="/assets/vendor/swagger-ui/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/assets/vendor/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/assets/js/swagger-init.js"></script></body></html>"#;
    ([(CONTENT_TYPE, "text/html; charset=utf-8")], Html(page)).into_response()
}

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    vec![
        get("/api/openapi.json", None, openapi_json),
        get("/api/docs", None, docs),
    ]
}
