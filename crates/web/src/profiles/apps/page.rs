//! The Profiles page's side of app networks: saving the app, Connect (off to the network), the callback, and the
//! page where the person picks which of several granted accounts to add.

use super::flow::{self, Callback, Finished, Offered, SetApp};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::profiles::page::outcome;
use crate::ui::{Chrome, PageError};
use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};

pub async fn set_app(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(network): Path<String>,
    Form(form): Form<SetApp>,
) -> Result<Response, PageError> {
    let result = async {
        let connector = flow::connector(&state, &network)?;
        flow::set_app(&state, &user, connector.as_ref(), form).await
    }
    .await;
    outcome(&state, user, result).await
}

pub async fn start(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(network): Path<String>,
) -> Result<Response, PageError> {
    let result = async {
        let connector = flow::connector(&state, &network)?;
        flow::start(&state, &user, connector.as_ref()).await
    }
    .await;
    match result {
        // Not a redirect: the page's `form-action 'self'` would stop a form's redirect to the network, so the
        // browser leaves from a page of ours instead (and the person can follow the link by hand).
        Ok(url) => {
            let network_name = sangam_domain::NetworkKind::parse(&network)
                .map(|k| k.display_name())
                .unwrap_or_default();
            Ok(LeavingPage {
                page: Chrome::new(&user, "profiles", "profiles-title"),
                url,
                network_name,
            }
            .into_response())
        }
        Err(e) => outcome::<()>(&state, user, Err(e)).await,
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/profiles_leaving.html")]
pub struct LeavingPage {
    pub page: Chrome,
    /// The network's authorization URL (the page escapes it).
    pub url: String,
    pub network_name: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/profiles_pick.html")]
pub struct PickPage {
    pub page: Chrome,
    pub network: String,
    pub network_name: String,
    pub state: String,
    pub accounts: Vec<Offered>,
}

pub async fn callback(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(network): Path<String>,
    Query(back): Query<Callback>,
) -> Result<Response, PageError> {
    let result = async {
        let connector = flow::connector(&state, &network)?;
        flow::callback(&state, &user, connector.as_ref(), back).await
    }
    .await;
    match result {
        Ok(Finished::Pick {
            state: token,
            accounts,
        }) => {
            let kind = sangam_domain::NetworkKind::parse(&network);
            let page = Chrome::new(&user, "profiles", "profiles-pick-title");
            Ok(PickPage {
                page,
                network_name: kind.map(|k| k.display_name()).unwrap_or_default().into(),
                network,
                state: token,
                accounts,
            }
            .into_response())
        }
        Ok(Finished::Stored(_)) => Ok(Redirect::to("/profiles").into_response()),
        Err(e) => outcome::<()>(&state, user, Err(e)).await,
    }
}

pub async fn pick(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(network): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, PageError> {
    let token = pairs
        .iter()
        .find(|(k, _)| k == "state")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let chosen: Vec<usize> = pairs
        .iter()
        .filter(|(k, _)| k == "account")
        .filter_map(|(_, v)| v.parse().ok())
        .collect();
    let result = async {
        let connector = flow::connector(&state, &network)?;
        flow::pick(&state, &user, connector.as_ref(), &token, &chosen).await
    }
    .await;
    outcome(&state, user, result).await
}
