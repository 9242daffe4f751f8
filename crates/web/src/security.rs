//! Headers every response carries, and the cross-site request check on unsafe methods. Cookies are SameSite=Lax;
//! on top of that a POST from another site is refused by its `Sec-Fetch-Site` or `Origin` header.

use crate::AppState;
use crate::auth::{self, tokens};
use crate::error::AppError;
use axum::extract::{Request, State};
use axum::http::header::{self, HeaderName, HeaderValue};
use axum::http::{HeaderMap, Method};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// No inline script, no outside hosts: message text from the public can never run or phone home.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     frame-ancestors 'none'; form-action 'self'";

pub async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    let set = |h: &mut HeaderMap, name: HeaderName, value: &'static str| {
        h.entry(name).or_insert(HeaderValue::from_static(value));
    };
    set(h, header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY);
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    response
}

/// Refuses state-changing requests that a browser says came from another site, unless a valid API token is what
/// authenticates them: a token is sent by a script on purpose, while a cookie rides along with any request a page
/// makes the browser send. So the test is what authenticates, never merely whether an `Authorization` header is
/// there (`Basic`, or a token that opens nothing, leaves the cookie as the authenticator, and the check applies).
pub async fn same_origin(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    if is_safe(request.method()) || !cross_site(request.headers(), &state.config.public_url) {
        return next.run(request).await;
    }
    let token = tokens::bearer(request.headers()).map(str::to_string);
    if let Some(token) = token {
        match auth::token_user(&state, &token).await {
            Ok(Some(user)) => {
                request.extensions_mut().insert(auth::TokenUser(user));
                return next.run(request).await;
            }
            Ok(None) => {}
            Err(e) => return e.into_response(),
        }
    }
    AppError::CrossSite.into_response()
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// Whether a browser marked the request as coming from another site. `Sec-Fetch-Site` when the browser sends it;
/// else the `Origin`, which must be this server's, scheme included: the configured public URL's origin, or the
/// `Host` the request was sent to under the public URL's scheme. Clients that send neither (curl, scripts) are no
/// browser and pass.
fn cross_site(headers: &HeaderMap, public_url: &str) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        return !matches!(site, "same-origin" | "none");
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let Some(origin) = origin.to_str().ok().and_then(normal_origin) else {
        return true;
    };
    let ours = normal_origin(public_url);
    let scheme = ours
        .as_deref()
        .and_then(|o| o.split_once("://"))
        .map_or("http", |(scheme, _)| scheme)
        .to_string();
    let by_host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .and_then(|host| normal_origin(&format!("{scheme}://{host}")));
    !(ours.as_deref() == Some(origin.as_str()) || by_host.as_deref() == Some(origin.as_str()))
}

/// `scheme://host[:port]`, lower-cased, without a default port or a path; None for anything else (`null`, junk).
fn normal_origin(url: &str) -> Option<String> {
    let (scheme, rest) = url.trim().split_once("://")?;
    let scheme = scheme.to_ascii_lowercase();
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let authority = rest.split(['/', '?', '#']).next()?.to_ascii_lowercase();
    if authority.is_empty() || authority.contains('@') {
        return None;
    }
    let authority = match (
        scheme.as_str(),
        authority.strip_suffix(":443"),
        authority.strip_suffix(":80"),
    ) {
        ("https", Some(bare), _) | ("http", _, Some(bare)) => bare.to_string(),
        _ => authority,
    };
    Some(format!("{scheme}://{authority}"))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.insert(HeaderName::from_static(k), HeaderValue::from_static(v));
        }
        h
    }

    const PUBLIC: &str = "http://sangam.local:8080";

    #[test]
    fn a_form_posted_from_another_site_is_refused() {
        assert!(cross_site(
            &headers(&[("sec-fetch-site", "cross-site")]),
            PUBLIC
        ));
        assert!(cross_site(
            &headers(&[
                ("origin", "https://evil.example"),
                ("host", "sangam.local:8080")
            ]),
            PUBLIC
        ));
        assert!(cross_site(
            &headers(&[("origin", "null"), ("host", "sangam.local")]),
            PUBLIC
        ));
    }

    #[test]
    fn the_origin_must_have_our_scheme_too() {
        // An https page of the same host is another origin than an http server.
        assert!(cross_site(
            &headers(&[
                ("origin", "https://sangam.local:8080"),
                ("host", "sangam.local:8080")
            ]),
            PUBLIC
        ));
        assert!(cross_site(
            &headers(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080")
            ]),
            "https://social.example.com"
        ));
        assert!(!cross_site(
            &headers(&[
                ("origin", "https://social.example.com"),
                ("host", "127.0.0.1:8080")
            ]),
            "https://social.example.com/"
        ));
        assert!(!cross_site(
            &headers(&[
                ("origin", "https://Social.Example.com:443"),
                ("host", "10.0.0.2")
            ]),
            "https://social.example.com"
        ));
    }

    #[test]
    fn same_origin_requests_and_scripts_pass() {
        assert!(!cross_site(
            &headers(&[("sec-fetch-site", "same-origin")]),
            PUBLIC
        ));
        assert!(!cross_site(
            &headers(&[
                ("origin", "http://127.0.0.1:8080"),
                ("host", "127.0.0.1:8080")
            ]),
            PUBLIC
        ));
        assert!(
            !cross_site(&headers(&[]), PUBLIC),
            "curl and other clients without Origin pass"
        );
    }
}
