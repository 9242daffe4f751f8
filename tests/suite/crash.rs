//! Never twice, never silently missed: the real binary is SIGKILLed between recording its intent and hearing the
//! network's answer, restarted, and the post exists exactly once on the sandbox. On SQLite, and on PostgreSQL when
//! `TEST_DATABASE_URL` is set, where two `serve` processes also share the work.

use crate::support::process::Setup;
use sangam_domain::{DeliveryState, NetworkKind, Role, now_millis};
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, workspaces};
use std::time::Duration;

struct Seeded {
    delivery_ids: Vec<i64>,
    keys: Vec<String>,
}

/// A workspace, one sandbox profile and `n` posts due now, written straight to the database the binary will open.
async fn seed(db: &Db, setup: &Setup, n: usize) -> Seeded {
    let hex = SecretBox::generate_hex();
    std::fs::write(setup.key_path(), &hex).unwrap();
    let secrets = SecretBox::from_hex(&hex).unwrap();
    let now = now_millis();
    let ws = workspaces::create(db, "Crash team", now).await.unwrap();
    let author = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email: "crash@team.test",
            name: "Crash",
            password_hash: "x",
            role: Role::Member,
        },
        now,
    )
    .await
    .unwrap();
    let profile = profiles::create(
        db,
        &secrets,
        NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle: "crashy",
            display_name: "Crashy",
            credentials: &serde_json::json!({}),
        },
        now,
    )
    .await
    .unwrap();
    let mut seeded = Seeded {
        delivery_ids: vec![],
        keys: vec![],
    };
    for i in 0..n {
        let body = format!("Post number {i} that must appear exactly once");
        let post = posts::create(
            db,
            NewPost::text(ws.id, author.id, &body, now, &[profile.id]),
            now,
        )
        .await
        .unwrap();
        seeded.delivery_ids.push(post.deliveries[0].id);
        seeded.keys.push(post.deliveries[0].idempotency_key.clone());
    }
    seeded
}

async fn wait_for(what: &str, check: impl AsyncFnMut() -> bool) {
    wait_up_to(what, Duration::from_secs(120), check).await
}

/// Polls `check` until it holds or `limit` has passed on the wall clock (not a count of polls, which a loaded machine
/// stretches).
async fn wait_up_to(what: &str, limit: Duration, mut check: impl AsyncFnMut() -> bool) {
    let start = std::time::Instant::now();
    while start.elapsed() < limit {
        if check().await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting until {what}");
}

async fn state(db: &Db, id: i64) -> DeliveryState {
    posts::delivery(db, id).await.unwrap().state
}

/// Kills the server while a publish call is in flight (the delay variable says where), restarts it, and checks the
/// post ends published, once.
async fn killed_in_flight(db: Db, url: String, delay_var: &str, stored_before_kill: i64) {
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup::new(url, dir.path());
    let seeded = seed(&db, &setup, 1).await;
    let (id, key) = (seeded.delivery_ids[0], seeded.keys[0].clone());
    let sandbox = Sandbox::open(&setup.sandbox_path(), SandboxConfig::seeded(1))
        .await
        .unwrap();

    let slow = setup.clone().with(delay_var, 60_000).serve().await;
    wait_for("the intent is recorded", async || {
        state(&db, id).await == DeliveryState::Sending
    })
    .await;
    wait_for("the network has reached the expected point", async || {
        sandbox.posts_with_key_count("crashy", &key).await.unwrap() == stored_before_kill
    })
    .await;
    slow.kill_hard().await;
    assert_eq!(
        state(&db, id).await,
        DeliveryState::Sending,
        "the crash left the delivery in flight"
    );

    // The killed process's lease (60 s by default) must run out before the restarted one may take the job, so the
    // wait is the lease plus time for the restart and the reconcile.
    let _again = setup.serve().await;
    let after_lease = Duration::from_secs(60 + 90);
    wait_up_to(
        "the delivery is published after the restart",
        after_lease,
        async || state(&db, id).await == DeliveryState::Published,
    )
    .await;
    assert_eq!(
        sandbox.posts_with_key_count("crashy", &key).await.unwrap(),
        1,
        "exactly once on the network"
    );
    assert_eq!(sandbox.all_posts().await.unwrap().len(), 1);
    let d = posts::delivery(&db, id).await.unwrap();
    let remote = sandbox.all_posts().await.unwrap()[0].remote_id();
    assert_eq!(
        d.remote_id.as_deref(),
        Some(remote.as_str()),
        "the stored remote id is the network's"
    );
}

async fn postgres_url_for_fresh_schema() -> Option<(Db, String)> {
    let url = std::env::var("TEST_DATABASE_URL").ok()?;
    let schema = sangam_store::fresh_schema_name();
    let db = sangam_store::Db::connect_pg_schema(&url, &schema)
        .await
        .unwrap();
    let sep = if url.contains('?') { '&' } else { '?' };
    Some((db, format!("{url}{sep}options=-c%20search_path%3D{schema}")))
}

async fn sqlite_url() -> (Db, String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sangam.db");
    let url = format!("sqlite://{}", path.display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    (db, url, dir)
}

#[tokio::test(flavor = "multi_thread")]
async fn publishing_twice_is_impossible_after_a_crash_once_the_network_has_the_post() {
    let (db, url, _dir) = sqlite_url().await;
    killed_in_flight(db, url, "SANGAM_SANDBOX__ANSWER_DELAY_MS", 1).await;
    if let Some((db, url)) = postgres_url_for_fresh_schema().await {
        eprintln!("crash test on postgres");
        killed_in_flight(db, url, "SANGAM_SANDBOX__ANSWER_DELAY_MS", 1).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_post_lost_in_a_crash_before_the_network_took_it_is_sent_after_the_restart() {
    let (db, url, _dir) = sqlite_url().await;
    killed_in_flight(db, url, "SANGAM_SANDBOX__ACCEPT_DELAY_MS", 0).await;
    if let Some((db, url)) = postgres_url_for_fresh_schema().await {
        killed_in_flight(db, url, "SANGAM_SANDBOX__ACCEPT_DELAY_MS", 0).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn two_serve_processes_on_one_postgres_share_the_work() {
    let Some((db, url)) = postgres_url_for_fresh_schema().await else {
        eprintln!("skipping: TEST_DATABASE_URL is not set, so there is no PostgreSQL to share");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let setup = Setup::new(url, dir.path()).with("SANGAM_SANDBOX__ACCEPT_DELAY_MS", 20);
    let seeded = seed(&db, &setup, 200).await;
    let first = setup.serve().await;
    let second = setup.serve().await;
    wait_for("all 200 posts are published", async || {
        let counts = posts::state_counts(&db).await.unwrap();
        counts == vec![("published".to_string(), 200)]
    })
    .await;
    drop((first, second));
    let sandbox = Sandbox::open(&setup.sandbox_path(), SandboxConfig::seeded(1))
        .await
        .unwrap();
    assert_eq!(sandbox.all_posts().await.unwrap().len(), 200);
    assert_eq!(sandbox.repeated_keys().await.unwrap(), 0);
    for key in &seeded.keys {
        assert_eq!(
            sandbox.posts_with_key_count("crashy", key).await.unwrap(),
            1
        );
    }
    let workers: Vec<(String,)> = db
        .fetch_all(Sql::new(
            "SELECT DISTINCT worker FROM jobs WHERE kind = 'publish' AND worker IS NOT NULL",
        ))
        .await
        .unwrap();
    assert_eq!(
        workers.len(),
        2,
        "both processes took publishing work: {workers:?}"
    );
}
