//! Who is asking: a signed-in person (server-side session) or an API client (per-user token). The `require`
//! middleware puts the [`CurrentUser`] into the request and checks the route's permission from the one matrix in
//! `sangam_domain::access`.

pub mod limiter;
pub mod password;
pub mod tokens;

use crate::AppState;
use crate::error::AppError;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use sangam_domain::{Permission, now_millis};
use sangam_store::users::{self, User};
use tower_sessions::Session;

/// The session key holding the signed-in person's id (the session store copies it to the row, see
/// [`sangam_store::sessions::end_all_for_user`]).
pub const SESSION_USER: &str = sangam_store::sessions::USER_KEY;

#[derive(Clone, Debug)]
pub struct CurrentUser(pub User);

impl<S: Send + Sync> FromRequestParts<S> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<CurrentUser>()
            .cloned()
            .ok_or(AppError::Unauthenticated)
    }
}

/// The client's address where the server knows it (it is served with connect info), for the sign-in limiter. From a
/// peer listed in `trusted_proxies`, the address that proxy saw is taken from `X-Forwarded-For`; from anyone else the
/// header is ignored, since anyone can write it.
pub struct ClientIp(pub Option<std::net::IpAddr>);

impl FromRequestParts<AppState> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(ClientIp(peer.map(|peer| {
            client_address(peer, &parts.headers, &state.config.trusted_proxies)
        })))
    }
}

/// The client behind `peer`: walking `X-Forwarded-For` from the right (the entry our proxy appended), the first
/// address that is not itself a trusted proxy. Anything unreadable ends the walk at the peer.
pub fn client_address(
    peer: std::net::IpAddr,
    headers: &axum::http::HeaderMap,
    trusted: &[std::net::IpAddr],
) -> std::net::IpAddr {
    if !trusted.contains(&peer) {
        return peer;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<std::net::IpAddr>() {
            Ok(ip) if trusted.contains(&ip) => continue,
            Ok(ip) => return ip,
            Err(_) => return peer,
        }
    }
    peer
}

/// A request whose bearer token the cross-site check already verified: [`identify`] takes the person from here.
#[derive(Clone)]
pub struct TokenUser(pub User);

/// The person a bearer token belongs to, if the request carries a valid one of an active person.
pub async fn token_user(state: &AppState, token: &str) -> Result<Option<User>, AppError> {
    let hash = tokens::digest(token);
    Ok(users::user_by_token(&state.db, &hash, now_millis()).await?)
}

/// Finds the person behind a request, from a bearer token or the session cookie.
pub async fn identify(
    state: &AppState,
    parts: &Parts,
    session: Option<&Session>,
) -> Result<Option<User>, AppError> {
    if let Some(TokenUser(user)) = parts.extensions.get::<TokenUser>() {
        return Ok(Some(user.clone()));
    }
    // A bearer token, valid or not, decides alone: a bad one is refused, never topped up by the cookie.
    if let Some(token) = tokens::bearer(&parts.headers) {
        return token_user(state, token)
            .await?
            .map(Some)
            .ok_or(AppError::Unauthenticated);
    }
    let Some(session) = session else {
        return Ok(None);
    };
    let id: Option<i64> = session
        .get(SESSION_USER)
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    match id {
        // A deactivated person's session is worth nothing, even one that escaped `end_all_for_user`.
        Some(id) => Ok(users::get_active(&state.db, id).await?),
        None => Ok(None),
    }
}

/// Middleware for a route that needs `permission`. Pages redirect strangers to the sign-in page; the API answers 401.
pub async fn require(
    State((state, permission)): State<(AppState, Permission)>,
    request: Request,
    next: Next,
) -> Response {
    let is_api = request.uri().path().starts_with("/api/");
    let (mut parts, body) = request.into_parts();
    let session = parts.extensions.get::<Session>().cloned();
    let user = match identify(&state, &parts, session.as_ref()).await {
        Ok(user) => user,
        Err(e) => return e.into_response(),
    };
    let Some(user) = user else {
        if is_api {
            return AppError::Unauthenticated.into_response();
        }
        let back = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/");
        return Redirect::to(&format!("/login?next={}", urlencode(back))).into_response();
    };
    if !user.role.can(permission) {
        return if is_api {
            AppError::Forbidden.into_response()
        } else {
            crate::ui::error_page(&user, AppError::Forbidden).into_response()
        };
    }
    parts.extensions.insert(CurrentUser(user));
    next.run(Request::from_parts(parts, body)).await
}

/// Percent-encodes a path for a query value.
pub fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Only local paths are followed after sign-in, so a crafted link cannot bounce a person to another site.
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.contains('\\') => n.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::{client_address, safe_next};
    use axum::http::{HeaderMap, HeaderValue};

    #[test]
    fn the_forwarded_address_is_believed_from_a_trusted_proxy_only() {
        let proxy = "127.0.0.1".parse().unwrap();
        let mut h = HeaderMap::new();
        h.append(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 203.0.113.5"),
        );
        h.append("x-forwarded-for", HeaderValue::from_static("127.0.0.1"));
        let client = client_address(proxy, &h, &[proxy]);
        assert_eq!(
            client,
            "203.0.113.5".parse::<std::net::IpAddr>().unwrap(),
            "the rightmost hop not ours"
        );
        assert_eq!(
            client_address(proxy, &h, &[]),
            proxy,
            "no trusted proxy: the header is ignored"
        );
        let stranger = "198.51.100.1".parse().unwrap();
        assert_eq!(client_address(stranger, &h, &[proxy]), stranger);
        let mut junk = HeaderMap::new();
        junk.insert("x-forwarded-for", HeaderValue::from_static("not-an-ip"));
        assert_eq!(client_address(proxy, &junk, &[proxy]), proxy);
    }

    #[test]
    fn sign_in_never_redirects_off_site() {
        assert_eq!(safe_next(Some("/posts?x=1")), "/posts?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
