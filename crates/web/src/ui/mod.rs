//! What every page shares. Each page handler returns an askama template; every page shares the [`Chrome`] (navigation, language,
//! the signed-in person). Only pages the person's role can open appear in the navigation.

pub mod banner;
pub mod svg;

use crate::error::AppError;
use crate::i18n::Tr;
use crate::routes::{Entry, get};
use askama::Template;
use askama_web::WebTemplate;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use sangam_domain::ErrorCode;
use sangam_domain::Permission;
use sangam_store::users::User;

pub struct NavItem {
    pub href: &'static str,
    pub label: String,
    pub active: bool,
    /// The section heading to show before this item: set on the first item the person sees of each section.
    pub section: Option<String>,
}

/// What every signed-in page shows around its content.
pub struct Chrome {
    pub t: Tr,
    pub user: User,
    pub nav: Vec<NavItem>,
    pub title: String,
}

/// The navigation, in the order of a social team's day: what came in, what goes out, how it went, how people are,
/// and the workspace itself. Each entry: (id, path, label, the permission that shows it).
const NAV: &[(&str, &str, &str, Permission)] = &[
    ("dashboard", "/", "nav-dashboard", Permission::ViewDashboard),
    ("inbox", "/inbox", "nav-inbox", Permission::ViewInbox),
    ("posts", "/posts", "nav-posts", Permission::ViewPosts),
    (
        "compose",
        "/posts/new",
        "nav-compose",
        Permission::ComposePosts,
    ),
    (
        "calendar",
        "/calendar",
        "nav-calendar",
        Permission::ViewPosts,
    ),
    (
        "approvals",
        "/approvals",
        "nav-approvals",
        Permission::ReviewPosts,
    ),
    (
        "crisis",
        "/crisis",
        "nav-crisis",
        Permission::PausePublishing,
    ),
    (
        "reports",
        "/reports/profiles",
        "nav-reports",
        Permission::ViewReports,
    ),
    (
        "audience",
        "/audience",
        "nav-audience",
        Permission::ViewReports,
    ),
    (
        "competitors",
        "/competitors",
        "nav-competitors",
        Permission::ViewReports,
    ),
    (
        "listening",
        "/listening",
        "nav-listening",
        Permission::ViewReports,
    ),
    (
        "share-of-voice",
        "/listening/share-of-voice",
        "nav-share-of-voice",
        Permission::ViewReports,
    ),
    ("links", "/links", "nav-links", Permission::ViewReports),
    (
        "conversions",
        "/conversions",
        "nav-conversions",
        Permission::ManageTracking,
    ),
    ("costs", "/costs", "nav-costs", Permission::ManageCosts),
    ("goals", "/goals", "nav-goals", Permission::ViewReports),
    ("review", "/reviews", "nav-review", Permission::ViewInbox),
    (
        "insights",
        "/insights",
        "nav-insights",
        Permission::ViewReports,
    ),
    (
        "my-week",
        "/care/me",
        "nav-my-week",
        Permission::ViewOwnWellbeing,
    ),
    (
        "care-team",
        "/care/team",
        "nav-care-team",
        Permission::ViewTeamCare,
    ),
    (
        "profiles",
        "/profiles",
        "nav-profiles",
        Permission::ViewProfiles,
    ),
    ("people", "/people", "nav-people", Permission::ManagePeople),
    ("sso", "/settings/sso", "nav-sso", Permission::ManagePeople),
    ("audit", "/audit", "nav-audit", Permission::ViewAudit),
    (
        "webhooks",
        "/settings/webhooks",
        "nav-webhooks",
        Permission::ManageWebhooks,
    ),
    (
        "account",
        "/account",
        "nav-account",
        Permission::ManageOwnAccount,
    ),
];

/// The heading a navigation entry sits under (the dashboard sits above them all).
fn nav_section(id: &str) -> Option<&'static str> {
    match id {
        "inbox" => Some("nav-section-engage"),
        "posts" | "compose" | "calendar" | "approvals" | "crisis" => Some("nav-section-publish"),
        "reports" | "goals" | "review" | "insights" | "audience" => Some("nav-section-measure"),
        "links" | "conversions" | "costs" | "competitors" => Some("nav-section-measure"),
        "listening" | "share-of-voice" => Some("nav-section-measure"),
        "my-week" | "care-team" => Some("nav-section-care"),
        "profiles" | "people" | "sso" | "audit" | "account" => Some("nav-section-workspace"),
        "webhooks" => Some("nav-section-workspace"),
        _ => None,
    }
}

/// Where a role starts: the page sign-in lands on and error pages lead back to. Someone who reviews posts but writes
/// none (an Approver) starts at the approval queue, their work; everyone else on the first page of the navigation
/// they may open.
pub fn home_for(role: sangam_domain::Role) -> (&'static str, &'static str) {
    if role.can(Permission::ReviewPosts) && !role.can(Permission::ComposePosts) {
        return ("/approvals", "nav-approvals");
    }
    NAV.iter()
        .find(|(_, _, _, p)| role.can(*p))
        .map(|(_, href, label, _)| (*href, *label))
        .unwrap_or(("/account", "nav-account"))
}

impl Chrome {
    /// The person's start page ([`home_for`]).
    pub fn home(&self) -> &'static str {
        home_for(self.user.role).0
    }

    /// "Back to ..." the person's start page, in their language.
    pub fn home_link_text(&self) -> String {
        let label = self.t.t(home_for(self.user.role).1);
        self.t.t1("error-back-home", "page", label)
    }

    pub fn new(user: &User, active: &str, title_id: &str) -> Chrome {
        let t = Tr::new(&user.language, &user.time_zone);
        let mut last_section = None;
        let nav = NAV
            .iter()
            .filter(|(_, _, _, p)| user.role.can(*p))
            .map(|(id, href, label, _)| {
                let section = nav_section(id);
                let heading = (section != last_section).then_some(section).flatten();
                last_section = section;
                NavItem {
                    href,
                    label: t.t(label),
                    active: *id == active,
                    section: heading.map(|s| t.t(s)),
                }
            })
            .collect();
        let title = t.t(title_id);
        Chrome {
            t,
            user: user.clone(),
            nav,
            title,
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/error.html")]
pub struct ErrorPage {
    pub page: Chrome,
    pub message: String,
    pub code: ErrorCode,
}

/// An error shown as a page, in the person's language where we have the sentence.
pub fn error_page(user: &User, error: AppError) -> Response {
    let status = error.status();
    let page = Chrome::new(user, "", "error-title");
    (
        status,
        ErrorPage {
            message: error.message_in(&page.t),
            code: error.code(),
            page,
        },
    )
        .into_response()
}

/// Errors in page handlers: shown as a page when we know who is asking.
pub struct PageError {
    /// Boxed: errors travel through every handler's `Result`, so they stay small.
    pub user: Option<Box<User>>,
    pub error: AppError,
}

impl<E: Into<AppError>> From<E> for PageError {
    fn from(e: E) -> Self {
        PageError {
            user: None,
            error: e.into(),
        }
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match self.user {
            Some(user) => error_page(&user, self.error),
            None => (self.error.status(), self.error.to_string()).into_response(),
        }
    }
}

/// What a form handler does with its action's result: on success, what `done` makes of it; on a mistake the person
/// can fix, the form again (drawn by `again` with the sentence) under the error's status, so nothing typed is lost;
/// anything else, the error page.
pub async fn after_form<T, P, Fut>(
    user: &User,
    result: Result<T, AppError>,
    done: impl FnOnce(T) -> Response,
    again: impl FnOnce(String) -> Fut,
) -> Result<Response, PageError>
where
    Fut: std::future::Future<Output = Result<P, PageError>>,
    P: IntoResponse,
{
    match result {
        Ok(value) => Ok(done(value)),
        Err(e) if person_can_fix(&e) => {
            let status = e.status();
            Ok((status, again(e.message_for(user)).await?).into_response())
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user.clone())),
            error,
        }),
    }
}

/// Mistakes a person can fix on the form they sent (a wrong value, a clash, a vanished item): shown on the form again
/// rather than as an error page.
pub fn person_can_fix(e: &AppError) -> bool {
    matches!(
        e,
        AppError::Invalid { .. } | AppError::Conflict(_) | AppError::NotFound(_)
    )
}

pub trait WithUser<T> {
    /// Attaches the person so the error renders as a full page.
    fn for_user(self, user: &User) -> Result<T, PageError>;
}

impl<T, E: Into<AppError>> WithUser<T> for Result<T, E> {
    fn for_user(self, user: &User) -> Result<T, PageError> {
        self.map_err(|e| PageError {
            user: Some(Box::new(user.clone())),
            error: e.into(),
        })
    }
}

/// An error page for a request we cannot tie to a person (signed out, or before the handler ran), in the browser's
/// language.
#[derive(Template, WebTemplate)]
#[template(path = "pages/error_standalone.html")]
pub struct StandaloneErrorPage {
    pub t: Tr,
    pub message: String,
    pub code: ErrorCode,
}

pub fn standalone_error(
    headers: &axum::http::HeaderMap,
    status: StatusCode,
    code: ErrorCode,
    message: impl FnOnce(&Tr) -> String,
) -> Response {
    let t = Tr::new(crate::i18n::from_accept_language(headers), "UTC");
    let message = message(&t);
    (status, StandaloneErrorPage { t, message, code }).into_response()
}

/// Whether a request comes from a browser page rather than an API client: the JSON API lives under `/api/`, and a
/// browser asks for HTML.
pub fn wants_page(uri: &axum::http::Uri, headers: &axum::http::HeaderMap) -> bool {
    !uri.path().starts_with("/api/")
        && headers
            .get(axum::http::header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("text/html"))
}

/// No route here: a page for a browser, our JSON error for everyone else, in the language of the person asking when
/// they are signed in (their account's setting), else in the browser's.
pub async fn not_found(
    axum::extract::State(state): axum::extract::State<crate::AppState>,
    request: axum::extract::Request,
) -> Response {
    let (parts, _) = request.into_parts();
    let session = parts.extensions.get::<tower_sessions::Session>().cloned();
    let person = crate::auth::identify(&state, &parts, session.as_ref())
        .await
        .ok()
        .flatten();
    let t = match &person {
        Some(user) => Tr::new(&user.language, &user.time_zone),
        None => Tr::new(crate::i18n::from_accept_language(&parts.headers), "UTC"),
    };
    let message = t.t("page-not-found");
    if wants_page(&parts.uri, &parts.headers) {
        let code = ErrorCode::NotFound;
        return (
            StatusCode::NOT_FOUND,
            StandaloneErrorPage { t, message, code },
        )
            .into_response();
    }
    let body = crate::error::ErrorBody {
        error: ErrorCode::NotFound,
        message,
    };
    (StatusCode::NOT_FOUND, axum::Json(body)).into_response()
}

/// This feature's rows of the route table: path, method and the permission each needs (`None`: public).
pub(crate) fn routes() -> Vec<Entry> {
    use sangam_domain::Permission::*;
    vec![get("/banner", Some(ManageOwnAccount), banner::show)]
}
