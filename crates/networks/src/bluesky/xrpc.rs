//! XRPC over reqwest: `GET /xrpc/<nsid>?...` for queries, `POST /xrpc/<nsid>` for procedures. Errors come back as
//! `{"error": "Name", "message": "..."}`; rate limits as `ratelimit-remaining` / `ratelimit-reset` (Unix seconds).

use crate::http::{self, Budget, Budgets};
use crate::{NetworkError, Rejection};
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode, Url};
use sangam_domain::Millis;
use serde::de::DeserializeOwned;

/// What to send with a call.
pub enum Body {
    None,
    Json(serde_json::Value),
    Bytes { bytes: Vec<u8>, mime: String },
}

/// Why a call failed, before it becomes a [`NetworkError`]: an expired access token is ours to fix by refreshing.
#[derive(Debug)]
pub enum CallError {
    /// The access token expired or is no longer valid; refreshing may fix it.
    Session(String),
    /// Everything else, including a refused password.
    Network(NetworkError),
    /// The server said no with an XRPC error name (`RecordNotFound`, `InvalidRequest`...).
    Xrpc {
        status: StatusCode,
        error: String,
        message: String,
    },
}

impl CallError {
    pub fn into_network(self) -> NetworkError {
        match self {
            CallError::Session(m) => NetworkError::AuthExpired(m),
            CallError::Network(e) => e,
            CallError::Xrpc {
                status,
                error,
                message,
            } => http::status_error(status, &format!("{error}: {message}")),
        }
    }
}

impl From<NetworkError> for CallError {
    fn from(e: NetworkError) -> Self {
        CallError::Network(e)
    }
}

pub struct Xrpc<'a> {
    pub http: &'a reqwest::Client,
    pub base: &'a Url,
    pub budgets: &'a Budgets,
    pub budget_key: &'a str,
}

impl Xrpc<'_> {
    pub async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        nsid: &str,
        query: &[(&str, &str)],
        body: Body,
        token: Option<&str>,
    ) -> Result<T, CallError> {
        let now = sangam_domain::now_millis();
        self.budgets.check(self.budget_key, now)?;
        let url = self
            .base
            .join(&format!("/xrpc/{nsid}"))
            .map_err(|e| NetworkError::rejected(format!("bad method {nsid}: {e}")))?;
        let mut req = self.http.request(method, url).query(query);
        if let Some(token) = token {
            req = req.bearer_auth(token);
        }
        req = match body {
            Body::None => req,
            Body::Json(v) => req.json(&v),
            Body::Bytes { bytes, mime } => {
                req.header(reqwest::header::CONTENT_TYPE, mime).body(bytes)
            }
        };
        let response = req.send().await.map_err(|e| http::transport_error(&e))?;
        let headers = response.headers().clone();
        if let Some(budget) = budget(&headers) {
            self.budgets.record(self.budget_key, budget);
        }
        let status = response.status();
        let bytes = response
            .bytes()
            .await
            .map_err(|e| http::transport_error(&e))?;
        if status.is_success() {
            // Some procedures (muteActor) answer with an empty body: read it as JSON null.
            let bytes: &[u8] = if bytes.is_empty() { b"null" } else { &bytes };
            return serde_json::from_slice(bytes).map_err(|e| {
                CallError::Network(NetworkError::Rejected {
                    cause: Rejection::NotUnderstood,
                    detail: format!("the answer to {nsid} was not JSON we understand: {e}"),
                })
            });
        }
        let parsed: serde_json::Value = serde_json::from_slice(&bytes).unwrap_or_default();
        let error = parsed["error"].as_str().unwrap_or_default().to_string();
        let message = parsed["message"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| String::from_utf8_lossy(&bytes).chars().take(200).collect());
        Err(match (status, error.as_str()) {
            (StatusCode::TOO_MANY_REQUESTS, _) => CallError::Network(NetworkError::RateLimited {
                retry_after_ms: retry_after_ms(&headers, now),
            }),
            (_, "ExpiredToken" | "InvalidToken") => CallError::Session(message),
            (
                StatusCode::UNAUTHORIZED,
                "AuthenticationRequired" | "AccountTakedown" | "AuthFactorTokenRequired",
            ) => CallError::Network(NetworkError::AuthExpired(message)),
            (StatusCode::UNAUTHORIZED, _) => CallError::Session(message),
            (s, _) if s.is_server_error() => CallError::Network(http::status_error(s, &message)),
            (s, "") => CallError::Network(http::status_error(s, &message)),
            _ => CallError::Xrpc {
                status,
                error,
                message,
            },
        })
    }
}

fn budget(headers: &HeaderMap) -> Option<Budget> {
    let number =
        |name: &str| -> Option<i64> { headers.get(name)?.to_str().ok()?.trim().parse().ok() };
    Some(Budget {
        remaining: number("ratelimit-remaining")?,
        reset_at: number("ratelimit-reset")? * 1000,
    })
}

fn retry_after_ms(headers: &HeaderMap, now: Millis) -> i64 {
    if let Some(b) = budget(headers) {
        return (b.reset_at - now).max(1_000);
    }
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map(|s| s * 1000)
        .unwrap_or(60_000)
}
