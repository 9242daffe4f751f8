//! Exactly once on LinkedIn and X, which keep no idempotency key: the publisher, with the real connectors pointed at
//! fake networks (wiremock, answering the documented shapes), meets an answer lost after the network stored the post
//! (it is found by looking among the account's posts since the send, and never sent again) and a request that never
//! reached the store (the lookup proves it absent, and it is sent once more). On SQLite and, with
//! `TEST_DATABASE_URL`, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod support;

use sangam_domain::{DeliveryState, NetworkKind, now_millis};
use sangam_networks::Network;
use sangam_networks::http::HttpConfig;
use sangam_networks::linkedin::LinkedIn;
use sangam_networks::oauth::Endpoints;
use sangam_networks::x::X;
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

/// The create-post path: `POST /2/tweets` on X, `POST /rest/posts` on LinkedIn.
fn create_path(kind: NetworkKind) -> &'static str {
    match kind {
        NetworkKind::X => "/2/tweets",
        _ => "/rest/posts",
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

/// A fake X or LinkedIn whose create-post call meets `fate`, and whose account timeline holds what it stored.
async fn fake(kind: NetworkKind, text: &str, fate: Fate) -> Fake {
    let server = MockServer::start().await;
    let now = now_millis();
    let (created, listing, empty, path_of_list) = match kind {
        NetworkKind::X => {
            let at = jiff::Timestamp::from_millisecond(now)
                .unwrap()
                .strftime("%Y-%m-%dT%H:%M:%S.000Z")
                .to_string();
            (
                ResponseTemplate::new(201)
                    .set_body_json(json!({"data": {"id": "1900", "text": text}})),
                json!({"data": [{"id": "1900", "text": text, "created_at": at}],
                       "meta": {"result_count": 1}}),
                json!({"meta": {"result_count": 0}}),
                "/2/users/100/tweets",
            )
        }
        _ => (
            ResponseTemplate::new(201).insert_header("x-restli-id", "urn:li:share:7100"),
            json!({"elements": [{"id": "urn:li:share:7100", "author": "urn:li:organization:1",
                                 "commentary": text, "createdAt": now, "lifecycleState": "PUBLISHED"}]}),
            json!({"elements": []}),
            "/rest/posts",
        ),
    };
    let create_path = create_path(kind);
    match fate {
        Fate::StoredAnswerLost => {
            Mock::given(method("POST"))
                .and(path(create_path))
                .respond_with(created.set_delay(LOST))
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path(path_of_list))
                .respond_with(ResponseTemplate::new(200).set_body_json(listing))
                .mount(&server)
                .await;
        }
        Fate::NeverArrived => {
            Mock::given(method("POST"))
                .and(path(create_path))
                .respond_with(ResponseTemplate::new(201).set_delay(LOST))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("POST"))
                .and(path(create_path))
                .respond_with(created)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .and(path(path_of_list))
                .respond_with(ResponseTemplate::new(200).set_body_json(empty))
                .mount(&server)
                .await;
        }
    }
    Fake { server, kind }
}

fn credentials(kind: NetworkKind) -> serde_json::Value {
    match kind {
        NetworkKind::X => json!({"access_token": "at", "refresh_token": "rt", "user_id": "100",
                                 "username": "acmecoffee", "client_id": "cid"}),
        _ => {
            json!({"access_token": "at", "author": "urn:li:organization:1", "member": "urn:li:person:a",
                    "client_id": "cid"})
        }
    }
}

fn connector(fake: &Fake) -> Arc<dyn Network> {
    let at = Endpoints::At(fake.server.uri());
    match fake.kind {
        NetworkKind::X => Arc::new(X::new(http(), at).unwrap()),
        _ => Arc::new(LinkedIn::new(http(), at).unwrap()),
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
            (NetworkKind::X, "1900"),
            (NetworkKind::LinkedIn, "urn:li:share:7100"),
        ] {
            let text = format!("Monsoon blend is back on {kind}");
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
