//! Operations: `/healthz`, Prometheus `/metrics` (request duration by matched route, the engine's job counters), and
//! request logging through `tracing`.

use crate::AppState;
use axum::extract::{MatchedPath, Request, State};
use axum::http::StatusCode;
use axum::http::header::CONTENT_TYPE;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
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

pub async fn metrics(State(state): State<AppState>) -> Response {
    (
        [(
            CONTENT_TYPE,
            "application/openmetrics-text; version=1.0.0; charset=utf-8",
        )],
        state.observe.encode(),
    )
        .into_response()
}

pub async fn healthz(State(state): State<AppState>) -> Response {
    match state.db.ping().await {
        Ok(()) => (StatusCode::OK, "ok").into_response(),
        Err(e) => (
            StatusCode::SERVICE_UNAVAILABLE,
            format!("database unavailable: {e}"),
        )
            .into_response(),
    }
}
