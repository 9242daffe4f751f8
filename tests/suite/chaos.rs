//! The chaos test: 1,000 posts due over a short window to a sandbox that times out after accepting (10%), rate
//! limits (5%) and fails (5%), while `sangam serve` is SIGKILLed and restarted 20 times at random moments.
//! Afterwards every post is on the network at most once, and every delivery not published is visibly `failed` or
//! `unknown` with a reason; none is silently missing. On SQLite, and with two `serve` processes on PostgreSQL.

use crate::support::process::{Served, Setup};
use rand::{Rng, SeedableRng};
use sangam_domain::{DeliveryState, NetworkKind, Role, now_millis};
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, workspaces};
use std::time::Duration;

const POSTS: usize = 1_000;
const KILLS: usize = 20;

async fn seed(db: &Db, setup: &Setup) -> Vec<(i64, String)> {
    let hex = SecretBox::generate_hex();
    std::fs::write(setup.key_path(), &hex).unwrap();
    let secrets = SecretBox::from_hex(&hex).unwrap();
    let now = now_millis();
    let ws = workspaces::create(db, "Chaos", now).await.unwrap();
    let author = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email: "chaos@team.test",
            name: "Chaos",
            password_hash: "x",
            role: Role::Member,
        },
        now,
    )
    .await
    .unwrap();
    let mut profile_ids = vec![];
    for handle in ["chaos_a", "chaos_b"] {
        let new = NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle,
            display_name: handle,
            credentials: &serde_json::json!({}),
        };
        profile_ids.push(profiles::create(db, &secrets, new, now).await.unwrap().id);
    }
    let mut deliveries = vec![];
    for i in 0..POSTS {
        let body = format!("Chaos post {i}");
        let due = now + (i as i64 % 20) * 1_000;
        let ids = [profile_ids[i % 2]];
        let post = posts::create(db, NewPost::text(ws.id, author.id, &body, due, &ids), now)
            .await
            .unwrap();
        let d = &post.deliveries[0];
        deliveries.push((d.id, d.idempotency_key.clone()));
    }
    deliveries
}

fn chaotic(setup: Setup) -> Setup {
    setup
        .with("SANGAM_SANDBOX__TIMEOUT_AFTER_ACCEPT", 0.10)
        .with("SANGAM_SANDBOX__RATE_LIMITED", 0.05)
        .with("SANGAM_SANDBOX__SERVER_ERROR", 0.05)
        .with("SANGAM_SANDBOX__RETRY_AFTER_MS", 300)
        .with("SANGAM_SANDBOX__ACCEPT_DELAY_MS", 5)
        .with("SANGAM_ENGINE__LEASE_SECS", 3)
}

/// Back-offs are seconds to minutes long; between kills the driver pulls waiting jobs forward so the run stays short.
async fn hurry(db: &Db) {
    db.execute(
        Sql::new("UPDATE jobs SET run_at = 0 WHERE state = 'queued' AND kind = 'publish' AND run_at > $1")
            .bind(now_millis()),
    )
    .await
    .unwrap();
}

async fn settled(db: &Db) -> bool {
    let (in_flight,): (i64,) = db
        .fetch_one(Sql::new(
            "SELECT COUNT(*) FROM deliveries d WHERE d.state IN ('scheduled', 'sending')
            OR (d.state = 'unknown' AND EXISTS (SELECT 1 FROM jobs j WHERE j.kind = 'publish'
                AND j.payload = CAST(d.id AS TEXT) AND j.state = 'queued'))",
        ))
        .await
        .unwrap();
    in_flight == 0
}

/// Whether the sandbox refuses a repeated idempotency key (as Mastodon and Bluesky do) or, like Facebook, Instagram,
/// Threads, LinkedIn and X, takes it as a new post: then only the publisher's lookup keeps a lost answer from
/// becoming a second post.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Repeats {
    Deduped,
    Posted,
}

async fn run_chaos(db: Db, url: String, processes: usize) {
    run_chaos_with(db, url, processes, Repeats::Deduped).await
}

async fn run_chaos_with(db: Db, url: String, processes: usize, repeats: Repeats) {
    let dir = tempfile::tempdir().unwrap();
    let mut setup = chaotic(Setup::new(url, dir.path()));
    if repeats == Repeats::Posted {
        setup = setup.with("SANGAM_SANDBOX__DEDUPES", false);
    }
    let deliveries = seed(&db, &setup).await;
    let seed: u64 = rand::random();
    eprintln!(
        "chaos on {} with {processes} process(es), seed {seed}",
        db.backend()
    );
    let mut rng = rand::rngs::StdRng::seed_from_u64(seed);

    for _ in 0..KILLS {
        let mut running: Vec<Served> = vec![];
        for _ in 0..processes {
            running.push(setup.serve().await);
        }
        tokio::time::sleep(Duration::from_millis(rng.random_range(300..2_500))).await;
        for served in running {
            served.kill_hard().await;
        }
        hurry(&db).await;
    }
    let mut last: Vec<Served> = vec![];
    for _ in 0..processes {
        last.push(setup.serve().await);
    }
    for _ in 0..600 {
        if settled(&db).await {
            break;
        }
        hurry(&db).await;
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    drop(last);

    let sandbox = Sandbox::open(&setup.sandbox_path(), SandboxConfig::seeded(1))
        .await
        .unwrap();
    assert_eq!(
        sandbox.repeated_keys().await.unwrap(),
        0,
        "no delivery was published twice"
    );
    assert_eq!(
        sandbox.repeated_texts().await.unwrap(),
        0,
        "no post appears twice on the network"
    );
    let (mut published, mut failed, mut unknown) = (0, 0, 0);
    for (id, key) in &deliveries {
        let d = posts::delivery(&db, *id).await.unwrap();
        let handle = d.profile_handle.clone();
        let on_network = sandbox.posts_with_key_count(&handle, key).await.unwrap();
        match d.state {
            DeliveryState::Published => {
                published += 1;
                assert_eq!(on_network, 1, "a published delivery is on the network once");
            }
            DeliveryState::Failed => {
                failed += 1;
                assert_eq!(on_network, 0, "a failed delivery never reached the network");
                assert!(
                    d.reason.as_deref().is_some_and(|r| !r.is_empty()),
                    "a failure says why"
                );
            }
            DeliveryState::Unknown => {
                unknown += 1;
                assert!(
                    d.reason.as_deref().is_some_and(|r| !r.is_empty()),
                    "unknown says why"
                );
            }
            other => panic!("delivery {id} was left {other}: silently missing"),
        }
    }
    eprintln!(
        "chaos result on {} ({processes} process(es), repeats {repeats:?}): {} posts, {published} published, 0 duplicates, {failed} failed, {unknown} unknown, on the network: {}",
        db.backend(),
        deliveries.len(),
        sandbox.all_posts().await.unwrap().len()
    );
    assert_eq!(published + failed + unknown, POSTS);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_posts_survive_twenty_kills_on_sqlite_without_a_duplicate_or_a_silent_loss() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("chaos.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    run_chaos(db, url, 1).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_thousand_posts_survive_twenty_kills_of_two_processes_on_postgresql() {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipping: TEST_DATABASE_URL is not set");
        return;
    };
    let schema = sangam_store::fresh_schema_name();
    let db = sangam_store::Db::connect_pg_schema(&base, &schema)
        .await
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    run_chaos(
        db,
        format!("{base}{sep}options=-c%20search_path%3D{schema}"),
        2,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_deduplication_on_the_network_a_thousand_posts_survive_twenty_kills_on_sqlite() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("chaos.db").display());
    let db = Db::connect(&url).await.unwrap();
    db.migrate().await.unwrap();
    run_chaos_with(db, url, 1, Repeats::Posted).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn without_deduplication_on_the_network_a_thousand_posts_survive_twenty_kills_of_two_processes_on_postgresql()
 {
    let Ok(base) = std::env::var("TEST_DATABASE_URL") else {
        eprintln!("skipping: TEST_DATABASE_URL is not set");
        return;
    };
    let schema = sangam_store::fresh_schema_name();
    let db = sangam_store::Db::connect_pg_schema(&base, &schema)
        .await
        .unwrap();
    let sep = if base.contains('?') { '&' } else { '?' };
    run_chaos_with(
        db,
        format!("{base}{sep}options=-c%20search_path%3D{schema}"),
        2,
        Repeats::Posted,
    )
    .await;
}
