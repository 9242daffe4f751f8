//! Connecting through the workspace's own developer app (Facebook, Instagram, Threads, LinkedIn, X): the OAuth 2.0
//! authorization-code flow, with PKCE where the network offers it, and keeping the tokens it gives alive.
//!
//! The web runs the flow (it stores the app's credentials sealed, keeps `state` and the PKCE verifier, shows the
//! redirect URL to register); each connector only knows its network's endpoints and shapes. Credentials a connector
//! returns are sealed by the store like any other profile's, so refresh tokens never reach a log or a page.

use crate::NetworkError;
use crate::connect::{ConnectError, Connected};
use async_trait::async_trait;
use sangam_domain::{Millis, NetworkKind};

/// The workspace's own developer app on a network, as an Admin entered it.
#[derive(Clone, PartialEq, Eq)]
pub struct App {
    pub client_id: String,
    pub client_secret: String,
}

impl std::fmt::Debug for App {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("App")
            .field("client_id", &self.client_id)
            .field("client_secret", &"<redacted>")
            .finish()
    }
}

/// What the authorization URL carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorize {
    /// The exact URL registered with the app: `{public_url}/profiles/oauth/{network}/callback`.
    pub redirect_uri: String,
    /// Opaque, single-use, bound to the person's session by the web.
    pub state: String,
    /// `BASE64URL(SHA256(verifier))`, sent with `code_challenge_method=S256` when [`OAuthNetwork::uses_pkce`].
    pub code_challenge: String,
}

/// One account the person granted, ready to be stored as a profile, with when its token stops working.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Granted {
    pub account: Connected,
    /// When the access token expires, when the network says; `None` when it does not expire (Facebook page tokens
    /// derived from a long-lived user token).
    pub expires_at: Option<Millis>,
    /// Whether [`OAuthNetwork::refresh`] can renew it without the person (refresh tokens, Meta's long-lived refresh).
    pub refreshable: bool,
}

/// What a refresh did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refreshed {
    /// New credentials to store in place of the old (sealed), valid until `expires_at`.
    Renewed {
        credentials: serde_json::Value,
        expires_at: Option<Millis>,
    },
    /// The network offers no way to renew this token; the person must reconnect before it expires.
    CannotRefresh,
}

/// A network reached through the workspace's own app. Implemented next to its [`crate::Network`] connector.
#[async_trait]
pub trait OAuthNetwork: Send + Sync {
    fn kind(&self) -> NetworkKind;

    /// The scopes asked for, as the page lists them for the Admin registering the app.
    fn scopes(&self) -> &'static [&'static str];

    /// Whether the network takes PKCE (`code_challenge`), so the web sends it and keeps the verifier.
    fn uses_pkce(&self) -> bool;

    /// The URL the person's browser is sent to, to grant access.
    fn authorize_url(&self, app: &App, request: &Authorize) -> String;

    /// Trades the code the callback brought for tokens, and lists the accounts granted (a Facebook login may grant
    /// several Pages and the Instagram accounts linked to them; the others grant one).
    async fn exchange(
        &self,
        app: &App,
        code: &str,
        code_verifier: &str,
        redirect_uri: &str,
    ) -> Result<Vec<Granted>, ConnectError>;

    /// Renews a profile's stored credentials before they expire. `AuthExpired` means the grant was revoked: the
    /// profile needs reconnecting, and nothing else about it changes.
    async fn refresh(
        &self,
        app: &App,
        credentials: &serde_json::Value,
    ) -> Result<Refreshed, NetworkError>;
}

/// A connector for a network reached through the workspace's own app: it publishes, reads the inbox and metrics
/// ([`crate::Network`]) and connects through OAuth ([`OAuthNetwork`]). One `Arc<dyn AppNetwork>` serves both the
/// engine (upcast to `Arc<dyn Network>`) and the web's connect flow.
pub trait AppNetwork: crate::Network + OAuthNetwork {}

impl<T: crate::Network + OAuthNetwork> AppNetwork for T {}

/// Where a connector sends its calls: the network's official hosts, or one base URL standing in for all of them (a
/// test's fake network, a recording proxy). Each connector documents the paths it appends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoints {
    Official,
    /// Every call goes to `{base}{path}` instead of the network's hosts (no trailing slash).
    At(String),
}

/// The authorization-code request URL (RFC 6749 §4.1.1, with RFC 7636's S256 challenge when `pkce`): `endpoint`
/// with `response_type=code`, the app's client id, the redirect URI, `scope` and `state`. An endpoint that does not
/// parse is returned as it is, so the person sees where the link would have gone.
pub fn code_request_url(
    endpoint: &str,
    app: &App,
    request: &Authorize,
    scope: &str,
    pkce: bool,
) -> String {
    let Ok(mut url) = reqwest::Url::parse(endpoint) else {
        return endpoint.to_string();
    };
    {
        let mut query = url.query_pairs_mut();
        query
            .append_pair("response_type", "code")
            .append_pair("client_id", &app.client_id)
            .append_pair("redirect_uri", &request.redirect_uri)
            .append_pair("scope", scope)
            .append_pair("state", &request.state);
        if pkce {
            query
                .append_pair("code_challenge", &request.code_challenge)
                .append_pair("code_challenge_method", "S256");
        }
    }
    url.to_string()
}
