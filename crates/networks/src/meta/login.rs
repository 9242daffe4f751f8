//! Facebook Login for Business, shared by the Facebook Pages and Instagram connectors ("Manually Build a Login
//! Flow", https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow; "Long-Lived Access
//! Tokens", https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived): the code becomes
//! a user token, the user token a long-lived one, and `/me/accounts` lists the Pages the person granted, each with a
//! Page token that (derived from a long-lived user token) does not expire, and the Instagram professional account
//! linked to it.

use super::{GRAPH_VERSION, Graph, Host, Keys, LongLived, Page};
use crate::connect::ConnectError;
use crate::oauth::{App, Authorize};
use crate::{NetworkError, Rejection};
use reqwest::Method;
use serde::Deserialize;

/// A Page the person manages, with its token and linked Instagram account.
#[derive(Clone, Deserialize)]
pub struct PageGrant {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub access_token: String,
    #[serde(default)]
    pub instagram_business_account: Option<LinkedInstagram>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LinkedInstagram {
    pub id: String,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub name: String,
}

/// `https://www.facebook.com/v25.0/dialog/oauth?client_id&redirect_uri&state&scope&response_type=code`.
pub fn dialog_url(graph: &Graph, app: &App, request: &Authorize, scopes: &[&str]) -> String {
    let scopes = scopes.join(",");
    graph.page_url(
        Host::FacebookWeb,
        &format!("/{GRAPH_VERSION}/dialog/oauth"),
        &[
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", request.redirect_uri.as_str()),
            ("state", request.state.as_str()),
            ("scope", scopes.as_str()),
            ("response_type", "code"),
        ],
    )
}

/// A refused code or secret is the person's to fix; the rest reads as any connection error.
pub fn connect_error(e: NetworkError, network: &'static str) -> ConnectError {
    match e {
        NetworkError::Rejected {
            cause: Rejection::Status(400),
            detail,
        } => ConnectError::WrongCredentials(detail),
        e => ConnectError::from_network(e, network),
    }
}

/// The code, through the long-lived user token, to the Pages granted.
pub async fn pages(
    graph: &Graph,
    app: &App,
    code: &str,
    redirect_uri: &str,
    network: &'static str,
) -> Result<Vec<PageGrant>, ConnectError> {
    let keys = Keys::new(&app.client_id, "");
    let token_path = format!("/{GRAPH_VERSION}/oauth/access_token");
    // `GET /v25.0/oauth/access_token?client_id&redirect_uri&client_secret&code` (code for a user token).
    let req = graph
        .request(Method::GET, Host::FacebookGraph, &token_path, None)
        .query(&[
            ("client_id", app.client_id.as_str()),
            ("redirect_uri", redirect_uri),
            ("client_secret", app.client_secret.as_str()),
            ("code", code),
        ]);
    let short: LongLived = graph
        .call(req, &keys)
        .await
        .map_err(|e| connect_error(e, network))?;
    // `GET /v25.0/oauth/access_token?grant_type=fb_exchange_token&client_id&client_secret&fb_exchange_token`.
    let req = graph
        .request(Method::GET, Host::FacebookGraph, &token_path, None)
        .query(&[
            ("grant_type", "fb_exchange_token"),
            ("client_id", app.client_id.as_str()),
            ("client_secret", app.client_secret.as_str()),
            ("fb_exchange_token", short.access_token.as_str()),
        ]);
    let long: LongLived = graph
        .call(req, &keys)
        .await
        .map_err(|e| connect_error(e, network))?;
    // `GET /v25.0/me/accounts?fields=id,name,access_token,instagram_business_account{id,username,name}` ("Page
    // access tokens"; Instagram Platform "Get the Instagram professional account linked to a Page"), paged.
    let path = format!("/{GRAPH_VERSION}/me/accounts");
    let mut out = Vec::new();
    let mut after: Option<String> = None;
    for _ in 0..20 {
        let mut query = vec![
            (
                "fields",
                "id,name,access_token,instagram_business_account{id,username,name}",
            ),
            ("limit", "100"),
        ];
        if let Some(a) = &after {
            query.push(("after", a.as_str()));
        }
        let page: Page<PageGrant> = graph
            .get(
                Host::FacebookGraph,
                &path,
                &long.access_token,
                &query,
                &keys,
            )
            .await
            .map_err(|e| connect_error(e, network))?;
        let next = page.after();
        out.extend(page.data);
        match next {
            Some(a) => after = Some(a),
            None => break,
        }
    }
    Ok(out)
}
