//! Operations: `/healthz`, Prometheus `/metrics` (request duration by matched route, the engine's job counters), and
//! request logging through `tracing`. `/metrics` names every route and how often it is used, so it is off unless the
//! config turns it on, and then it is served on its own listen address or behind a bearer token (or both).

use crate::AppState;
use crate::error::AppError;
use axum::Router;
use axum::extract::{MatchedPath, Request, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;
use std::sync::Mutex;
use std::time::Instant;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct RouteLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

pub struct Observe {
    registry: Mutex<Registry>,
    requests: Family<RouteLabels, Histogram>,
}

impl Observe {
    /// A registry with the HTTP histogram; the engine registers its own counters with [`Observe::register`].
    pub fn new() -> Self {
        let requests = Family::<RouteLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(exponential_buckets(0.0005, 2.0, 16))
        });
        let mut registry = Registry::default();
        registry.register(
            "sangam_http_request_duration_seconds",
            "Time to answer HTTP requests, by matched route",
            requests.clone(),
        );
        Observe {
            registry: Mutex::new(registry),
            requests,
        }
    }

    pub fn register(&self, f: impl FnOnce(&mut Registry)) {
        let mut registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut registry);
    }

    fn encode(&self) -> String {
        let registry = self.registry.lock().unwrap_or_else(|p| p.into_inner());
        let mut out = String::new();
        match prometheus_client::encoding::text::encode(&mut out, &registry) {
            Ok(()) => out,
            Err(_) => String::new(),
        }
    }
}

impl Default for Observe {
    fn default() -> Self {
        Self::new()
    }
}

/// Times each request under its route pattern (`/posts/{id}`, never the raw path, so ids do not explode the series).
pub async fn timing(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "unmatched".to_string());
    let response = next.run(request).await;
    let status = response.status().as_u16();
    let elapsed = started.elapsed();
    state
        .observe
        .requests
        .get_or_create(&RouteLabels {
            method: method.clone(),
            route: route.clone(),
            status,
        })
        .observe(elapsed.as_secs_f64());
    tracing::debug!(%method, %route, status, ms = elapsed.as_millis() as u64, "request");
    response
}

/// Who may read `/metrics` (config `[metrics]`). The default is nobody.
#[derive(Clone, Default)]
pub struct MetricsAccess {
    /// `metrics.enabled`.
    pub enabled: bool,
    /// Served on its own listener (`metrics.listen`, see [`metrics_router`]), not on the app's address.
    pub separate: bool,
    /// `metrics.token`: required as `Authorization: Bearer <token>` wherever `/metrics` is served.
    pub token: Option<String>,
}

impl std::fmt::Debug for MetricsAccess {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("MetricsAccess")
            .field("enabled", &self.enabled)
            .field("separate", &self.separate)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// `/metrics` on the app's own address: absent (404) unless enabled there.
pub async fn metrics(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let access = &state.config.metrics;
    if !access.enabled || access.separate {
        return AppError::NotFound("This page".to_string()).into_response();
    }
    serve_metrics(&state, &headers)
}

/// The router for `metrics.listen`: only `/metrics`.
pub fn metrics_router(state: AppState) -> Router {
    Router::new()
        .route(
            "/metrics",
            get(
                |State(state): State<AppState>, headers: HeaderMap| async move {
                    serve_metrics(&state, &headers)
                },
            ),
        )
        .with_state(state)
}

fn serve_metrics(state: &AppState, headers: &HeaderMap) -> Response {
    if let Some(expected) = &state.config.metrics.token {
        let given = crate::auth::tokens::bearer(headers).unwrap_or_default();
        if !same_secret(given.as_bytes(), expected.as_bytes()) {
            return AppError::Unauthenticated.into_response();
        }
    }
    (
        [(
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.observe.encode(),
    )
        .into_response()
}

/// Compares two secrets in time that does not depend on where they differ.
fn same_secret(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    let (a, b) = (Sha256::digest(a), Sha256::digest(b));
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        // Public, so the database's own words (host names, users) go to the log, not to whoever asks.
        Err(e) => {
            tracing::warn!(error = %e, "health check: the database is unavailable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}
