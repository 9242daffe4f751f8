//! Credentials that stop working: the delivery waits (held, still `scheduled`), the profile says it needs
//! reconnecting, the Admins are told once, and a reconnect sends the waiting post, once. On SQLite and, with
//! `TEST_DATABASE_URL`, PostgreSQL. (The same story against the real Mastodon peer is in the root suite's
//! `networks_e2e`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use sangam_domain::{DeliveryState, NetworkKind, ProfileStatus, Role, now_millis};
use sangam_engine::Networks;
use sangam_engine::ingester::Ingester;
use sangam_engine::jobs::Work;
use sangam_engine::publisher::{Next, Publisher};
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_networks::{
    Account, InboundPage, Network, NetworkError, Outbound, PostCounts, ProfileCounts, Published,
};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{jobs, notifications, testing, workspaces};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// The sandbox, except that while `revoked` is set every call answers as a network that no longer accepts the token.
struct Revocable {
    inner: Arc<Sandbox>,
    revoked: AtomicBool,
}

impl Revocable {
    fn check(&self) -> Result<(), NetworkError> {
        if self.revoked.load(Ordering::SeqCst) {
            return Err(NetworkError::AuthExpired(
                "The access token was revoked".into(),
            ));
        }
        Ok(())
    }
}

#[async_trait]
impl Network for Revocable {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Sandbox
    }
    async fn publish(&self, a: &Account, c: &Outbound) -> Result<Published, NetworkError> {
        self.check()?;
        self.inner.publish(a, c).await
    }
    async fn find_published(
        &self,
        a: &Account,
        k: &str,
    ) -> Result<Option<Published>, NetworkError> {
        self.check()?;
        self.inner.find_published(a, k).await
    }
    fn dedupes_repeats(&self) -> bool {
        true
    }
    async fn inbound(
        &self,
        a: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        self.check()?;
        self.inner.inbound(a, cursor).await
    }
    async fn profile_counts(&self, a: &Account) -> Result<ProfileCounts, NetworkError> {
        self.check()?;
        self.inner.profile_counts(a).await
    }
    async fn post_counts(
        &self,
        a: &Account,
        ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        self.check()?;
        self.inner.post_counts(a, ids).await
    }
}

#[tokio::test]
async fn a_revoked_token_holds_the_post_tells_the_admins_once_and_a_reconnect_sends_it_once() {
    for db in testing::all().await.unwrap() {
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let ws = workspaces::create(&db, "Team", 0).await.unwrap();
        let mut people = Vec::new();
        for (email, role) in [
            ("admin@team.test", Role::Admin),
            ("manager@team.test", Role::Manager),
        ] {
            let new = NewUser {
                workspace_id: ws.id,
                email,
                name: email,
                password_hash: "x",
                role,
            };
            people.push(users::create(&db, new, 0).await.unwrap().id);
        }
        let (admin, manager) = (people[0], people[1]);
        let profile = profiles::create(
            &db,
            &secrets,
            NewProfile {
                workspace_id: ws.id,
                network: NetworkKind::Sandbox,
                handle: "acme",
                display_name: "Acme",
                credentials: &serde_json::json!({}),
            },
            0,
        )
        .await
        .unwrap();
        let sandbox = Arc::new(Sandbox::in_memory(SandboxConfig::seeded(3)).await.unwrap());
        let network = Arc::new(Revocable {
            inner: sandbox.clone(),
            revoked: AtomicBool::new(true),
        });
        let networks = Networks::default().with(network.clone() as Arc<dyn Network>);
        let now = now_millis();
        let profile_ids = [profile.id];
        let post = posts::create(
            &db,
            NewPost::text(ws.id, admin, "Held, not lost", now, &profile_ids),
            now,
        )
        .await
        .unwrap();
        let delivery = post.deliveries[0].id;
        let publisher = Publisher {
            db: &db,
            secrets: &secrets,
            networks: &networks,
        };

        // Refused: held for a reconnect, not failed, even on the job's last attempt.
        for last_attempt in [false, true] {
            let next = publisher.step(delivery, last_attempt).await.unwrap();
            assert!(
                matches!(next, Next::Postpone { ref note, .. } if note.contains("reconnected")),
                "{next:?}"
            );
            let d = posts::delivery(&db, delivery).await.unwrap();
            assert_eq!(d.state, DeliveryState::Scheduled);
            assert!(d.reason.unwrap().contains("@acme"));
        }
        // The ingester meets the same refusal; nobody is told twice.
        let text = sangam_engine::TextModel::default();
        let ingester = Ingester {
            db: &db,
            secrets: &secrets,
            networks: &networks,
            text: &text,
        };
        assert!(ingester.ingest_all().await.is_err());
        let profile_now = profiles::get(&db, ws.id, profile.id).await.unwrap();
        assert_eq!(profile_now.status, ProfileStatus::NeedsReconnect);
        let told = |user: i64| {
            let db = db.clone();
            async move {
                notifications::recent(&db, user, 50)
                    .await
                    .unwrap()
                    .into_iter()
                    .filter(|n| n.kind == "profile_needs_reconnect")
                    .map(|n| (n.message, n.link))
                    .collect::<Vec<_>>()
            }
        };
        let admin_told = told(admin).await;
        assert_eq!(admin_told.len(), 1, "{admin_told:?}");
        assert!(admin_told[0].0.contains("@acme"));
        assert_eq!(admin_told[0].1, "/profiles");
        assert!(told(manager).await.is_empty(), "Admins connect profiles");
        assert!(sandbox.all_posts().await.unwrap().is_empty());

        // Reconnected: the waiting delivery gets a job now and goes out, once.
        network.revoked.store(false, Ordering::SeqCst);
        profiles::set_credentials(&db, &secrets, profile.id, &serde_json::json!({}))
            .await
            .unwrap();
        let now = now_millis();
        assert_eq!(
            sangam_engine::reconnect::resume_waiting(&db, profile.id, now)
                .await
                .unwrap(),
            1
        );
        let due = jobs::claim(&db, "test", now, 60_000, 10).await.unwrap();
        assert!(
            due.iter().any(|j| Work::read(&j.kind, &j.payload)
                == Ok(Work::Publish {
                    delivery_id: delivery
                })
                && j.run_at == now
                && j.unique_key
                    .as_deref()
                    .is_some_and(|k| k.starts_with("reconnected:"))),
            "a publish job for the waiting delivery, due now"
        );
        assert_eq!(publisher.step(delivery, false).await.unwrap(), Next::Done);
        assert_eq!(
            posts::delivery(&db, delivery).await.unwrap().state,
            DeliveryState::Published
        );
        // The old, postponed job finds it done.
        assert_eq!(publisher.step(delivery, false).await.unwrap(), Next::Done);
        assert_eq!(sandbox.all_posts().await.unwrap().len(), 1);
        assert_eq!(told(admin).await.len(), 1);
    }
}
