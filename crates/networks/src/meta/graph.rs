//! One Graph-style HTTP call: where it goes, whose budgets it spends, how its answer and its error read.

use super::STOP_AT_PERCENT;
use crate::http::{self, Budget, Budgets, HttpConfig};
use crate::oauth::Endpoints;
use crate::{NetworkError, Rejection};
use reqwest::header::HeaderMap;
use reqwest::{Method, RequestBuilder, StatusCode};
use sangam_domain::{Millis, now_millis};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// Meta's hosts. With [`Endpoints::At`] every host is the one base URL, paths unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host {
    /// `graph.facebook.com`: Pages, and Instagram through Facebook Login.
    FacebookGraph,
    /// `www.facebook.com`: the login dialog.
    FacebookWeb,
    /// `graph.instagram.com`: Instagram through Instagram Login.
    InstagramGraph,
    /// `api.instagram.com`: Instagram Login's code exchange.
    InstagramApi,
    /// `www.instagram.com`: Instagram Login's authorization page.
    InstagramWeb,
    /// `graph.threads.net`: the Threads API and its token calls.
    ThreadsGraph,
    /// `threads.net`: the Threads authorization page.
    ThreadsWeb,
}

impl Host {
    fn name(self) -> &'static str {
        match self {
            Host::FacebookGraph => "graph.facebook.com",
            Host::FacebookWeb => "www.facebook.com",
            Host::InstagramGraph => "graph.instagram.com",
            Host::InstagramApi => "api.instagram.com",
            Host::InstagramWeb => "www.instagram.com",
            Host::ThreadsGraph => "graph.threads.net",
            Host::ThreadsWeb => "threads.net",
        }
    }
}

/// Whose budgets a call spends: the workspace's app (`X-App-Usage`) and the Page or account it speaks as
/// (`X-Page-Usage`, `X-Business-Use-Case-Usage`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    pub app: Option<String>,
    pub account: Option<String>,
}

impl Keys {
    pub fn new(app_id: &str, account_id: &str) -> Keys {
        Keys {
            app: Some(format!("app:{app_id}")).filter(|_| !app_id.is_empty()),
            account: Some(format!("account:{account_id}")).filter(|_| !account_id.is_empty()),
        }
    }
}

/// A list answer: `{"data": [...], "paging": {"cursors": {"before", "after"}, "next"}}`.
#[derive(Debug, Clone, Deserialize)]
pub struct Page<T> {
    #[serde(default = "Vec::new")]
    pub data: Vec<T>,
    #[serde(default)]
    pub paging: Option<Paging>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Paging {
    #[serde(default)]
    pub cursors: Option<Cursors>,
    #[serde(default)]
    pub next: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct Cursors {
    #[serde(default)]
    pub after: Option<String>,
}

impl<T> Page<T> {
    /// The `after` cursor of the next page, only when Graph says there is one (`paging.next` present; "if not
    /// included, this is the last page of data").
    pub fn after(&self) -> Option<String> {
        let paging = self.paging.as_ref()?;
        paging.next.as_ref()?;
        paging.cursors.as_ref()?.after.clone()
    }
}

/// The Graph client one connector holds.
#[derive(Debug)]
pub struct Graph {
    http: reqwest::Client,
    endpoints: Endpoints,
    budgets: Budgets,
}

impl Graph {
    pub fn new(config: &HttpConfig, endpoints: Endpoints) -> Result<Graph, NetworkError> {
        Ok(Graph {
            http: config.client()?,
            endpoints,
            budgets: Budgets::default(),
        })
    }

    /// `https://{host}{path}`, or `{base}{path}` when pointed at one base URL.
    pub fn url(&self, host: Host, path: &str) -> String {
        match &self.endpoints {
            Endpoints::Official => format!("https://{}{path}", host.name()),
            Endpoints::At(base) => format!("{}{path}", base.trim_end_matches('/')),
        }
    }

    /// A browser address (an authorization page) with its query.
    pub fn page_url(&self, host: Host, path: &str, query: &[(&str, &str)]) -> String {
        let base = self.url(host, path);
        reqwest::Url::parse_with_params(&base, query)
            .map(String::from)
            .unwrap_or(base)
    }

    /// A request with the token as a bearer header, never in the URL (a URL ends up in error messages).
    pub fn request(
        &self,
        method: Method,
        host: Host,
        path: &str,
        token: Option<&str>,
    ) -> RequestBuilder {
        let req = self.http.request(method, self.url(host, path));
        match token {
            Some(t) => req.bearer_auth(t),
            None => req,
        }
    }

    /// Sends after checking both budgets, records what the usage headers say, and maps Graph errors.
    pub async fn call<T: DeserializeOwned>(
        &self,
        req: RequestBuilder,
        keys: &Keys,
    ) -> Result<T, NetworkError> {
        let now = now_millis();
        for key in keys.app.iter().chain(keys.account.iter()) {
            self.budgets.check(key, now)?;
        }
        let response = req
            .send()
            .await
            .map_err(|e| http::transport_error(&e.without_url()))?;
        let status = response.status();
        let headers = response.headers().clone();
        let usage = read_usage(&headers, keys, now);
        for (key, budget) in &usage {
            self.budgets.record(key, *budget);
        }
        let bytes = response
            .bytes()
            .await
            .map_err(|e| http::transport_error(&e.without_url()))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| NetworkError::Rejected {
                cause: Rejection::NotUnderstood,
                detail: format!("the answer was not the JSON Meta documents: {e}"),
            });
        }
        Err(error_of(status, &bytes, &headers, &usage, now))
    }

    pub async fn get<T: DeserializeOwned>(
        &self,
        host: Host,
        path: &str,
        token: &str,
        query: &[(&str, &str)],
        keys: &Keys,
    ) -> Result<T, NetworkError> {
        let req = self
            .request(Method::GET, host, path, Some(token))
            .query(query);
        self.call(req, keys).await
    }

    pub async fn post<T: DeserializeOwned>(
        &self,
        host: Host,
        path: &str,
        token: &str,
        form: &[(&str, &str)],
        keys: &Keys,
    ) -> Result<T, NetworkError> {
        let req = self
            .request(Method::POST, host, path, Some(token))
            .form(form);
        self.call(req, keys).await
    }
}

/// The documented usage headers, as budgets: `remaining` is the percent left before [`STOP_AT_PERCENT`] plus the
/// shared reserve, so [`Budgets::check`] refuses at that mark; the window "resets" at Meta's estimate to regain
/// access, or in five minutes (the windows are rolling hours, so usage falls off steadily).
fn read_usage(headers: &HeaderMap, keys: &Keys, now: Millis) -> Vec<(String, Budget)> {
    let mut out = Vec::new();
    let budget = |usage: &Value| -> Option<Budget> {
        let pct = ["call_count", "total_cputime", "total_time"]
            .iter()
            .filter_map(|k| usage.get(*k).and_then(Value::as_i64))
            .max()?;
        let regain_min = usage
            .get("estimated_time_to_regain_access")
            .and_then(Value::as_i64)
            .unwrap_or(0);
        Some(Budget {
            remaining: STOP_AT_PERCENT - pct + http::RESERVE,
            reset_at: now + (regain_min * 60_000).max(5 * 60_000),
        })
    };
    let json = |name: &str| -> Option<Value> {
        serde_json::from_str(headers.get(name)?.to_str().ok()?).ok()
    };
    if let (Some(key), Some(usage)) = (&keys.app, json("x-app-usage"))
        && let Some(b) = budget(&usage)
    {
        out.push((key.clone(), b));
    }
    if let (Some(key), Some(usage)) = (&keys.account, json("x-page-usage"))
        && let Some(b) = budget(&usage)
    {
        out.push((key.clone(), b));
    }
    // `{"<object id>": [{"type": "pages", "call_count": 95, ..., "estimated_time_to_regain_access": 12}]}`: the
    // object is the Page or Instagram account the call spoke as; the strictest entry counts.
    if let Some(Value::Object(by_object)) = json("x-business-use-case-usage") {
        for (object, entries) in by_object {
            let strictest = entries
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(budget)
                .min_by_key(|b| (b.remaining, -b.reset_at));
            if let Some(b) = strictest {
                out.push((format!("account:{object}"), b));
            }
        }
    }
    out
}

/// Graph's error body, read into the failure the publisher acts on.
fn error_of(
    status: StatusCode,
    body: &[u8],
    headers: &HeaderMap,
    usage: &[(String, Budget)],
    now: Millis,
) -> NetworkError {
    let value: Value = serde_json::from_slice(body).unwrap_or(Value::Null);
    let error = &value["error"];
    let message = error["message"]
        .as_str()
        .map(str::to_string)
        .or_else(|| value["error_message"].as_str().map(str::to_string))
        .unwrap_or_else(|| String::from_utf8_lossy(body).chars().take(200).collect());
    let code = error["code"].as_i64().unwrap_or(0);
    let subcode = error["error_subcode"].as_i64().unwrap_or(0);
    let retry_after_ms = || {
        let regain = usage
            .iter()
            .filter(|(_, b)| b.remaining <= http::RESERVE)
            .map(|(_, b)| b.reset_at - now)
            .max();
        let header = headers
            .get(reqwest::header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<i64>().ok())
            .map(|s| s * 1000);
        regain.or(header).unwrap_or(10 * 60_000).max(1_000)
    };
    match code {
        // OAuthException: expired, revoked, password changed, app removed (subcodes 458-467).
        190 | 102 => NetworkError::AuthExpired(message),
        _ if matches!(subcode, 458..=467) => NetworkError::AuthExpired(message),
        // A permission the token no longer has: reconnecting grants it again.
        10 | 200..=299 => NetworkError::AuthExpired(message),
        4 | 17 | 32 | 613 | 80001..=80014 => NetworkError::RateLimited {
            retry_after_ms: retry_after_ms(),
        },
        1 | 2 => NetworkError::unavailable(message),
        _ if error["is_transient"].as_bool() == Some(true) => NetworkError::unavailable(message),
        _ if status == StatusCode::TOO_MANY_REQUESTS => NetworkError::RateLimited {
            retry_after_ms: retry_after_ms(),
        },
        _ if status == StatusCode::UNAUTHORIZED => NetworkError::AuthExpired(message),
        _ => http::status_error(status, &message),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use reqwest::header::HeaderValue;

    fn graph_error(code: i64, subcode: i64) -> Vec<u8> {
        serde_json::to_vec(
            &serde_json::json!({"error": {"message": "m", "type": "OAuthException",
            "code": code, "error_subcode": subcode, "fbtrace_id": "x"}}),
        )
        .unwrap()
    }

    #[test]
    fn graph_codes_say_reconnect_slow_down_or_never() {
        let h = HeaderMap::new();
        let bad = StatusCode::BAD_REQUEST;
        assert!(matches!(
            error_of(bad, &graph_error(190, 460), &h, &[], 0),
            NetworkError::AuthExpired(_)
        ));
        for code in [4, 17, 32, 613, 80001] {
            assert!(
                matches!(
                    error_of(bad, &graph_error(code, 0), &h, &[], 0),
                    NetworkError::RateLimited { .. }
                ),
                "{code}"
            );
        }
        assert!(matches!(
            error_of(bad, &graph_error(100, 33), &h, &[], 0),
            NetworkError::Rejected { .. }
        ));
        assert!(
            error_of(
                StatusCode::INTERNAL_SERVER_ERROR,
                &graph_error(2, 0),
                &h,
                &[],
                0
            )
            .is_retryable()
        );
    }

    #[test]
    fn usage_headers_become_budgets_per_app_and_per_account() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-app-usage",
            HeaderValue::from_static(r#"{"call_count":28,"total_time":25,"total_cputime":25}"#),
        );
        h.insert(
            "x-business-use-case-usage",
            HeaderValue::from_static(
                r#"{"1789":[{"type":"pages","call_count":93,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":7}]}"#,
            ),
        );
        let keys = Keys::new("app1", "1789");
        let usage = read_usage(&h, &keys, 0);
        assert_eq!(usage.len(), 2);
        let budgets = Budgets::default();
        for (k, b) in &usage {
            budgets.record(k, *b);
        }
        assert_eq!(budgets.check("app:app1", 0), Ok(()));
        assert_eq!(
            budgets.check("account:1789", 0),
            Err(NetworkError::RateLimited {
                retry_after_ms: 7 * 60_000
            })
        );
    }
}
