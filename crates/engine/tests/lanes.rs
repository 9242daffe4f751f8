//! One slow network does not hold the others up: a network's publish jobs take at most half of the engine's slots.
//! On SQLite and (with TEST_DATABASE_URL) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use async_trait::async_trait;
use sangam_domain::{DeliveryState, Millis, NetworkKind, Role, now_millis};
use sangam_engine::{Engine, EngineConfig, EngineMetrics, Networks};
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_networks::{
    Account, InboundPage, Network, NetworkError, Outbound, PostCounts, ProfileCounts, Published,
};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{testing, workspaces};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// A network whose server has stalled: a post sent to it never gets an answer. Everything else is the sandbox's.
struct Stalled {
    inner: Arc<Sandbox>,
}

#[async_trait]
impl Network for Stalled {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Mastodon
    }
    async fn publish(&self, _: &Account, _: &Outbound) -> Result<Published, NetworkError> {
        std::future::pending().await
    }
    async fn find_published(
        &self,
        _: &Account,
        _: &str,
    ) -> Result<Option<Published>, NetworkError> {
        std::future::pending().await
    }
    fn dedupes_repeats(&self) -> bool {
        true
    }
    fn dedupe_window_ms(&self) -> Option<Millis> {
        None
    }
    async fn inbound(
        &self,
        a: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        self.inner.inbound(a, cursor).await
    }
    async fn profile_counts(&self, a: &Account) -> Result<ProfileCounts, NetworkError> {
        self.inner.profile_counts(a).await
    }
    async fn post_counts(
        &self,
        a: &Account,
        ids: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        self.inner.post_counts(a, ids).await
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_stalled_network_takes_half_the_slots_and_the_other_networks_still_publish() {
    for db in testing::all().await.unwrap() {
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let ws = workspaces::create(&db, "Team", 0).await.unwrap();
        let author = users::create(
            &db,
            NewUser {
                workspace_id: ws.id,
                email: "a@team.test",
                name: "A",
                password_hash: "x",
                role: Role::Member,
            },
            0,
        )
        .await
        .unwrap();
        let profile = |network, handle: &'static str| {
            let (db, secrets) = (db.clone(), secrets.clone());
            async move {
                let new = NewProfile {
                    workspace_id: ws.id,
                    network,
                    handle,
                    display_name: handle,
                    credentials: &serde_json::json!({}),
                };
                profiles::create(&db, &secrets, new, 0).await.unwrap().id
            }
        };
        let stalled_profile = profile(NetworkKind::Mastodon, "acme@stalled.example").await;
        let sandbox_profile = profile(NetworkKind::Sandbox, "acme").await;
        let sandbox = Arc::new(Sandbox::in_memory(SandboxConfig::seeded(5)).await.unwrap());
        let networks = Networks::default()
            .with(sandbox.clone() as Arc<dyn Network>)
            .with(Arc::new(Stalled { inner: sandbox }) as Arc<dyn Network>);

        // Six posts for the stalled network are due before the one for the sandbox, and there are four slots.
        let due = now_millis();
        let post = |profile: i64, body: String| {
            let db = db.clone();
            async move {
                let profiles = [profile];
                let new = NewPost::text(ws.id, author.id, &body, due, &profiles);
                posts::create(&db, new, due).await.unwrap().deliveries[0].id
            }
        };
        for n in 0..6 {
            post(stalled_profile, format!("stalled {n}")).await;
        }
        let waiting = post(sandbox_profile, "to the sandbox".into()).await;

        let (stop, stopped) = watch::channel(false);
        let config = EngineConfig {
            concurrency: 4,
            idle_poll_ms: 20,
            ..EngineConfig::default()
        };
        let engine = Engine::new(
            db.clone(),
            secrets.clone(),
            networks,
            config,
            EngineMetrics::default(),
        );
        tokio::spawn(engine.run(stopped));

        let mut state = DeliveryState::Scheduled;
        for _ in 0..300 {
            state = posts::delivery(&db, waiting).await.unwrap().state;
            if state == DeliveryState::Published {
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert_eq!(
            state,
            DeliveryState::Published,
            "the sandbox's post went out while the stalled network held its half of the slots"
        );
        let counts = posts::state_counts(&db).await.unwrap();
        let sending = counts
            .iter()
            .find(|(s, _)| s == "sending")
            .map_or(0, |(_, n)| *n);
        assert_eq!(
            sending, 2,
            "the stalled network was sent two posts at once, half of four slots: {counts:?}"
        );
        stop.send(true).unwrap();
    }
}
