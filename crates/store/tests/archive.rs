//! Backups and moving databases: an export read into another database (SQLite into PostgreSQL when
//! `TEST_DATABASE_URL` is set, and into SQLite always) answers every report and the inbox exactly as the original
//! did; a damaged archive is refused with nothing changed; a backup taken while others write is a sound database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use sangam_domain::business_hours::BusinessHours;
use sangam_domain::reports::{self, Period, PostSort};
use sangam_domain::{AbuseLabel, MessageKind, Sentiment};
use sangam_store::archive::{self, ArchiveError};
use sangam_store::inbox::{self, Filter, NewMessage};
use sangam_store::media::{self, NewMedia};
use sangam_store::reports as store;
use sangam_store::{Db, Sql, testing};
use std::path::PathBuf;

const DAY: i64 = 86_400_000;
const HOUR: i64 = 3_600_000;
const T0: i64 = 1_767_225_600_000;
const DAYS: i64 = 120;

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("sangam-archive-{}-{name}", uuid::Uuid::new_v4()))
}

fn quiet(_: u64, _: u64) {}

struct Seeded {
    workspace: i64,
    viewer: i64,
    media: i64,
}

/// A workspace with `DAYS` days of history: follower snapshots, a post a day on each profile with engagement
/// snapshots and tags, messages (some abusive, some hidden, some answered) with sentiment scores that need every
/// digit of a double, and an image.
async fn seed(db: &Db) -> Seeded {
    let team = common::team(db).await;
    let mut rng: u64 = 11;
    let mut next = |n: i64| {
        rng = rng
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((rng >> 33) % n as u64) as i64
    };
    for &p in &team.profiles {
        let mut rows = vec![];
        let mut followers = 1000;
        for d in 0..DAYS {
            followers += next(9) - 3;
            rows.push(format!("({p}, {}, {followers}, 5, {d})", T0 + d * DAY));
        }
        db.execute(Sql::assembled(format!(
            "INSERT INTO profile_snapshots (profile_id, taken_at, followers, following, posts) VALUES {}",
            rows.join(", ")
        )))
        .await
        .unwrap();
        for d in 0..DAYS {
            let at = T0 + d * DAY + 9 * HOUR + next(8) * HOUR;
            let (post,): (i64,) = db
                .fetch_one(Sql::assembled(format!(
                    "INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at) VALUES ({}, {}, 'Day {d} ☕ नमस्ते', {at}, {at}) RETURNING id",
                    team.workspace, team.author
                )))
                .await
                .unwrap();
            if d % 3 == 0 {
                db.execute(Sql::assembled(format!(
                    "INSERT INTO post_tags (post_id, tag) VALUES ({post}, 'launch')"
                )))
                .await
                .unwrap();
            }
            let (delivery,): (i64,) = db
                .fetch_one(Sql::assembled(format!(
                    "INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at, published_at) VALUES ({post}, {p}, 'published', 'k-{p}-{d}', {at}, {at}, {at}) RETURNING id"
                )))
                .await
                .unwrap();
            let impressions = if d % 2 == 0 {
                (next(900) + 100).to_string()
            } else {
                "NULL".into()
            };
            db.execute(Sql::assembled(format!(
                "INSERT INTO post_snapshots (delivery_id, taken_at, likes, reposts, replies, quotes, impressions) VALUES ({delivery}, {}, {}, {}, {}, {}, {impressions})",
                at + HOUR,
                next(40),
                next(9),
                next(6),
                next(3)
            )))
            .await
            .unwrap();
        }
    }
    let messages: Vec<NewMessage> = (0..DAYS * 3)
        .map(|n| message(n, next(HOUR), team.author))
        .collect();
    for chunk in messages.chunks(100) {
        let profile = team.profiles[0];
        let ids = inbox::ingest_page(db, team.workspace, profile, chunk, Some("cursor"), T0)
            .await
            .unwrap();
        // Every fifth message answered an hour after it came.
        for (id, m) in ids.iter().zip(chunk).step_by(5) {
            db.execute(Sql::assembled(format!(
                "UPDATE messages SET first_reply_at = {} WHERE id = {id}",
                m.received_at + HOUR
            )))
            .await
            .unwrap();
        }
    }
    let bytes: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let media = media::store(
        db,
        NewMedia {
            workspace_id: team.workspace,
            mime: "image/png",
            bytes: &bytes,
            alt: "a cup",
            sha256: "x",
        },
        T0,
    )
    .await
    .unwrap();
    Seeded {
        workspace: team.workspace,
        viewer: team.author,
        media,
    }
}

/// The `n`th message of the seeded inbox, `jitter` ms late; some abusive, hidden, done, assigned to `author`, tagged.
fn message(n: i64, jitter: i64, author: i64) -> NewMessage {
    let abusive = n % 7 == 0;
    NewMessage {
        remote_id: format!("m-{n}"),
        kind: [
            MessageKind::Mention,
            MessageKind::Reply,
            MessageKind::DirectMessage,
        ][(n % 3) as usize],
        author_handle: format!("fan{n}"),
        author_name: format!("Fan {n}"),
        author_followers: Some(n * 10),
        text: format!("message {n}: chai peeke mazaa aa gaya"),
        url: None,
        in_reply_to: None,
        conversation_id: format!("c-{}", n / 2),
        received_at: T0 + n * 8 * HOUR + jitter,
        lang: "en".into(),
        script: "Latn".into(),
        sentiment_compound: 1.0 / (n as f64 + 3.0),
        sentiment_label: Sentiment::Positive,
        abusive,
        abuse_score: if abusive { 0.9 } else { 0.1 / 3.0 },
        abuse_labels: if abusive {
            vec![AbuseLabel::Insult]
        } else {
            vec![]
        },
        hidden: n % 11 == 0,
        done: n % 4 == 0,
        assigned_to: (n % 5 == 0).then_some(author),
        tags: if n % 6 == 0 {
            vec!["vip".into()]
        } else {
            vec![]
        },
    }
}

/// Everything a person reads off the reports and the inbox, as JSON so two databases' answers compare whole.
async fn what_people_see(db: &Db, s: &Seeded) -> serde_json::Value {
    let period = Period {
        from: T0 + 10 * DAY,
        to: T0 + 100 * DAY,
    };
    let refs = store::profile_refs(db, s.workspace, &[]).await.unwrap();
    let points = store::follower_points(db, &refs, period).await.unwrap();
    let posts = store::post_rows(db, s.workspace, &refs, period, &[])
        .await
        .unwrap();
    let tagged = store::post_rows(db, s.workspace, &refs, period, &["launch".to_string()])
        .await
        .unwrap();
    let messages = store::message_rows(db, s.workspace, &refs, period)
        .await
        .unwrap();
    let hours = BusinessHours::new(9 * 60, 17 * 60, "Asia/Kolkata");
    let everything = Filter::default();
    let abusive = Filter {
        abusive: Some(true),
        ..Filter::default()
    };
    serde_json::json!({
        "profile_performance": reports::profile_performance(period, &refs, &points, &posts),
        "post_lines": reports::post_lines(&refs, &posts, PostSort::Engagements),
        "tag_lines": reports::tag_lines(&tagged),
        "inbox_report": reports::inbox_report(period, &messages, &hours),
        "inbox": inbox::list(db, s.workspace, s.viewer, &everything, 500).await.unwrap(),
        "inbox_count": inbox::count(db, s.workspace, s.viewer, &everything).await.unwrap(),
        "abusive": inbox::list(db, s.workspace, s.viewer, &abusive, 500).await.unwrap(),
        "media": media::load(db, s.workspace, s.media).await.unwrap(),
        "benchmarks": store::benchmarks(db).await.unwrap(),
    })
}

/// The databases an archive is read into: a fresh SQLite file, and a fresh PostgreSQL schema when configured.
async fn empty_targets() -> Vec<Db> {
    let mut dbs = vec![testing::sqlite().await.unwrap()];
    if let Some(pg) = testing::postgres().await.unwrap() {
        dbs.push(pg);
    }
    dbs
}

#[tokio::test]
async fn an_export_from_sqlite_imported_elsewhere_shows_the_same_reports_and_inbox() {
    let source = testing::sqlite().await.unwrap();
    let seeded = seed(&source).await;
    let before = what_people_see(&source, &seeded).await;
    let file = temp("export.jsonl");
    let header = archive::export(&source, &file, "test", T0, &quiet)
        .await
        .unwrap();
    assert!(header.total_rows() > 1000, "{header:?}");
    assert!(header.tables.iter().any(|t| t.name == "inbox_counts"));

    for target in empty_targets().await {
        archive::import(&target, &file, &quiet).await.unwrap();
        let after = what_people_see(&target, &seeded).await;
        assert_eq!(
            after,
            before,
            "{}: what people see after the import",
            target.backend()
        );
        // The ids handed out next do not collide with imported ones (PostgreSQL's sequences were moved on).
        let fresh = sangam_store::workspaces::create(&target, "Next", T0)
            .await
            .unwrap();
        assert!(fresh.id > seeded.workspace, "{}", target.backend());

        // And back: an export of the imported database reads into yet another one with the same result.
        let again = temp("again.jsonl");
        archive::export(&target, &again, "test", T0, &quiet)
            .await
            .unwrap();
        let third = testing::sqlite().await.unwrap();
        archive::import(&third, &again, &quiet).await.unwrap();
        let third_sees = what_people_see(&third, &seeded).await;
        for (key, value) in before.as_object().unwrap() {
            assert_eq!(
                &third_sees[key],
                value,
                "{key}, exported again from {}",
                target.backend()
            );
        }
    }
}

async fn workspace_count(db: &Db) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(Sql::new("SELECT COUNT(*) FROM workspaces"))
        .await
        .unwrap();
    n
}

async fn benchmark_count(db: &Db) -> i64 {
    let (n,): (i64,) = db
        .fetch_one(Sql::new("SELECT COUNT(*) FROM benchmarks"))
        .await
        .unwrap();
    n
}

#[tokio::test]
async fn a_damaged_archive_is_refused_and_changes_nothing() {
    let source = testing::sqlite().await.unwrap();
    seed(&source).await;
    let file = temp("good.jsonl");
    archive::export(&source, &file, "test", T0, &quiet)
        .await
        .unwrap();
    let good = std::fs::read_to_string(&file).unwrap();

    // One digit changed deep inside a row; the last line cut off; a header that is not ours; a future format.
    let flipped = {
        let at = good.rfind("message 17:").unwrap();
        let mut s = good.clone();
        s.replace_range(at + 8..at + 10, "71");
        s
    };
    let cut = {
        let trimmed = good.trim_end_matches('\n');
        trimmed[..trimmed.rfind('\n').unwrap() + 1].to_string()
    };
    let foreign = good.replacen("sangam-archive", "other-archive", 1);
    let future = good.replacen("\"format_version\":1", "\"format_version\":9", 1);
    for (what, text) in [
        ("a changed byte", flipped),
        ("a missing line", cut),
        ("another format", foreign),
        ("a future version", future),
    ] {
        let damaged = temp("damaged.jsonl");
        std::fs::write(&damaged, text).unwrap();
        assert!(archive::verify(&damaged).is_err(), "{what}");
        for target in empty_targets().await {
            let benchmarks = benchmark_count(&target).await;
            let refused = archive::import(&target, &damaged, &quiet).await;
            assert!(
                matches!(
                    refused,
                    Err(ArchiveError::Checksum { .. }
                        | ArchiveError::Count { .. }
                        | ArchiveError::Format(_))
                ),
                "{what} on {}: {refused:?}",
                target.backend()
            );
            assert_eq!(workspace_count(&target).await, 0, "{what}");
            assert_eq!(benchmark_count(&target).await, benchmarks, "{what}");
        }
    }

    // A database that already holds a team is refused too, and keeps what it holds.
    for target in empty_targets().await {
        common::team(&target).await;
        let refused = archive::import(&target, &file, &quiet).await;
        assert!(
            matches!(refused, Err(ArchiveError::NotEmpty(1))),
            "{refused:?}"
        );
        assert_eq!(workspace_count(&target).await, 1);
    }
}

#[tokio::test]
async fn a_backup_taken_while_messages_arrive_is_a_sound_database() {
    let db = testing::sqlite().await.unwrap();
    let team = common::team(&db).await;
    let writer = {
        let db = db.clone();
        tokio::spawn(async move {
            for page in 0..60i64 {
                let messages: Vec<NewMessage> = (0..20)
                    .map(|i| message(page * 20 + i, 0, team.author))
                    .collect();
                inbox::ingest_page(&db, team.workspace, team.profiles[0], &messages, None, T0)
                    .await
                    .unwrap();
                tokio::task::yield_now().await;
            }
        })
    };
    let mut copies = vec![];
    for _ in 0..3 {
        let out = temp("backup.db");
        archive::backup_sqlite(&db, &out).await.unwrap();
        copies.push(out);
        tokio::task::yield_now().await;
    }
    writer.await.unwrap();
    assert!(matches!(
        archive::backup_sqlite(&db, &copies[0]).await,
        Err(ArchiveError::Exists(_))
    ));
    for copy in copies {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&copy).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "a backup is its owner's only");
        }
        let backup = Db::connect_sqlite(&copy.to_string_lossy()).await.unwrap();
        let (check,): (String,) = backup
            .fetch_one(Sql::new("PRAGMA integrity_check"))
            .await
            .unwrap();
        assert_eq!(check, "ok");
        let broken: Vec<(String, i64, String, i64)> = backup
            .fetch_all(Sql::new("PRAGMA foreign_key_check"))
            .await
            .unwrap();
        assert!(broken.is_empty(), "{broken:?}");
        // Whole pages only: the copy is one moment, so it never holds part of a page, and its counts agree.
        let (n,): (i64,) = backup
            .fetch_one(Sql::new("SELECT COUNT(*) FROM messages"))
            .await
            .unwrap();
        assert_eq!(n % 20, 0, "{n}");
        let (counted,): (Option<i64>,) = backup
            .fetch_one(Sql::new("SELECT SUM(n) FROM inbox_counts"))
            .await
            .unwrap();
        assert_eq!(counted.unwrap_or(0), n);
    }
}
