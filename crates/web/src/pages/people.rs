//! People in the workspace (Admins only): list and add.

use super::{Chrome, PageError, WithUser, after_form};
use crate::AppState;
use crate::actions::people::{self as people_actions, AddPerson};
use crate::auth::CurrentUser;
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::State;
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::Role;
use sangam_store::users::{self, User};

#[derive(Template, WebTemplate)]
#[template(path = "pages/people.html")]
pub struct PeoplePage {
    pub page: Chrome,
    pub people: Vec<User>,
    pub roles: Vec<(&'static str, String)>,
    pub error: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<PeoplePage, PageError> {
    render(&state, &user, None).await
}

async fn render(
    state: &AppState,
    user: &User,
    error: Option<String>,
) -> Result<PeoplePage, PageError> {
    let page = Chrome::new(user, "people", "people-title");
    let roles = Role::ALL
        .iter()
        .map(|r| (r.as_str(), page.t.t(&format!("role-{}", r.as_str()))))
        .collect();
    let people = users::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    Ok(PeoplePage {
        page,
        people,
        roles,
        error,
    })
}

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
        |error| render(&state, &user, Some(error)),
    )
    .await
}
