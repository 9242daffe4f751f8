//! The JSON API under `/api/v1`: everything the pages can do, for scripts and other tools. Authenticated by the
//! session cookie or by a personal token (`Authorization: Bearer sgm_...`). Described by OpenAPI at
//! `/api/openapi.json`, browsable at `/api/docs`.

pub mod care;
pub mod goals;
pub mod idempotency;
pub mod inbox;
pub mod me;
pub mod people;
pub mod posts;
pub mod profiles;
pub mod publishing;
pub mod reports;
pub mod tokens;

use axum::Json;
use axum::http::header::CONTENT_TYPE;
use axum::response::{Html, IntoResponse, Response};
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use idempotency::Documented as IdempotencyKeys;
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Sangam API", description = "Publish, engage, measure and care: the social team's command centre."),
    paths(
        me::show, me::change_password,
        profiles::list, profiles::create, profiles::snapshots, profiles::connect_mastodon, profiles::connect_bluesky,
        profiles::reconnect, profiles::remove,
        posts::list, posts::create, posts::show, posts::retry, posts::engagement,
        people::list, people::create, people::invitations, people::invite, people::revoke_invitation,
        people::change_role, people::deactivate, people::reactivate, people::issue_reset,
        tokens::list, tokens::create, tokens::delete,
        publishing::edit, publishing::delete, publishing::reschedule, publishing::reconcile, publishing::review,
        publishing::reviews, publishing::create_link, publishing::queue, publishing::workflow, publishing::set_workflow,
        publishing::calendar, publishing::crisis_state, publishing::pause, publishing::resume, publishing::audit,
        publishing::upload, publishing::notifications, publishing::queue_slots, publishing::set_queue_slots,
        inbox::list, inbox::bulk, inbox::show, inbox::assign, inbox::status, inbox::hidden, inbox::tag, inbox::untag, inbox::note,
        inbox::reply, inbox::open, inbox::verdict, inbox::mute, inbox::rules, inbox::create_rule, inbox::test_rule,
        inbox::delete_rule, inbox::saved_replies, inbox::create_saved_reply, inbox::settings, inbox::save_settings,
        inbox::save_mine,
        care::me, care::check_in, care::team,
        reports::metrics, reports::benchmarks, reports::profiles, reports::posts, reports::tags, reports::inbox,
        goals::list, goals::create, goals::show,
    ),
    components(schemas(crate::error::ErrorBody)),
    modifiers(&Security, &IdempotencyKeys),
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
