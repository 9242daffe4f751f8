//! People in the workspace (Admins only): who is in, invitations by link, role changes, deactivation and password
//! reset links. The invitee's and the reset link's own pages are public and live here too.

use crate::AppState;
use crate::auth::{CurrentUser, SESSION_USER};
use crate::error::AppError;
use crate::i18n::Tr;
use crate::people::actions::{self as people_actions, Accept, AddPerson, Invite, IssuedLink};
use crate::ui::{Chrome, PageError, WithUser, after_form};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::{Millis, Role, now_millis};
use sangam_store::people::{self, Invitation};
use sangam_store::users::{self, User};
use std::collections::{HashMap, HashSet};
use tower_sessions::Session;

/// One row of the people table.
pub struct PersonRow {
    pub user: User,
    pub deactivated_at: Option<Millis>,
    pub reset_waiting: bool,
    pub is_me: bool,
}

/// A link just issued, shown once with a copy button.
pub struct Issued {
    pub heading: String,
    pub link: IssuedLink,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/people.html")]
pub struct PeoplePage {
    pub page: Chrome,
    pub people: Vec<PersonRow>,
    pub invitations: Vec<Invitation>,
    pub roles: Vec<(&'static str, String)>,
    pub issued: Option<Issued>,
    pub error: Option<String>,
}

impl PeoplePage {
    /// "5 active people in the workspace", in the viewer's language and plural form.
    pub fn active_line(&self) -> String {
        let count = self
            .people
            .iter()
            .filter(|p| p.deactivated_at.is_none())
            .count();
        self.page
            .t
            .t_count("people-active-count", "count", count as i64)
    }
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<PeoplePage, PageError> {
    render(&state, &user, None, None).await
}

async fn render(
    state: &AppState,
    user: &User,
    issued: Option<Issued>,
    error: Option<String>,
) -> Result<PeoplePage, PageError> {
    let page = Chrome::new(user, "people", "people-title");
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str(), page.t.t(&format!("role-{}", r.as_str()))))
        .collect();
    let now = now_millis();
    let deactivated: HashMap<i64, Millis> = people::deactivated(&state.db, user.workspace_id)
        .await
        .for_user(user)?
        .into_iter()
        .collect();
    let resets: HashSet<i64> = people::open_resets(&state.db, user.workspace_id, now)
        .await
        .for_user(user)?
        .into_iter()
        .map(|r| r.user_id)
        .collect();
    let mut people: Vec<PersonRow> = users::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?
        .into_iter()
        .map(|u| PersonRow {
            deactivated_at: deactivated.get(&u.id).copied(),
            reset_waiting: resets.contains(&u.id),
            is_me: u.id == user.id,
            user: u,
        })
        .collect();
    // Active people first, then the deactivated, each by name.
    people.sort_by_key(|p| p.deactivated_at.is_some());
    let invitations = people::open_invitations(&state.db, user.workspace_id, now)
        .await
        .for_user(user)?;
    Ok(PeoplePage {
        page,
        people,
        invitations,
        roles,
        issued,
        error,
    })
}

/// Adding someone directly, with a password the Admin sets.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<AddPerson>,
) -> Result<Response, PageError> {
    let result = people_actions::add(&state, &user, form).await;
    after_form(
        &user,
        result,
        |_| Redirect::to("/people").into_response(),
        |error| render(&state, &user, None, Some(error)),
    )
    .await
}

pub async fn invite(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<Invite>,
) -> Result<Response, PageError> {
    match people_actions::invite(&state, &user, form).await {
        Ok((invitation, link)) => {
            let t = Tr::new(&user.language, &user.time_zone);
            let issued = Issued {
                heading: t.t1("people-invite-ready", "email", &invitation.email),
                link,
            };
            Ok(render(&state, &user, Some(issued), None)
                .await?
                .into_response())
        }
        Err(e) => again(&state, &user, e).await,
    }
}

/// A mistake the Admin can fix: the page again with the sentence; anything else, the error page.
/// A failed action whose success would show something on this page (an invitation or reset link): the page again
/// with the sentence, or the error page (the same split as [`crate::ui::after_form`]).
async fn again(state: &AppState, user: &User, e: AppError) -> Result<Response, PageError> {
    if !crate::ui::person_can_fix(&e) {
        return Err(PageError {
            user: Some(Box::new(user.clone())),
            error: e,
        });
    }
    let status = e.status();
    Ok((
        status,
        render(state, user, None, Some(e.message_for(user))).await?,
    )
        .into_response())
}

/// A change made from the People page: back to it, or the page again with what went wrong.
async fn back_to_people<T>(
    state: &AppState,
    user: &User,
    result: Result<T, AppError>,
) -> Result<Response, PageError> {
    crate::ui::after_form(
        user,
        result,
        |_| Redirect::to("/people").into_response(),
        |message| render(state, user, None, Some(message)),
    )
    .await
}

pub async fn revoke_invitation(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = people_actions::revoke_invitation(&state, &user, id).await;
    back_to_people(&state, &user, result).await
}

#[derive(serde::Deserialize)]
pub struct RoleForm {
    role: Role,
}

pub async fn change_role(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<RoleForm>,
) -> Result<Response, PageError> {
    let result = people_actions::change_role(&state, &user, id, form.role).await;
    back_to_people(&state, &user, result).await
}

pub async fn deactivate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = people_actions::deactivate(&state, &user, id).await;
    back_to_people(&state, &user, result).await
}

pub async fn reactivate(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    let result = people_actions::reactivate(&state, &user, id).await;
    back_to_people(&state, &user, result).await
}

pub async fn issue_reset(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, PageError> {
    match people_actions::issue_reset(&state, &user, id).await {
        Ok((person, link)) => {
            let t = Tr::new(&user.language, &user.time_zone);
            let issued = Issued {
                heading: t.t1("people-reset-ready", "name", &person.name),
                link,
            };
            Ok(render(&state, &user, Some(issued), None)
                .await?
                .into_response())
        }
        Err(e) => again(&state, &user, e).await,
    }
}

/// The public page behind an invitation or reset link: a small form outside the app's shell.
#[derive(Template, WebTemplate)]
#[template(path = "pages/link_form.html")]
pub struct LinkFormPage {
    pub t: Tr,
    pub title: String,
    pub intro: String,
    /// Where the form posts.
    pub action: String,
    /// Invitations ask for a name; resets do not.
    pub ask_name: bool,
    pub name: String,
    pub error: Option<String>,
    /// The link no longer works: no form, only the sentence.
    pub gone: bool,
}

/// The viewer's language on public pages: the browser's `Accept-Language`, else English.
pub fn browser_language(headers: &HeaderMap) -> Tr {
    Tr::new(crate::i18n::from_accept_language(headers), "UTC")
}

fn gone_page(t: Tr, title_id: &str) -> Response {
    let page = LinkFormPage {
        title: t.t(title_id),
        intro: String::new(),
        action: String::new(),
        ask_name: false,
        name: String::new(),
        error: Some(t.t("link-gone")),
        gone: true,
        t,
    };
    (StatusCode::GONE, page).into_response()
}

pub async fn invitation_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> Result<Response, AppError> {
    let t = browser_language(&headers);
    match people_actions::invitation(&state, &secret).await {
        Ok(invitation) => Ok(LinkFormPage {
            title: t.t("invite-title"),
            intro: t.t1("invite-intro", "email", &invitation.email),
            action: format!("/invite/{secret}"),
            ask_name: true,
            name: String::new(),
            error: None,
            gone: false,
            t,
        }
        .into_response()),
        Err(AppError::Invalid { .. }) => Ok(gone_page(t, "invite-title")),
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize)]
pub struct AcceptForm {
    #[serde(default)]
    name: String,
    password: String,
}

pub async fn accept_invitation(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let t = browser_language(&headers);
    let Ok(invitation) = people_actions::invitation(&state, &secret).await else {
        return Ok(gone_page(t, "invite-title"));
    };
    let input = Accept {
        name: form.name.clone(),
        password: form.password,
    };
    match people_actions::accept(&state, &secret, input).await {
        Ok(user) => {
            sign_in(&session, &user).await?;
            Ok(Redirect::to("/").into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let status = e.status();
            let page = LinkFormPage {
                title: t.t("invite-title"),
                intro: t.t1("invite-intro", "email", &invitation.email),
                action: format!("/invite/{secret}"),
                ask_name: true,
                name: form.name,
                error: Some(e.message_in(&t)),
                gone: false,
                t,
            };
            Ok((status, page).into_response())
        }
        Err(e) => Err(e),
    }
}

/// Starts a session for a person who has just proved who they are by a link.
async fn sign_in(session: &Session, user: &User) -> Result<(), AppError> {
    session
        .cycle_id()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    session
        .insert(SESSION_USER, user.id)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub async fn reset_form(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(secret): Path<String>,
) -> Result<Response, AppError> {
    let t = browser_language(&headers);
    match people_actions::reset_for(&state, &secret).await {
        Ok(person) => {
            let t = Tr::new(&person.language, "UTC");
            Ok(LinkFormPage {
                title: t.t("reset-title"),
                intro: t.t1("reset-intro", "email", &person.email),
                action: format!("/reset/{secret}"),
                ask_name: false,
                name: String::new(),
                error: None,
                gone: false,
                t,
            }
            .into_response())
        }
        Err(AppError::Invalid { .. }) => Ok(gone_page(t, "reset-title")),
        Err(e) => Err(e),
    }
}

pub async fn use_reset(
    State(state): State<AppState>,
    session: Session,
    headers: HeaderMap,
    Path(secret): Path<String>,
    Form(form): Form<AcceptForm>,
) -> Result<Response, AppError> {
    let t = browser_language(&headers);
    let Ok(person) = people_actions::reset_for(&state, &secret).await else {
        return Ok(gone_page(t, "reset-title"));
    };
    match people_actions::use_reset(&state, &secret, &form.password).await {
        Ok(user) => {
            sign_in(&session, &user).await?;
            Ok(Redirect::to("/").into_response())
        }
        Err(e @ AppError::Invalid { .. }) => {
            let t = Tr::new(&person.language, "UTC");
            let page = LinkFormPage {
                title: t.t("reset-title"),
                intro: t.t1("reset-intro", "email", &person.email),
                action: format!("/reset/{secret}"),
                ask_name: false,
                name: String::new(),
                error: Some(e.message_in(&t)),
                gone: false,
                t,
            };
            Ok((e.status(), page).into_response())
        }
        Err(e) => Err(e),
    }
}
