//! Every route in one table: method, path, and the permission it needs (`None`: public). Each feature lists its own
//! rows (`<feature>::routes()`, built with [`get`], [`post`], [`put`] and [`delete`], which state the method once);
//! this module gathers them and builds the router with its middleware. The route-by-role test walks the same table,
//! so a route cannot be added without saying who may use it.

use crate::{
    AppState, account, api, approvals, assets, audit, auth, calendar, care, crisis, dashboard,
    goals, inbox, input, login, media, notifications, observe, people, posts, profiles, queue,
    reports, sandbox, security, sso, tokens, ui, webhooks,
};
use crate::{conversions, links};
use crate::{insights, review};
use axum::Router;
use axum::handler::Handler;
use axum::http::Method;
use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{self, MethodFilter, MethodRouter};
use sangam_domain::Permission;
use sangam_store::sessions::DbSessionStore;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, SessionManagerLayer};

/// Requests larger than this are refused before a handler reads them. Big enough for a post with four phone photos
/// (the composer sends them in one form); each image is capped on its own at upload (`media::actions`).
pub const MAX_BODY_BYTES: usize = 24 * 1024 * 1024;

/// One row of the route table.
#[derive(Debug, Clone)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
    pub permission: Option<Permission>,
}

/// One row of the route table with the handler it serves.
pub(crate) type Entry = (RouteSpec, MethodRouter<AppState>);

/// A row answering `method`: the spec the role-walk test reads and the router axum serves, from one statement.
fn row<H, T>(
    method: Method,
    filter: MethodFilter,
    path: &'static str,
    permission: Option<Permission>,
    handler: H,
) -> Entry
where
    H: Handler<T, AppState>,
    T: 'static,
{
    let spec = RouteSpec {
        method,
        path,
        permission,
    };
    (spec, routing::on(filter, handler))
}

/// A `GET` row; like axum's `get`, it answers `HEAD` too.
pub(crate) fn get<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    permission: Option<Permission>,
    handler: H,
) -> Entry {
    row(Method::GET, MethodFilter::GET, path, permission, handler)
}

pub(crate) fn post<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    permission: Option<Permission>,
    handler: H,
) -> Entry {
    row(Method::POST, MethodFilter::POST, path, permission, handler)
}

pub(crate) fn put<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    permission: Option<Permission>,
    handler: H,
) -> Entry {
    row(Method::PUT, MethodFilter::PUT, path, permission, handler)
}

pub(crate) fn delete<H: Handler<T, AppState>, T: 'static>(
    path: &'static str,
    permission: Option<Permission>,
    handler: H,
) -> Entry {
    row(
        Method::DELETE,
        MethodFilter::DELETE,
        path,
        permission,
        handler,
    )
}

/// Every feature's rows, in the order of a social team's day, then the house's own: health, metrics and assets, open
/// to all.
fn table() -> Vec<Entry> {
    let features = [
        login::routes(),
        sso::routes(),
        dashboard::routes(),
        inbox::routes(),
        posts::routes(),
        crate::bulk::routes(),
        media::routes(),
        calendar::routes(),
        approvals::routes(),
        crisis::routes(),
        queue::routes(),
        reports::routes(),
        goals::routes(),
        review::routes(),
        insights::routes(),
        care::routes(),
        profiles::routes(),
        people::routes(),
        account::routes(),
        tokens::routes(),
        audit::routes(),
        notifications::routes(),
        links::routes(),
        crate::audience::routes(),
        crate::competitors::routes(),
        crate::listening::routes(),
        conversions::routes(),
        sandbox::routes(),
        ui::routes(),
        webhooks::routes(),
        api::routes(),
    ];
    let house = [
        get("/healthz", None, observe::healthz),
        get("/metrics", None, observe::metrics),
        get("/assets/{*path}", None, assets::serve),
    ];
    features.into_iter().flatten().chain(house).collect()
}

/// The route table without handlers, for tests and docs.
pub fn route_specs() -> Vec<RouteSpec> {
    table().into_iter().map(|(spec, _)| spec).collect()
}

/// Builds the whole application from its state.
pub fn make_app(state: AppState) -> Router {
    let mut router = Router::new();
    for (spec, handler) in table() {
        // Inside the permission check, which names the person whose keys these are.
        let handler = if api::idempotency::guards(&spec.method, spec.path) {
            handler.route_layer(from_fn_with_state(
                state.clone(),
                api::idempotency::remember,
            ))
        } else {
            handler
        };
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
        .fallback(ui::not_found)
        .layer(from_fn(input::check_request))
        .layer(from_fn_with_state(state.clone(), security::same_origin))
        .layer(sessions)
        .layer(from_fn(security::headers))
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        // Extractors (multipart forms) default to 2 MB; the layer above is the one limit.
        .layer(axum::extract::DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(from_fn(input::json_errors))
        .layer(CatchPanicLayer::new())
        .with_state(state)
}
