//! Exactly once on Facebook Pages and Threads, which keep no idempotency key: the publisher, with the real connectors
//! pointed at fake networks (wiremock, answering the Graph API's and Threads API's documented shapes), meets an answer
//! lost after the network stored the post (it is found among the account's posts since the send by its text, and
//! never sent again) and a request that never reached the store (the lookup proves it absent, and it is sent once
//! more). On SQLite and, with `TEST_DATABASE_URL`, PostgreSQL. Instagram takes the same path (its unit tests cover
//! the lookup); it only publishes posts with images, which this text-only story does not make.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use sangam_domain::{DeliveryState, NetworkKind, now_millis};
use sangam_networks::Network;
use sangam_networks::facebook::Facebook;
use sangam_networks::http::HttpConfig;
use sangam_networks::meta::Polling;
use sangam_networks::oauth::Endpoints;
use sangam_networks::threads::Threads;
use sangam_store::{Db, testing};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Longer than the connectors' timeout here: the answer is lost.
const LOST: Duration = Duration::from_secs(3);

fn http() -> HttpConfig {
    HttpConfig {
        timeout: Duration::from_secs(1),
        ..HttpConfig::loopback_for_tests()
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Fate {
    /// The network stores the post, but its answer comes after our timeout.
    StoredAnswerLost,
    /// The first request never reaches the store (no answer in time, nothing kept); the next one is answered.
    NeverArrived,
}

struct Fake {
    server: MockServer,
    kind: NetworkKind,
}

/// The call that makes the post: `POST /{page-id}/feed` on Facebook, `POST /{user-id}/threads_publish` on Threads.
fn create_path(kind: NetworkKind) -> &'static str {
    match kind {
        NetworkKind::Facebook => "/v25.0/pg1/feed",
        _ => "/v1.0/u1/threads_publish",
    }
}

impl Fake {
    async fn creates(&self) -> usize {
        let p = create_path(self.kind);
        self.server
            .received_requests()
            .await
            .unwrap()
            .iter()
            .filter(|r| r.method.as_str() == "POST" && r.url.path() == p)
            .count()
    }
}

fn ok(body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(body)
}

/// A fake Facebook or Threads whose post-making call meets `fate`, and whose account list holds what it stored.
async fn fake(kind: NetworkKind, text: &str, fate: Fate) -> Fake {
    let server = MockServer::start().await;
    let at = jiff::Timestamp::from_millisecond(now_millis())
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S+0000")
        .to_string();
    let (remote, list_path, listing) = match kind {
        NetworkKind::Facebook => (
            "pg1_900",
            "/v25.0/pg1/published_posts",
            json!({"data": [{"id": "pg1_900", "message": text, "created_time": at,
                             "permalink_url": "https://www.facebook.com/pg1_900"}]}),
        ),
        _ => {
            // The Threads steps before the publish call: the daily limit, the container, its status.
            Mock::given(method("GET"))
                .and(path("/v1.0/u1/threads_publishing_limit"))
                .respond_with(ok(json!({"data": [{"quota_usage": 1,
                    "config": {"quota_total": 250, "quota_duration": 86400}}]})))
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path("/v1.0/u1/threads"))
                .respond_with(ok(json!({"id": "c1"})))
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path("/v1.0/c1"))
                .respond_with(ok(json!({"id": "c1", "status": "FINISHED"})))
                .mount(&server)
                .await;
            (
                "m900",
                "/v1.0/u1/threads",
                json!({"data": [{"id": "m900", "text": text, "timestamp": at,
                                 "permalink": "https://www.threads.net/@acme/post/m900"}]}),
            )
        }
    };
    let created = ok(json!({"id": remote}));
    let create_path = create_path(kind);
    match fate {
        Fate::StoredAnswerLost => {
            Mock::given(method("POST"))
                .and(path(create_path))
                .respond_with(created.set_delay(LOST))
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path(list_path))
                .respond_with(ok(listing))
                .mount(&server)
                .await;
        }
        Fate::NeverArrived => {
            Mock::given(method("POST"))
                .and(path(create_path))
                .respond_with(ok(json!({})).set_delay(LOST))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path(create_path))
                .respond_with(created)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path(list_path))
                .respond_with(ok(json!({"data": []})))
                .mount(&server)
                .await;
        }
    }
    Fake { server, kind }
}

fn credentials(kind: NetworkKind) -> serde_json::Value {
    match kind {
        NetworkKind::Facebook => {
            json!({"page_id": "pg1", "access_token": "page-tok", "app_id": "app1"})
        }
        _ => json!({"user_id": "u1", "access_token": "tok", "app_id": "app1", "username": "acme"}),
    }
}

/// The connectors as the product builds them, but trusting a listing at once (the product waits
/// `meta::SETTLE_MS` after a send before calling a missing post absent; the publisher's own retry waits longer).
fn connector(fake: &Fake) -> Arc<dyn Network> {
    let at = Endpoints::At(fake.server.uri());
    match fake.kind {
        NetworkKind::Facebook => Arc::new(Facebook::new(http(), at).unwrap().with_settle_ms(0)),
        _ => Arc::new(
            Threads::new(http(), at)
                .unwrap()
                .with_settle_ms(0)
                .with_polling(Polling {
                    every: Duration::from_millis(5),
                    attempts: 3,
                }),
        ),
    }
}

/// One post for one profile on `fake`'s network, stepped by the publisher as the job runner would.
async fn run(db: &Db, fake: &Fake, text: &str, email: &str) -> (DeliveryState, Option<String>) {
    support::publish_after_a_lost_answer(
        db,
        fake.kind,
        credentials(fake.kind),
        connector(fake),
        text,
        email,
    )
    .await
}

#[tokio::test]
async fn a_lost_answer_is_found_by_lookup_and_never_sent_twice_and_a_lost_request_is_sent_once_more()
 {
    for db in testing::all().await.unwrap() {
        for (kind, remote) in [
            (NetworkKind::Facebook, "pg1_900"),
            (NetworkKind::Threads, "m900"),
        ] {
            let text = format!("Filter coffee, monsoon edition, on {kind}");
            let lost = fake(kind, &text, Fate::StoredAnswerLost).await;
            let (state, remote_id) =
                run(&db, &lost, &text, &format!("lost-{kind}@team.test")).await;
            assert_eq!(state, DeliveryState::Published, "{kind}");
            assert_eq!(remote_id.as_deref(), Some(remote), "{kind}");
            assert_eq!(lost.creates().await, 1, "{kind}: never sent twice");

            let never = fake(kind, &text, Fate::NeverArrived).await;
            let (state, remote_id) =
                run(&db, &never, &text, &format!("never-{kind}@team.test")).await;
            assert_eq!(state, DeliveryState::Published, "{kind}");
            assert_eq!(remote_id.as_deref(), Some(remote), "{kind}");
            assert_eq!(never.creates().await, 2, "{kind}: resent exactly once");
        }
    }
}
