//! The engine's promises, on SQLite and (with TEST_DATABASE_URL) PostgreSQL, against the in-memory sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{DeliveryState, NetworkKind, Role, now_millis};
use sangam_engine::jobs::Work;
use sangam_engine::{Engine, EngineConfig, EngineMetrics, Networks, sweeper};
use sangam_networks::Network;
use sangam_networks::sandbox::{Faults, Sandbox, SandboxConfig};
use sangam_store::jobs;
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, snapshots, testing, workspaces};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

struct World {
    db: Db,
    secrets: SecretBox,
    sandbox: Arc<Sandbox>,
    workspace: i64,
    author: i64,
    profile: i64,
}

async fn world(db: Db, config: SandboxConfig) -> World {
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
    let sandbox = Arc::new(Sandbox::in_memory(config).await.unwrap());
    World {
        db,
        secrets,
        sandbox,
        workspace: ws.id,
        author: author.id,
        profile: profile.id,
    }
}

impl World {
    fn start_engine(&self) -> watch::Sender<bool> {
        let (stop, stopped) = watch::channel(false);
        let networks = Networks::default().with(self.sandbox.clone() as Arc<dyn Network>);
        let config = EngineConfig {
            idle_poll_ms: 20,
            ..EngineConfig::default()
        };
        let engine = Engine::new(
            self.db.clone(),
            self.secrets.clone(),
            networks,
            config,
            EngineMetrics::default(),
        );
        tokio::spawn(engine.run(stopped));
        stop
    }

    async fn post(&self, body: &str, at: i64) -> i64 {
        let profiles = [self.profile];
        let new = NewPost::text(self.workspace, self.author, body, at, &profiles);
        posts::create(&self.db, new, now_millis())
            .await
            .unwrap()
            .deliveries[0]
            .id
    }
}

async fn settled(db: &Db, n: i64) -> bool {
    let counts = posts::state_counts(db).await.unwrap();
    let done: i64 = counts
        .iter()
        .filter(|(s, _)| s == "published" || s == "failed" || s == "unknown")
        .map(|(_, c)| c)
        .sum();
    done == n
}

#[tokio::test(flavor = "multi_thread")]
async fn a_flaky_network_never_gets_a_post_twice_and_nothing_is_silently_missed() {
    for db in testing::all().await.unwrap() {
        // Faults every way at once; rate limits ask for only 20 ms so the test stays quick.
        let faults = Faults {
            timeout_after_accept: 0.1,
            rate_limited: 0.05,
            server_error: 0.05,
            retry_after_ms: 20,
        };
        let w = world(db, SandboxConfig::seeded(3).with_faults(faults)).await;
        for i in 0..150 {
            w.post(&format!("Chaos post {i}"), now_millis()).await;
        }
        // Retries back off for seconds; pull every job's time forward as it waits, so the test need not.
        let stop = w.start_engine();
        for _ in 0..600 {
            if settled(&w.db, 150).await
                && posts::state_counts(&w.db)
                    .await
                    .unwrap()
                    .iter()
                    .all(|(s, _)| s != "unknown")
            {
                break;
            }
            let due_now = "UPDATE jobs SET run_at = 0 WHERE state = 'queued' AND kind = 'publish'";
            w.db.execute(Sql::new(due_now)).await.unwrap();
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let _ = stop.send(true);
        assert_eq!(
            w.sandbox.repeated_keys().await.unwrap(),
            0,
            "no key was published twice ({})",
            w.db.backend()
        );
        assert_eq!(
            w.sandbox.repeated_texts().await.unwrap(),
            0,
            "no text appears twice ({})",
            w.db.backend()
        );
        let counts = posts::state_counts(&w.db).await.unwrap();
        let published = counts
            .iter()
            .find(|(s, _)| s == "published")
            .map(|(_, c)| *c)
            .unwrap_or(0);
        assert_eq!(
            published,
            w.sandbox.all_posts().await.unwrap().len() as i64,
            "every post on the network is known as published: {counts:?}"
        );
        assert!(
            settled(&w.db, 150).await,
            "every delivery reached a state a person can see: {counts:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_paused_workspace_publishes_nothing_until_resumed() {
    let w = world(testing::sqlite().await.unwrap(), SandboxConfig::seeded(1)).await;
    let pause = "UPDATE workspaces SET paused_at = 1, pause_reason = 'crisis'";
    w.db.execute(Sql::new(pause)).await.unwrap();
    let id = w.post("Held by the crisis switch", now_millis()).await;
    let stop = w.start_engine();
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert_eq!(
        posts::delivery(&w.db, id).await.unwrap().state,
        DeliveryState::Scheduled
    );
    assert!(w.sandbox.all_posts().await.unwrap().is_empty());
    let _ = stop.send(true);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deleted_post_never_reaches_the_network() {
    let w = world(testing::sqlite().await.unwrap(), SandboxConfig::seeded(1)).await;
    let id = w.post("Deleted before its time", now_millis()).await;
    let delete = "UPDATE posts SET deleted_at = 1";
    w.db.execute(Sql::new(delete)).await.unwrap();
    let stop = w.start_engine();
    for _ in 0..100 {
        if posts::delivery(&w.db, id).await.unwrap().state == DeliveryState::Cancelled {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(true);
    assert_eq!(
        posts::delivery(&w.db, id).await.unwrap().state,
        DeliveryState::Cancelled
    );
    assert!(w.sandbox.all_posts().await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sweeper_finds_overdue_deliveries_that_lost_their_job() {
    let w = world(testing::sqlite().await.unwrap(), SandboxConfig::seeded(1)).await;
    let id = w.post("Lost job", now_millis() - 1000).await;
    w.db.execute(Sql::new("DELETE FROM jobs")).await.unwrap();
    let swept = sweeper::sweep(&w.db).await.unwrap();
    assert_eq!(swept.enqueued, 1);
    let again = sweeper::sweep(&w.db).await.unwrap();
    assert_eq!(
        again.enqueued, 0,
        "the sweeper never enqueues the same attempt twice"
    );
    let claimed = jobs::claim(&w.db, "w", now_millis(), 1000, 10)
        .await
        .unwrap();
    assert_eq!(
        claimed
            .iter()
            .filter(|j| {
                Work::read(&j.kind, &j.payload) == Ok(Work::Publish { delivery_id: id })
            })
            .count(),
        1
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_collector_stores_follower_and_engagement_snapshots() {
    let w = world(testing::sqlite().await.unwrap(), SandboxConfig::seeded(1)).await;
    let id = w.post("Measure me", now_millis()).await;
    let stop = w.start_engine();
    for _ in 0..100 {
        if posts::delivery(&w.db, id).await.unwrap().state == DeliveryState::Published {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(true);
    let collector = sangam_engine::collector::Collector {
        db: &w.db,
        secrets: &w.secrets,
        networks: &Networks::default().with(w.sandbox.clone() as Arc<dyn Network>),
    };
    let at = now_millis() + 3_600_000;
    assert_eq!(
        collector.collect_all(at).await.unwrap(),
        2,
        "one profile row and one post row"
    );
    let history = snapshots::profile_history(&w.db, w.profile, 0, at + 1)
        .await
        .unwrap();
    assert!(history.iter().any(|s| s.taken_at == at && s.followers > 0));
    collector.collect_all(at).await.unwrap();
    let again = snapshots::profile_history(&w.db, w.profile, at, at + 1)
        .await
        .unwrap();
    assert_eq!(
        again.len(),
        1,
        "collecting the same instant twice stores it once"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_mute_request_reaches_the_network_connector_and_is_logged() {
    let w = world(testing::sqlite().await.unwrap(), SandboxConfig::seeded(1)).await;
    let request = sangam_engine::jobs::MuteRequest {
        workspace_id: w.workspace,
        profile_id: w.profile,
        author_handle: "troll".into(),
        action: "mute".into(),
        user_id: w.author,
    };
    let job = sangam_engine::jobs::mute(request, 0);
    sangam_engine::jobs::enqueue(&w.db, &job, 0).await.unwrap();
    let stop = w.start_engine();
    // The engine logs other work of its own too (a weekly review drafted, say): look for the mute's line.
    let mut mute_lines = vec![];
    for _ in 0..100 {
        mute_lines = sangam_store::activity::recent(&w.db, w.workspace, 50)
            .await
            .unwrap()
            .into_iter()
            .filter(|a| a.action.starts_with("mute"))
            .map(|a| a.action)
            .collect();
        if !mute_lines.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(true);
    // The sandbox offers no mute call, which is said, not hidden.
    assert_eq!(mute_lines, vec!["mute_not_offered_by_network".to_string()]);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_sweeper_clears_expired_sessions_and_keeps_live_ones() {
    let w = world(testing::sqlite().await.unwrap(), SandboxConfig::seeded(1)).await;
    let later = now_millis() + 3_600_000;
    let sessions =
        "INSERT INTO sessions (id, data, expires_at) VALUES ('old', '{}', 1), ('live', '{}', $1)";
    w.db.execute(Sql::new(sessions).bind(later)).await.unwrap();
    let swept = sweeper::sweep(&w.db).await.unwrap();
    assert_eq!(swept.expired_sessions, 1);
    let left: Vec<(String,)> =
        w.db.fetch_all(Sql::new("SELECT id FROM sessions"))
            .await
            .unwrap();
    assert_eq!(left, vec![("live".to_string(),)]);
}

#[tokio::test(flavor = "multi_thread")]
async fn an_unapproved_post_at_its_time_is_held_and_its_author_and_approvers_are_told_once() {
    let w = world(testing::sqlite().await.unwrap(), SandboxConfig::seeded(1)).await;
    let lead = users::create(
        &w.db,
        NewUser {
            workspace_id: w.workspace,
            email: "lead@team.test",
            name: "Lead",
            password_hash: "x",
            role: Role::Manager,
        },
        0,
    )
    .await
    .unwrap();
    let profiles = [w.profile];
    let new = posts::NewPost {
        status: sangam_domain::PostStatus::PendingApproval,
        ..posts::NewPost::text(
            w.workspace,
            w.author,
            "Waiting for a yes",
            now_millis(),
            &profiles,
        )
    };
    let id = posts::create(&w.db, new, now_millis())
        .await
        .unwrap()
        .deliveries[0]
        .id;
    let stop = w.start_engine();
    let mut told = vec![];
    for _ in 0..100 {
        // Leads are also told when the engine drafts a weekly review; this is about the held post.
        told = sangam_store::notifications::recent(&w.db, lead.id, 10)
            .await
            .unwrap()
            .into_iter()
            .filter(|n| n.kind != "review")
            .collect();
        if !told.is_empty() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(true);
    assert_eq!(
        told.len(),
        1,
        "the default approvers (Admins and Managers) are told once"
    );
    assert_eq!(
        sangam_store::notifications::recent(&w.db, w.author, 10)
            .await
            .unwrap()
            .len(),
        1,
        "so is the author"
    );
    assert_eq!(
        posts::delivery(&w.db, id).await.unwrap().state,
        DeliveryState::Scheduled,
        "held, not sent"
    );
    assert!(w.sandbox.all_posts().await.unwrap().is_empty());
}
