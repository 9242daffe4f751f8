//! The Mastodon REST API calls Sangam makes, and the parts of the answers it reads. Every call goes through
//! [`Api::send`], which checks the rate-limit budget first and maps statuses to [`NetworkError`]s.

use crate::http::{self, Budget, Budgets};
use crate::{NetworkError, Rejection};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, Response, StatusCode, Url};
use sangam_domain::Millis;
use serde::Deserialize;
use serde::de::DeserializeOwned;

#[derive(Debug, Clone, Deserialize)]
pub struct Account {
    pub id: String,
    pub username: String,
    pub acct: String,
    #[serde(default)]
    pub display_name: String,
    #[serde(default)]
    pub followers_count: i64,
    #[serde(default)]
    pub following_count: i64,
    #[serde(default)]
    pub statuses_count: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Status {
    pub id: String,
    pub created_at: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub uri: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub spoiler_text: String,
    #[serde(default)]
    pub visibility: String,
    #[serde(default)]
    pub in_reply_to_id: Option<String>,
    #[serde(default)]
    pub in_reply_to_account_id: Option<String>,
    pub account: Account,
    #[serde(default)]
    pub replies_count: i64,
    #[serde(default)]
    pub reblogs_count: i64,
    #[serde(default)]
    pub favourites_count: i64,
    /// Mastodon 4.5 and later.
    #[serde(default)]
    pub quotes_count: i64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Notification {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub status: Option<Status>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Conversation {
    #[serde(default)]
    pub last_status: Option<Status>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Media {
    pub id: String,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct App {
    pub client_id: String,
    pub client_secret: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Token {
    pub access_token: String,
}

/// A page of results and the ids its `Link` header points to.
#[derive(Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// `min_id` of the `rel="prev"` link: newer than everything on this page.
    pub newer_than: Option<String>,
}

/// One instance, as one account (or none, for app registration).
pub struct Api<'a> {
    pub http: &'a reqwest::Client,
    pub base: &'a Url,
    pub token: Option<&'a str>,
    pub budgets: &'a Budgets,
    /// Whose budget this call spends: Mastodon limits per account (and per IP, which we share anyway).
    pub budget_key: String,
}

impl Api<'_> {
    fn url(&self, path: &str) -> Result<Url, NetworkError> {
        self.base
            .join(path)
            .map_err(|e| NetworkError::rejected(format!("bad path {path}: {e}")))
    }

    pub fn request(&self, method: Method, path: &str) -> Result<RequestBuilder, NetworkError> {
        let mut req = self.http.request(method, self.url(path)?);
        if let Some(token) = self.token {
            req = req.bearer_auth(token);
        }
        Ok(req)
    }

    /// Sends, remembering the budget the answer reports, and turns error statuses into `NetworkError`s.
    pub async fn send(&self, req: RequestBuilder) -> Result<Response, NetworkError> {
        let now = sangam_domain::now_millis();
        self.budgets.check(&self.budget_key, now)?;
        let response = req.send().await.map_err(|e| http::transport_error(&e))?;
        let headers = response.headers();
        if let Some(budget) = budget(headers) {
            self.budgets.record(&self.budget_key, budget);
        }
        let status = response.status();
        if status.is_success() {
            return Ok(response);
        }
        let retry_after_ms = retry_after_ms(headers, now);
        let detail = error_detail(response).await;
        Err(match status {
            StatusCode::UNAUTHORIZED => NetworkError::AuthExpired(detail),
            StatusCode::TOO_MANY_REQUESTS => NetworkError::RateLimited { retry_after_ms },
            // Mastodon says 403 when the account behind the token was suspended or disabled.
            StatusCode::FORBIDDEN
                if detail.contains("disabled") || detail.contains("suspended") =>
            {
                NetworkError::AuthExpired(detail)
            }
            other => http::status_error(other, &detail),
        })
    }

    pub async fn json<T: DeserializeOwned>(&self, req: RequestBuilder) -> Result<T, NetworkError> {
        let response = self.send(req).await?;
        read_json(response).await
    }

    pub async fn page<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
    ) -> Result<Page<T>, NetworkError> {
        let response = self.send(req).await?;
        let link = response.headers().get(reqwest::header::LINK).cloned();
        let newer_than =
            http::link(link.as_ref(), "prev").and_then(|u| http::query_param(&u, "min_id"));
        Ok(Page {
            items: read_json(response).await?,
            newer_than,
        })
    }

    pub async fn verify_credentials(&self) -> Result<Account, NetworkError> {
        let req = self.request(Method::GET, "/api/v1/accounts/verify_credentials")?;
        self.json(req).await
    }
}

pub async fn read_json<T: DeserializeOwned>(response: Response) -> Result<T, NetworkError> {
    let bytes = response
        .bytes()
        .await
        .map_err(|e| http::transport_error(&e))?;
    serde_json::from_slice(&bytes).map_err(|e| NetworkError::Rejected {
        cause: Rejection::NotUnderstood,
        detail: format!("the answer was not JSON we understand: {e}"),
    })
}

/// Mastodon's error bodies are `{"error": "..."}`; anything else is shown cut short.
async fn error_detail(response: Response) -> String {
    let text = response.text().await.unwrap_or_default();
    serde_json::from_str::<serde_json::Value>(&text)
        .ok()
        .and_then(|v| {
            v.get("error")
                .or_else(|| v.get("detail"))
                .and_then(|e| e.as_str().map(str::to_string))
        })
        .unwrap_or_else(|| text.chars().take(200).collect())
}

/// `X-RateLimit-Remaining` and `X-RateLimit-Reset` (an ISO 8601 time).
fn budget(headers: &HeaderMap) -> Option<Budget> {
    let remaining = headers
        .get("x-ratelimit-remaining")?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    let reset_at = reset_at(headers)?;
    Some(Budget {
        remaining,
        reset_at,
    })
}

fn reset_at(headers: &HeaderMap) -> Option<Millis> {
    let raw = headers.get("x-ratelimit-reset")?.to_str().ok()?;
    parse_time(raw)
}

/// When to come back after a 429: the reset time, else `Retry-After` seconds, else a minute.
fn retry_after_ms(headers: &HeaderMap, now: Millis) -> i64 {
    if let Some(at) = reset_at(headers) {
        return (at - now).max(1_000);
    }
    headers
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<i64>().ok())
        .map(|s| s * 1000)
        .unwrap_or(60_000)
}

/// Mastodon times look like `2024-05-01T12:00:00.000Z`.
pub fn parse_time(raw: &str) -> Option<Millis> {
    raw.trim()
        .parse::<jiff::Timestamp>()
        .ok()
        .map(|t| t.as_millisecond())
}
