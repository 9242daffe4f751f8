//! Every route in one table: method, path, and the permission it needs (`None`: public). The router is built from the
//! table, and the route-by-role test walks the same table, so a route cannot be added without saying who may use it.

use crate::{AppState, api, assets, auth, observe, pages, security};
use axum::Router;
use axum::http::Method;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{MethodRouter, get, post};
use sangam_domain::Permission;
use sangam_store::sessions::DbSessionStore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Requests larger than this are refused before a handler reads them.
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// One row of the route table.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub permission: Option<Permission>,
}

type Entry = (RouteSpec, MethodRouter<AppState>);

fn r(
    method: Method,
    path: &'static str,
    permission: Option<Permission>,
    handler: MethodRouter<AppState>,
) -> Entry {
    (
        RouteSpec {
            method,
            path,
            permission,
        },
        handler,
    )
}

fn table() -> Vec<Entry> {
    use Permission::*;
    let (g, p) = (Method::GET, Method::POST);
    vec![
        // Pages.
        r(g.clone(), "/login", None, get(pages::login::form)),
        r(p.clone(), "/login", None, post(pages::login::submit)),
        r(
            p.clone(),
            "/logout",
            Some(ManageOwnAccount),
            post(pages::login::logout),
        ),
        r(
            g.clone(),
            "/",
            Some(ViewDashboard),
            get(pages::dashboard::show),
        ),
        r(
            g.clone(),
            "/posts",
            Some(ViewPosts),
            get(pages::posts::list),
        ),
        r(
            g.clone(),
            "/posts/new",
            Some(ComposePosts),
            get(pages::posts::compose),
        ),
        r(
            p.clone(),
            "/posts",
            Some(ComposePosts),
            post(pages::posts::create),
        ),
        r(
            g.clone(),
            "/posts/{id}",
            Some(ViewPosts),
            get(pages::posts::show),
        ),
        r(
            g.clone(),
            "/posts/{id}/deliveries",
            Some(ViewPosts),
            get(pages::posts::deliveries),
        ),
        r(
            p.clone(),
            "/deliveries/{id}/retry",
            Some(ComposePosts),
            post(pages::posts::retry),
        ),
        r(
            g.clone(),
            "/profiles",
            Some(ViewProfiles),
            get(pages::profiles::list),
        ),
        r(
            p.clone(),
            "/profiles",
            Some(ManageProfiles),
            post(pages::profiles::create),
        ),
        r(
            g.clone(),
            "/people",
            Some(ManagePeople),
            get(pages::people::list),
        ),
        r(
            p.clone(),
            "/people",
            Some(ManagePeople),
            post(pages::people::create),
        ),
        r(
            g.clone(),
            "/account",
            Some(ManageOwnAccount),
            get(pages::account::show),
        ),
        r(
            p.clone(),
            "/account",
            Some(ManageOwnAccount),
            post(pages::account::save),
        ),
        r(
            p.clone(),
            "/account/tokens",
            Some(ManageOwnAccount),
            post(pages::account::create_token),
        ),
        r(
            p.clone(),
            "/account/tokens/{id}/delete",
            Some(ManageOwnAccount),
            post(pages::account::delete_token),
        ),
        // Publishing: editing, approvals, calendar, crisis switch, audit.
        r(
            g.clone(),
            "/posts/{id}/edit",
            Some(ComposePosts),
            get(pages::posts::edit_form),
        ),
        r(
            p.clone(),
            "/posts/autosave",
            Some(ComposePosts),
            post(pages::posts::autosave),
        ),
        r(
            p.clone(),
            "/posts/{id}/review",
            Some(ReviewPosts),
            post(pages::posts::review),
        ),
        r(
            p.clone(),
            "/posts/{id}/links",
            Some(ComposePosts),
            post(pages::posts::create_link),
        ),
        r(
            p.clone(),
            "/posts/{id}/delete",
            Some(ComposePosts),
            post(pages::posts::delete),
        ),
        r(
            p.clone(),
            "/posts/{id}/reschedule",
            Some(ComposePosts),
            post(pages::posts::reschedule),
        ),
        r(
            p.clone(),
            "/deliveries/{id}/reconcile",
            Some(ComposePosts),
            post(pages::posts::reconcile),
        ),
        r(
            g.clone(),
            "/calendar",
            Some(ViewPosts),
            get(pages::calendar::show),
        ),
        r(
            g.clone(),
            "/approvals",
            Some(ReviewPosts),
            get(pages::approvals::queue),
        ),
        r(
            g.clone(),
            "/settings/approvals",
            Some(ManageApprovals),
            get(pages::approvals::settings),
        ),
        r(
            p.clone(),
            "/settings/approvals",
            Some(ManageApprovals),
            post(pages::approvals::save_settings),
        ),
        r(
            g.clone(),
            "/crisis",
            Some(PausePublishing),
            get(pages::crisis::show),
        ),
        r(
            p.clone(),
            "/crisis/pause",
            Some(PausePublishing),
            post(pages::crisis::pause),
        ),
        r(
            p.clone(),
            "/crisis/resume",
            Some(PausePublishing),
            post(pages::crisis::resume),
        ),
        r(
            p.clone(),
            "/crisis/profiles/{id}",
            Some(PausePublishing),
            post(pages::crisis::pause_profile),
        ),
        r(
            p.clone(),
            "/crisis/held/{id}",
            Some(PausePublishing),
            post(pages::crisis::decide_held),
        ),
        r(
            g.clone(),
            "/audit",
            Some(ViewAudit),
            get(pages::audit::show),
        ),
        r(
            g.clone(),
            "/banner",
            Some(ManageOwnAccount),
            get(pages::banner::show),
        ),
        r(
            g.clone(),
            "/notifications",
            Some(ManageOwnAccount),
            get(pages::banner::notifications),
        ),
        r(
            p.clone(),
            "/notifications/read",
            Some(ManageOwnAccount),
            post(pages::banner::mark_read),
        ),
        r(
            g.clone(),
            "/media/{id}",
            Some(ViewPosts),
            get(pages::media::serve),
        ),
        // Outside approvers: the signed token is the key, so no session is asked for.
        r(
            g.clone(),
            "/review/{token}",
            None,
            get(pages::review_link::show),
        ),
        r(
            p.clone(),
            "/review/{token}",
            None,
            post(pages::review_link::decide),
        ),
        // The inbox.
        r(
            g.clone(),
            "/inbox",
            Some(ViewInbox),
            get(pages::inbox::list),
        ),
        r(
            g.clone(),
            "/inbox/messages/{id}",
            Some(ViewInbox),
            get(pages::inbox::show),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/assign",
            Some(AnswerInbox),
            post(pages::inbox::assign),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/done",
            Some(AnswerInbox),
            post(pages::inbox::done),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/reopen",
            Some(AnswerInbox),
            post(pages::inbox::reopen),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/hide",
            Some(AnswerInbox),
            post(pages::inbox::hide),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/unhide",
            Some(AnswerInbox),
            post(pages::inbox::unhide),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/tags",
            Some(AnswerInbox),
            post(pages::inbox::tag),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/untag",
            Some(AnswerInbox),
            post(pages::inbox::untag),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/notes",
            Some(AnswerInbox),
            post(pages::inbox::note),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/reply",
            Some(AnswerInbox),
            post(pages::inbox::reply),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/open",
            Some(AnswerInbox),
            post(pages::inbox::open),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/verdict",
            Some(AnswerInbox),
            post(pages::inbox::verdict),
        ),
        r(
            p.clone(),
            "/inbox/messages/{id}/mute",
            Some(AnswerInbox),
            post(pages::inbox::mute),
        ),
        r(
            g.clone(),
            "/inbox/rules",
            Some(ViewInbox),
            get(pages::inbox::rules),
        ),
        r(
            p.clone(),
            "/inbox/rules",
            Some(ManageInbox),
            post(pages::inbox::save_rule),
        ),
        r(
            p.clone(),
            "/inbox/rules/{id}/delete",
            Some(ManageInbox),
            post(pages::inbox::delete_rule),
        ),
        r(
            p.clone(),
            "/inbox/rules/{id}/up",
            Some(ManageInbox),
            post(pages::inbox::rule_up),
        ),
        r(
            g.clone(),
            "/inbox/settings",
            Some(ViewInbox),
            get(pages::inbox::settings),
        ),
        r(
            p.clone(),
            "/inbox/settings",
            Some(ManageInbox),
            post(pages::inbox::save_settings),
        ),
        r(
            p.clone(),
            "/inbox/settings/me",
            Some(AnswerInbox),
            post(pages::inbox::save_mine),
        ),
        r(
            p.clone(),
            "/inbox/saved-replies",
            Some(ManageInbox),
            post(pages::inbox::create_saved_reply),
        ),
        r(
            p.clone(),
            "/inbox/saved-replies/{id}/delete",
            Some(ManageInbox),
            post(pages::inbox::delete_saved_reply),
        ),
        // JSON API.
        r(
            g.clone(),
            "/api/v1/me",
            Some(ManageOwnAccount),
            get(api::me::show),
        ),
        r(
            g.clone(),
            "/api/v1/profiles",
            Some(ViewProfiles),
            get(api::profiles::list),
        ),
        r(
            p.clone(),
            "/api/v1/profiles",
            Some(ManageProfiles),
            post(api::profiles::create),
        ),
        r(
            g.clone(),
            "/api/v1/profiles/{id}/snapshots",
            Some(ViewDashboard),
            get(api::profiles::snapshots),
        ),
        r(
            g.clone(),
            "/api/v1/posts",
            Some(ViewPosts),
            get(api::posts::list),
        ),
        r(
            p.clone(),
            "/api/v1/posts",
            Some(ComposePosts),
            post(api::posts::create),
        ),
        r(
            g.clone(),
            "/api/v1/posts/{id}",
            Some(ViewPosts),
            get(api::posts::show),
        ),
        r(
            p.clone(),
            "/api/v1/deliveries/{id}/retry",
            Some(ComposePosts),
            post(api::posts::retry),
        ),
        r(
            g.clone(),
            "/api/v1/engagement",
            Some(ViewDashboard),
            get(api::posts::engagement),
        ),
        r(
            g.clone(),
            "/api/v1/people",
            Some(ManagePeople),
            get(api::people::list),
        ),
        r(
            p.clone(),
            "/api/v1/people",
            Some(ManagePeople),
            post(api::people::create),
        ),
        r(
            g.clone(),
            "/api/v1/tokens",
            Some(ManageOwnAccount),
            get(api::tokens::list),
        ),
        r(
            p.clone(),
            "/api/v1/tokens",
            Some(ManageOwnAccount),
            post(api::tokens::create),
        ),
        r(
            Method::DELETE,
            "/api/v1/tokens/{id}",
            Some(ManageOwnAccount),
            axum::routing::delete(api::tokens::delete),
        ),
        // The inbox over JSON.
        r(
            g.clone(),
            "/api/v1/inbox",
            Some(ViewInbox),
            get(api::inbox::list),
        ),
        r(
            g.clone(),
            "/api/v1/inbox/{id}",
            Some(ViewInbox),
            get(api::inbox::show),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/assign",
            Some(AnswerInbox),
            post(api::inbox::assign),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/status",
            Some(AnswerInbox),
            post(api::inbox::status),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/hidden",
            Some(AnswerInbox),
            post(api::inbox::hidden),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/tags",
            Some(AnswerInbox),
            post(api::inbox::tag),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/untag",
            Some(AnswerInbox),
            post(api::inbox::untag),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/notes",
            Some(AnswerInbox),
            post(api::inbox::note),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/replies",
            Some(AnswerInbox),
            post(api::inbox::reply),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/open",
            Some(AnswerInbox),
            post(api::inbox::open),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/verdict",
            Some(AnswerInbox),
            post(api::inbox::verdict),
        ),
        r(
            p.clone(),
            "/api/v1/inbox/{id}/mute",
            Some(AnswerInbox),
            post(api::inbox::mute),
        ),
        r(
            g.clone(),
            "/api/v1/inbox-rules",
            Some(ViewInbox),
            get(api::inbox::rules),
        ),
        r(
            p.clone(),
            "/api/v1/inbox-rules",
            Some(ManageInbox),
            post(api::inbox::create_rule),
        ),
        r(
            p.clone(),
            "/api/v1/inbox-rules/test",
            Some(ViewInbox),
            post(api::inbox::test_rule),
        ),
        r(
            Method::DELETE,
            "/api/v1/inbox-rules/{id}",
            Some(ManageInbox),
            axum::routing::delete(api::inbox::delete_rule),
        ),
        r(
            g.clone(),
            "/api/v1/saved-replies",
            Some(ViewInbox),
            get(api::inbox::saved_replies),
        ),
        r(
            p.clone(),
            "/api/v1/saved-replies",
            Some(ManageInbox),
            post(api::inbox::create_saved_reply),
        ),
        r(
            g.clone(),
            "/api/v1/inbox-settings",
            Some(ViewInbox),
            get(api::inbox::settings),
        ),
        r(
            p.clone(),
            "/api/v1/inbox-settings",
            Some(ManageInbox),
            post(api::inbox::save_settings),
        ),
        r(
            p.clone(),
            "/api/v1/inbox-settings/me",
            Some(AnswerInbox),
            post(api::inbox::save_mine),
        ),
        // Open to all: the API's description and docs, health and metrics, assets.
        r(g.clone(), "/api/openapi.json", None, get(api::openapi_json)),
        r(g.clone(), "/api/docs", None, get(api::docs)),
        r(g.clone(), "/healthz", None, get(observe::healthz)),
        r(g.clone(), "/metrics", None, get(observe::metrics)),
        r(g, "/assets/{*path}", None, get(assets::serve)),
    ]
}

/// The route table without handlers, for tests and docs.
pub fn route_specs() -> Vec<RouteSpec> {
    table().into_iter().map(|(spec, _)| spec).collect()
}

/// Builds the whole application from its state.
pub fn make_app(state: AppState) -> Router {
    let mut router = Router::new();
    for (spec, handler) in table() {
        let handler = match spec.permission {
            Some(permission) => handler.route_layer(from_fn_with_state(
                (state.clone(), permission),
                auth::require,
            )),
            None => handler,
        };
        // Timed per route so the histogram is labelled with the matched pattern, which only exists after routing.
        let handler = handler.route_layer(from_fn_with_state(state.clone(), observe::timing));
        router = router.route(spec.path, handler);
    }
    let sessions = SessionManagerLayer::new(DbSessionStore::new(state.db.clone()))
        .with_name("sangam_session")
        .with_same_site(SameSite::Lax)
        .with_http_only(true)
        .with_secure(state.config.secure_cookies)
        .with_expiry(Expiry::OnInactivity(time::Duration::days(7)));
    router
        .fallback(pages::not_found)
        .layer(from_fn(security::same_origin))
        .layer(sessions)
        .layer(from_fn(security::headers))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}
