//! A small OAuth 2.0 network of our own, for the app-network connect flow without any real network: a wiremock
//! server with an authorization endpoint (which, standing in for the person's consent, redirects straight back with
//! a code, or with `error=access_denied`), a token endpoint (authorization code with PKCE S256 checked here, and
//! refresh tokens that can be revoked), an account list and a posting endpoint; and a tiny connector speaking to it
//! that implements `Network` and `OAuthNetwork` the way the real connectors do, as `NetworkKind::X`.

use async_trait::async_trait;
use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use sangam_domain::{Millis, NetworkKind, now_millis};
use sangam_networks::connect::{ConnectError, Connected};
use sangam_networks::oauth::{App, Authorize, Granted, OAuthNetwork, Refreshed};
use sangam_networks::{
    Account, InboundPage, Network, NetworkError, Outbound, PostCounts, ProfileCounts, Published,
};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

pub const CLIENT_ID: &str = "fake-client-id";
pub const CLIENT_SECRET: &str = "fake-client-secret-9f3a";
pub const SCOPES: &[&str] = &["posts.write", "offline.access"];

/// What the fake's consent screen does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Consent {
    /// The person grants these accounts (id, handle, name).
    Grant(Vec<(String, String, String)>),
    Deny,
}

#[derive(Debug)]
pub struct FakeState {
    pub consent: Consent,
    /// Whether tokens come with a refresh token (X, LinkedIn) or not (a long-lived token that must be reconnected).
    pub refreshable: bool,
    /// Seconds the access tokens last.
    pub expires_in: i64,
    /// Codes handed out: code → (challenge, redirect_uri).
    codes: HashMap<String, (String, String)>,
    /// Live access tokens and refresh tokens, each to the grant's account ids.
    access: HashMap<String, Vec<String>>,
    refresh: HashMap<String, Vec<String>>,
    /// Every call, in order, as `METHOD /path detail`.
    pub calls: Vec<String>,
    /// Texts posted, by account id.
    pub posted: Vec<(String, String)>,
    issued: u64,
}

impl FakeState {
    fn token(&mut self, prefix: &str) -> String {
        self.issued += 1;
        format!("{prefix}-{}-{:x}", self.issued, rand::random::<u32>())
    }

    /// The grant behind every refresh token is withdrawn (the person revoked the app on the network).
    pub fn revoke_all(&mut self) {
        self.refresh.clear();
        self.access.clear();
    }

    pub fn count(&self, call: &str) -> usize {
        self.calls.iter().filter(|c| c.starts_with(call)).count()
    }
}

/// The fake network's server and its state, which a test changes between steps.
pub struct FakeOAuth {
    pub server: MockServer,
    pub state: Arc<Mutex<FakeState>>,
}

impl FakeOAuth {
    pub async fn start(consent: Consent) -> FakeOAuth {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(FakeState {
            consent,
            refreshable: true,
            expires_in: 7_200,
            codes: HashMap::new(),
            access: HashMap::new(),
            refresh: HashMap::new(),
            calls: Vec::new(),
            posted: Vec::new(),
            issued: 0,
        }));
        for (verb, route) in [
            ("GET", "/oauth/authorize"),
            ("POST", "/oauth/token"),
            ("GET", "/me/accounts"),
            ("POST", "/posts"),
        ] {
            Mock::given(method(verb))
                .and(path(route))
                .respond_with(Handler(state.clone()))
                .mount(&server)
                .await;
        }
        FakeOAuth { server, state }
    }

    pub fn base(&self) -> String {
        self.server.uri()
    }

    pub fn connector(&self) -> Arc<FakeConnector> {
        Arc::new(FakeConnector {
            base: self.base(),
            http: reqwest::Client::builder()
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
        })
    }

    pub fn set<R>(&self, change: impl FnOnce(&mut FakeState) -> R) -> R {
        change(&mut self.state.lock().expect("fake state"))
    }
}

struct Handler(Arc<Mutex<FakeState>>);

fn query(request: &Request) -> HashMap<String, String> {
    request.url.query_pairs().into_owned().collect()
}

fn form(request: &Request) -> HashMap<String, String> {
    url_pairs(&String::from_utf8_lossy(&request.body))
}

fn url_pairs(body: &str) -> HashMap<String, String> {
    reqwest::Url::parse(&format!("http://x/?{body}"))
        .map(|u| u.query_pairs().into_owned().collect())
        .unwrap_or_default()
}

fn bearer(request: &Request) -> String {
    request
        .headers
        .get("authorization")
        .and_then(|h| h.to_str().ok())
        .and_then(|h| h.strip_prefix("Bearer "))
        .unwrap_or_default()
        .to_string()
}

fn oauth_error(status: u16, error: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(serde_json::json!({"error": error}))
}

impl Respond for Handler {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut s = self.0.lock().expect("fake state");
        let route = request.url.path().to_string();
        match route.as_str() {
            "/oauth/authorize" => {
                let q = query(request);
                s.calls.push(format!(
                    "GET /oauth/authorize {}",
                    q.get("scope").cloned().unwrap_or_default()
                ));
                let redirect = q.get("redirect_uri").cloned().unwrap_or_default();
                let state = q.get("state").cloned().unwrap_or_default();
                let well_formed = q.get("client_id").map(String::as_str) == Some(CLIENT_ID)
                    && q.get("response_type").map(String::as_str) == Some("code")
                    && q.get("code_challenge_method").map(String::as_str) == Some("S256")
                    && q.get("code_challenge").is_some_and(|c| c.len() == 43)
                    && !state.is_empty()
                    && redirect.starts_with("http");
                if !well_formed {
                    return oauth_error(400, "invalid_request");
                }
                let mut back = reqwest::Url::parse(&redirect).expect("redirect uri");
                if s.consent == Consent::Deny {
                    back.query_pairs_mut()
                        .append_pair("error", "access_denied")
                        .append_pair("state", &state);
                } else {
                    let code = s.token("code");
                    let challenge = q.get("code_challenge").cloned().unwrap_or_default();
                    s.codes.insert(code.clone(), (challenge, redirect.clone()));
                    back.query_pairs_mut()
                        .append_pair("code", &code)
                        .append_pair("state", &state);
                }
                ResponseTemplate::new(302).insert_header("Location", back.as_str())
            }
            "/oauth/token" => {
                let f = form(request);
                let grant = f.get("grant_type").cloned().unwrap_or_default();
                s.calls.push(format!("POST /oauth/token {grant}"));
                if f.get("client_id").map(String::as_str) != Some(CLIENT_ID)
                    || f.get("client_secret").map(String::as_str) != Some(CLIENT_SECRET)
                {
                    return oauth_error(401, "invalid_client");
                }
                let accounts = match grant.as_str() {
                    "authorization_code" => {
                        let code = f.get("code").cloned().unwrap_or_default();
                        let Some((challenge, redirect)) = s.codes.remove(&code) else {
                            return oauth_error(400, "invalid_grant");
                        };
                        let verifier = f.get("code_verifier").cloned().unwrap_or_default();
                        let proved = URL_SAFE_NO_PAD.encode(Sha256::digest(verifier.as_bytes()));
                        if proved != challenge || f.get("redirect_uri") != Some(&redirect) {
                            return oauth_error(400, "invalid_grant");
                        }
                        match &s.consent {
                            Consent::Grant(accounts) => {
                                accounts.iter().map(|(id, _, _)| id.clone()).collect()
                            }
                            Consent::Deny => return oauth_error(400, "access_denied"),
                        }
                    }
                    "refresh_token" => {
                        let old = f.get("refresh_token").cloned().unwrap_or_default();
                        match s.refresh.remove(&old) {
                            Some(accounts) => accounts,
                            None => return oauth_error(400, "invalid_grant"),
                        }
                    }
                    _ => return oauth_error(400, "unsupported_grant_type"),
                };
                let access = s.token("at");
                s.access.insert(access.clone(), accounts.clone());
                let mut body = serde_json::json!({
                    "access_token": access,
                    "token_type": "bearer",
                    "expires_in": s.expires_in,
                });
                if s.refreshable {
                    let refresh = s.token("rt");
                    s.refresh.insert(refresh.clone(), accounts);
                    body["refresh_token"] = refresh.into();
                }
                ResponseTemplate::new(200).set_body_json(body)
            }
            "/me/accounts" => {
                s.calls.push("GET /me/accounts".into());
                let Some(ids) = s.access.get(&bearer(request)).cloned() else {
                    return oauth_error(401, "invalid_token");
                };
                let Consent::Grant(all) = &s.consent else {
                    return oauth_error(401, "invalid_token");
                };
                let list: Vec<_> = all
                    .iter()
                    .filter(|(id, _, _)| ids.contains(id))
                    .map(|(id, handle, name)| serde_json::json!({"id": id, "username": handle, "name": name}))
                    .collect();
                ResponseTemplate::new(200).set_body_json(serde_json::json!({"data": list}))
            }
            "/posts" => {
                s.calls.push("POST /posts".into());
                let token = bearer(request);
                let Some(ids) = s.access.get(&token).cloned() else {
                    return oauth_error(401, "invalid_token");
                };
                let body: serde_json::Value =
                    serde_json::from_slice(&request.body).unwrap_or_default();
                let account = body["account_id"].as_str().unwrap_or_default().to_string();
                if !ids.contains(&account) {
                    return oauth_error(403, "forbidden");
                }
                let text = body["text"].as_str().unwrap_or_default().to_string();
                s.posted.push((account, text));
                let id = s.posted.len();
                ResponseTemplate::new(201)
                    .set_body_json(serde_json::json!({"id": format!("p{id}")}))
            }
            _ => ResponseTemplate::new(404),
        }
    }
}

/// The connector for the fake network, shaped like the real ones: credentials hold the access token, the refresh
/// token when there is one, and the account id.
pub struct FakeConnector {
    base: String,
    http: reqwest::Client,
}

fn expires(body: &serde_json::Value) -> Option<Millis> {
    body["expires_in"].as_i64().map(|s| now_millis() + s * 1000)
}

fn unreachable(e: reqwest::Error) -> NetworkError {
    NetworkError::unavailable(format!("the fake network: {e}"))
}

#[async_trait]
impl OAuthNetwork for FakeConnector {
    fn kind(&self) -> NetworkKind {
        NetworkKind::X
    }

    fn scopes(&self) -> &'static [&'static str] {
        SCOPES
    }

    fn uses_pkce(&self) -> bool {
        true
    }

    fn authorize_url(&self, app: &App, request: &Authorize) -> String {
        let mut url = reqwest::Url::parse(&format!("{}/oauth/authorize", self.base)).expect("base");
        url.query_pairs_mut()
            .append_pair("response_type", "code")
            .append_pair("client_id", &app.client_id)
            .append_pair("redirect_uri", &request.redirect_uri)
            .append_pair("scope", &SCOPES.join(" "))
            .append_pair("state", &request.state)
            .append_pair("code_challenge", &request.code_challenge)
            .append_pair("code_challenge_method", "S256");
        url.to_string()
    }

    async fn exchange(
        &self,
        app: &App,
        code: &str,
        code_verifier: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError> {
        let answer = self
            .http
            .post(format!("{}/oauth/token", self.base))
            .form(&[
                ("grant_type", "authorization_code"),
                ("code", code),
                ("code_verifier", code_verifier),
                ("redirect_uri", redirect_uri),
                ("client_id", &app.client_id),
                ("client_secret", &app.client_secret),
            ])
            .send()
            .await
            .map_err(|e| ConnectError::Unreachable(e.to_string()))?;
        let status = answer.status();
        let tokens: serde_json::Value = answer.json().await.unwrap_or_default();
        if !status.is_success() {
            return Err(ConnectError::Refused(format!(
                "{} ({status})",
                tokens["error"].as_str().unwrap_or("refused")
            )));
        }
        let access = tokens["access_token"].as_str().unwrap_or_default();
        let listed: serde_json::Value = self
            .http
            .get(format!("{}/me/accounts", self.base))
            .bearer_auth(access)
            .send()
            .await
            .map_err(|e| ConnectError::Unreachable(e.to_string()))?
            .json()
            .await
            .map_err(|e| ConnectError::Refused(e.to_string()))?;
        let expires_at = expires(&tokens);
        let refresh = tokens["refresh_token"].as_str();
        Ok(listed["data"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|a| Granted {
                account: Connected {
                    handle: a["username"].as_str().unwrap_or_default().to_string(),
                    display_name: a["name"].as_str().unwrap_or_default().to_string(),
                    credentials: serde_json::json!({
                        "access_token": access,
                        "refresh_token": refresh,
                        "account_id": a["id"],
                    }),
                },
                expires_at,
                refreshable: refresh.is_some(),
            })
            .collect())
    }

    async fn refresh(
        &self,
        app: &App,
        credentials: &serde_json::Value,
    ) -> Result<Refreshed, NetworkError> {
        let Some(refresh) = credentials["refresh_token"].as_str() else {
            return Ok(Refreshed::CannotRefresh);
        };
        let answer = self
            .http
            .post(format!("{}/oauth/token", self.base))
            .form(&[
                ("grant_type", "refresh_token"),
                ("refresh_token", refresh),
                ("client_id", &app.client_id),
                ("client_secret", &app.client_secret),
            ])
            .send()
            .await
            .map_err(unreachable)?;
        let status = answer.status();
        let tokens: serde_json::Value = answer.json().await.unwrap_or_default();
        if status.as_u16() == 400 && tokens["error"] == "invalid_grant" {
            return Err(NetworkError::AuthExpired(
                "the refresh token was revoked".into(),
            ));
        }
        if !status.is_success() {
            return Err(NetworkError::unavailable(format!(
                "token refresh answered {status}"
            )));
        }
        Ok(Refreshed::Renewed {
            credentials: serde_json::json!({
                "access_token": tokens["access_token"],
                "refresh_token": tokens["refresh_token"],
                "account_id": credentials["account_id"],
            }),
            expires_at: expires(&tokens),
        })
    }
}

#[async_trait]
impl Network for FakeConnector {
    fn kind(&self) -> NetworkKind {
        NetworkKind::X
    }

    async fn publish(
        &self,
        account: &Account,
        content: &Outbound,
    ) -> Result<Published, NetworkError> {
        let c = &account.credentials;
        let answer = self
            .http
            .post(format!("{}/posts", self.base))
            .bearer_auth(c["access_token"].as_str().unwrap_or_default())
            .json(&serde_json::json!({"account_id": c["account_id"], "text": content.text}))
            .send()
            .await
            .map_err(unreachable)?;
        match answer.status().as_u16() {
            201 => {
                let body: serde_json::Value = answer.json().await.map_err(unreachable)?;
                let id = body["id"].as_str().unwrap_or_default().to_string();
                Ok(Published {
                    url: format!("{}/posts/{id}", self.base),
                    remote_id: id,
                    published_at: now_millis(),
                })
            }
            401 => Err(NetworkError::AuthExpired(
                "the access token is not valid".into(),
            )),
            other => Err(NetworkError::unavailable(format!(
                "the fake network answered {other}"
            ))),
        }
    }

    async fn find_published(
        &self,
        _account: &Account,
        _idempotency_key: &str,
    ) -> Result<Option<Published>, NetworkError> {
        Ok(None)
    }

    fn dedupes_repeats(&self) -> bool {
        false
    }

    async fn inbound(
        &self,
        _account: &Account,
        _cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        Ok(InboundPage {
            messages: Vec::new(),
            next_cursor: None,
            more: false,
        })
    }

    async fn profile_counts(&self, _account: &Account) -> Result<ProfileCounts, NetworkError> {
        Err(NetworkError::unavailable(
            "the fake network reports no counts",
        ))
    }

    async fn post_counts(
        &self,
        _account: &Account,
        _remote_ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        Ok(Vec::new())
    }
}
