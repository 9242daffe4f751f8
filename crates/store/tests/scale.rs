//! The inbox at a million messages: its reads walk indexes and read one page, never the table, on SQLite and (with
//! `TEST_DATABASE_URL`) PostgreSQL. Held by the databases' own plans (EXPLAIN QUERY PLAN / EXPLAIN); how fast they
//! are is `sangam bench inbox`'s business, not a test's.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use sangam_domain::{MessageKind, Sentiment};
use sangam_store::inbox::{self, Cursor, Direction, Filter, NewMessage};
use sangam_store::{Backend, Db, testing};

fn message(i: i64, tags: &[&str]) -> NewMessage {
    NewMessage {
        remote_id: format!("m{i}"),
        kind: MessageKind::Mention,
        author_handle: "someone".into(),
        author_name: "Someone".into(),
        author_followers: None,
        text: format!("message {i}"),
        url: None,
        in_reply_to: None,
        conversation_id: format!("c{}", i / 2),
        received_at: 1_000 * i,
        lang: "en".into(),
        script: "latin".into(),
        sentiment_compound: 0.0,
        sentiment_label: Sentiment::Neutral,
        abusive: false,
        abuse_score: 0.0,
        abuse_labels: vec![],
        hidden: false,
        done: i % 2 == 0,
        assigned_to: None,
        tags: tags.iter().map(|t| t.to_string()).collect(),
    }
}

/// Whether a plan reads `index` and sorts nothing itself (the index gives the order).
fn walks(db: &Db, plan: &[String], index: &str) -> bool {
    let text = plan.join("\n");
    let sorts = match db.kind() {
        Backend::Sqlite => text.contains("TEMP B-TREE"),
        Backend::Postgres => text.contains("Sort"),
    };
    text.contains(index) && !sorts
}

#[tokio::test]
async fn the_inbox_list_walks_its_index_from_the_cursor_and_sorts_nothing() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let page: Vec<NewMessage> = (1..=120).map(|i| message(i, &[])).collect();
        inbox::ingest_page(&db, t.workspace, t.profiles[0], &page, None, 0)
            .await
            .unwrap();
        let cursor = Some(Cursor {
            received_at: 60_000,
            id: 60,
        });
        let open = Filter {
            status: Some("open".into()),
            ..Filter::default()
        };
        for (filter, index) in [
            (Filter::default(), "messages_inbox_page"),
            (open, "messages_inbox_status_page"),
        ] {
            for (cursor, direction) in [
                (None, Direction::Older),
                (cursor, Direction::Older),
                (cursor, Direction::Newer),
            ] {
                let plan = inbox::page_plan(&db, t.workspace, t.author, &filter, cursor, direction)
                    .await
                    .unwrap();
                assert!(
                    walks(&db, &plan, index),
                    "{:?}: {filter:?} from {cursor:?} going {direction:?} should walk {index}:\n{}",
                    db.kind(),
                    plan.join("\n")
                );
            }
        }
    }
}

#[tokio::test]
async fn who_else_is_on_a_conversation_is_read_from_its_messages_not_the_activity_log() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let page: Vec<NewMessage> = (1..=4).map(|i| message(i, &[])).collect();
        let ids = inbox::ingest_page(&db, t.workspace, t.profiles[0], &page, None, 0)
            .await
            .unwrap();
        let m = inbox::get(&db, t.workspace, ids[0]).await.unwrap();
        let plan = inbox::presence_plan(&db, &m, t.author)
            .await
            .unwrap()
            .join("\n");
        assert!(
            plan.contains("activity_object") && plan.contains("messages_conversation"),
            "{:?}: the presence poll should go through messages_conversation and activity_object:\n{plan}",
            db.kind()
        );
    }
}

#[tokio::test]
async fn the_tag_filter_lists_the_tags_in_use_as_they_are_added_and_removed() {
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let page = vec![
            message(1, &["billing", "urgent"]),
            message(2, &["billing"]),
            message(3, &[]),
        ];
        let ids = inbox::ingest_page(&db, t.workspace, t.profiles[0], &page, None, 0)
            .await
            .unwrap();
        assert_eq!(ids.len(), 3, "one multi-row insert stores the whole page");
        assert_eq!(
            inbox::tags(&db, t.workspace).await.unwrap(),
            ["billing", "urgent"]
        );
        inbox::add_tag(&db, t.workspace, ids[2], "praise")
            .await
            .unwrap();
        inbox::remove_tag(&db, t.workspace, ids[0], "urgent")
            .await
            .unwrap();
        inbox::remove_tag(&db, t.workspace, ids[0], "billing")
            .await
            .unwrap();
        assert_eq!(
            inbox::tags(&db, t.workspace).await.unwrap(),
            ["billing", "praise"],
            "billing is still on message 2; urgent is on none"
        );
        // The same page again stores nothing and counts no tag twice.
        let again = inbox::ingest_page(&db, t.workspace, t.profiles[0], &page, None, 0)
            .await
            .unwrap();
        assert!(again.is_empty());
        inbox::remove_tag(&db, t.workspace, ids[1], "billing")
            .await
            .unwrap();
        assert_eq!(inbox::tags(&db, t.workspace).await.unwrap(), ["praise"]);
    }
}

#[tokio::test]
async fn a_posts_rollup_is_its_latest_snapshot_however_the_snapshots_arrive_and_a_rebuild_agrees() {
    use sangam_store::snapshots::{self, PostSnapshot};
    use sangam_store::{Sql, rollups};
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let (post,): (i64,) = db
            .fetch_one(
                Sql::new("INSERT INTO posts (workspace_id, author_id, body, scheduled_at, created_at) VALUES ($1, $2, 'p', 0, 0) RETURNING id")
                    .bind(t.workspace)
                    .bind(t.author),
            )
            .await
            .unwrap();
        let (delivery,): (i64,) = db
            .fetch_one(
                Sql::new("INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at, published_at) VALUES ($1, $2, 'published', 'k', 0, 0, 0) RETURNING id")
                    .bind(post)
                    .bind(t.profiles[0]),
            )
            .await
            .unwrap();
        let snap = |taken_at, likes, impressions| PostSnapshot {
            delivery_id: delivery,
            taken_at,
            likes,
            reposts: 1,
            replies: 2,
            quotes: 3,
            impressions,
        };
        // The newest first, then an older one arriving late, then the newest again (a retried collection).
        for s in [
            snap(300, 30, None),
            snap(100, 10, Some(5)),
            snap(300, 99, Some(7)),
        ] {
            snapshots::record_post(&db, &s).await.unwrap();
        }
        let latest: (i64, i64, Option<i64>) = db
            .fetch_one(
                Sql::new(
                    "SELECT taken_at, likes, impressions FROM post_rollups WHERE delivery_id = $1",
                )
                .bind(delivery),
            )
            .await
            .unwrap();
        assert_eq!(
            latest,
            (300, 30, None),
            "the first snapshot of the latest instant, as the raw rows hold it"
        );
        assert_eq!(rollups::drift(&db).await.unwrap(), 0);
        // A snapshot written past the store leaves the rollup behind until it is rebuilt.
        db.execute(
            Sql::new("INSERT INTO post_snapshots (delivery_id, taken_at, likes, reposts, replies, quotes) VALUES ($1, 400, 40, 1, 2, 3)")
                .bind(delivery),
        )
        .await
        .unwrap();
        assert_eq!(rollups::drift(&db).await.unwrap(), 1);
        let mut told = vec![];
        let written = rollups::rebuild(&db, |done, of| told.push((done, of)))
            .await
            .unwrap();
        assert_eq!((written, told.last().copied()), (1, Some((1, 1))));
        assert_eq!(rollups::drift(&db).await.unwrap(), 0);
    }
}
