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

/// A new post of `t`'s author, published on `profile` at `published_at`: its delivery's id.
async fn published_delivery(db: &Db, t: &common::Team, profile: i64, published_at: i64) -> i64 {
    use sangam_store::Sql;
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
            Sql::new("INSERT INTO deliveries (post_id, profile_id, state, idempotency_key, scheduled_at, updated_at, published_at) VALUES ($1, $2, 'published', 'k', 0, 0, $3) RETURNING id")
                .bind(post)
                .bind(profile)
                .bind(published_at),
        )
        .await
        .unwrap();
    delivery
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
        let delivery = published_delivery(&db, &t, t.profiles[0], 0).await;
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
        assert_eq!(
            (
                written.post_rollups,
                written.profile_days,
                told.last().copied()
            ),
            (1, 0, Some((1, 1)))
        );
        assert_eq!(rollups::drift(&db).await.unwrap(), 0);
    }
}

/// A profile's day as the raw snapshots say it is: (day, first_at, first, last_at, last, min, max, snapshots).
type Day = (i64, i64, i64, i64, i64, i64, i64, i64);

/// Recomputed here from the snapshots, not with the store's statement.
fn days_by_hand(snaps: &[(i64, i64)]) -> Vec<Day> {
    let mut days: std::collections::BTreeMap<i64, Vec<(i64, i64)>> = Default::default();
    for &(at, followers) in snaps {
        days.entry(at / 86_400_000 * 86_400_000)
            .or_default()
            .push((at, followers));
    }
    days.into_iter()
        .map(|(day, mut s)| {
            s.sort();
            s.dedup_by_key(|p| p.0);
            let (first, last) = (s[0], s[s.len() - 1]);
            let counts = || s.iter().map(|p| p.1);
            (
                day,
                first.0,
                first.1,
                last.0,
                last.1,
                counts().min().unwrap(),
                counts().max().unwrap(),
                s.len() as i64,
            )
        })
        .collect()
}

#[tokio::test]
async fn a_profiles_day_follows_its_snapshots_in_any_order_and_the_chart_ends_where_the_report_does()
 {
    use sangam_domain::NetworkKind;
    use sangam_domain::reports::{Period, ProfileRef, first_and_last};
    use sangam_store::snapshots::{self, ProfileSnapshot};
    use sangam_store::{Sql, reports, rollups};
    const DAY: i64 = 86_400_000;
    const T0: i64 = 1_793_577_600_000;
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let profile = t.profiles[0];
        // Three days, out of order, a retried collection (same instant, other count: the first one stays) and two
        // snapshots on a day's first and last millisecond.
        let arrivals = [
            (T0 + DAY + 5_000, 120),
            (T0 + 3_600_000, 100),
            (T0, 104),
            (T0 + DAY - 1, 98),
            (T0 + 3_600_000, 555),
            (T0 + 2 * DAY + 60_000, 130),
            (T0 + DAY + 7_200_000, 118),
            (T0 + 2 * DAY + 30_000, 131),
        ];
        let mut kept: Vec<(i64, i64)> = vec![];
        for (at, followers) in arrivals {
            let snap = ProfileSnapshot {
                profile_id: profile,
                taken_at: at,
                followers,
                following: 1,
                posts: 1,
            };
            snapshots::record_profile(&db, &snap).await.unwrap();
            if !kept.iter().any(|k| k.0 == at) {
                kept.push((at, followers));
            }
        }
        let read = || async {
            let rows: Vec<Day> = db
                .fetch_all(
                    Sql::new("SELECT day, first_at, first_followers, last_at, last_followers, min_followers, max_followers, snapshots FROM profile_days WHERE profile_id = $1 ORDER BY day")
                        .bind(profile),
                )
                .await
                .unwrap();
            rows
        };
        assert_eq!(read().await, days_by_hand(&kept));
        assert_eq!(read().await[0], (T0, T0, 104, T0 + DAY - 1, 98, 98, 104, 3));
        assert_eq!(rollups::drift(&db).await.unwrap(), 0);

        // The chart's line over a period starting and ending mid-day: the raw snapshots of the partial days, the
        // first and last of the whole day, and the same ends as the report's figures.
        let refs = [ProfileRef {
            profile_id: profile,
            name: "p".into(),
            network: NetworkKind::Sandbox,
        }];
        let period = Period {
            from: T0 + 1_800_000,
            to: T0 + 2 * DAY + 45_000,
        };
        let history = reports::follower_history(&db, &refs, period).await.unwrap();
        let line: Vec<(i64, i64)> = history.iter().map(|p| (p.taken_at, p.followers)).collect();
        assert_eq!(
            line,
            vec![
                (T0 + 3_600_000, 100),
                (T0 + DAY - 1, 98),
                (T0 + DAY + 5_000, 120),
                (T0 + DAY + 7_200_000, 118),
                (T0 + 2 * DAY + 30_000, 131),
            ]
        );
        let points = reports::follower_points(&db, &refs, period).await.unwrap();
        assert_eq!(
            first_and_last(&history, profile, period),
            first_and_last(&points, profile, period)
        );

        // A snapshot written past the store leaves its day behind until the rollups are rebuilt.
        db.execute(
            Sql::new("INSERT INTO profile_snapshots (profile_id, taken_at, followers, following, posts) VALUES ($1, $2, 90, 1, 1)")
                .bind(profile)
                .bind(T0 + 3 * DAY),
        )
        .await
        .unwrap();
        kept.push((T0 + 3 * DAY, 90));
        assert_eq!(rollups::drift(&db).await.unwrap(), 1);
        let written = rollups::rebuild(&db, |_, _| {}).await.unwrap();
        assert_eq!(written.profile_days, 4);
        assert_eq!(read().await, days_by_hand(&kept));
        assert_eq!(rollups::drift(&db).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_posts_rollup_keeps_the_followers_at_its_publication_as_follower_snapshots_arrive_late() {
    use sangam_domain::NetworkKind;
    use sangam_domain::reports::{Period, ProfileRef};
    use sangam_store::snapshots::{self, PostSnapshot, ProfileSnapshot};
    use sangam_store::{Sql, reports, rollups};
    const HOUR: i64 = 3_600_000;
    const T0: i64 = 1_793_577_600_000;
    for db in testing::all().await.unwrap() {
        let t = common::team(&db).await;
        let profile = t.profiles[0];
        let follow = |taken_at, followers| ProfileSnapshot {
            profile_id: profile,
            taken_at,
            followers,
            following: 1,
            posts: 1,
        };
        snapshots::record_profile(&db, &follow(T0, 100))
            .await
            .unwrap();
        let published_at = T0 + 10 * HOUR;
        let delivery = published_delivery(&db, &t, profile, published_at).await;
        snapshots::record_post(
            &db,
            &PostSnapshot {
                delivery_id: delivery,
                taken_at: published_at + HOUR,
                likes: 5,
                reposts: 0,
                replies: 0,
                quotes: 0,
                impressions: None,
            },
        )
        .await
        .unwrap();
        let refs = [ProfileRef {
            profile_id: profile,
            name: "p".into(),
            network: NetworkKind::Sandbox,
        }];
        let period = Period {
            from: T0,
            to: T0 + 86_400_000,
        };
        let followers = || async {
            let rows = reports::post_rows(&db, t.workspace, &refs, period, &[])
                .await
                .unwrap();
            assert_eq!(rows.len(), 1);
            rows[0].followers_at_post
        };
        assert_eq!(followers().await, Some(100));
        // Snapshots arriving late: after the publication (changes nothing), just before it (the new count), and
        // before that one (changes nothing: the later one is still the latest before the publication).
        for (at, count, want) in [
            (published_at + 1, 150, 100),
            (published_at - HOUR, 120, 120),
            (published_at - 2 * HOUR, 110, 120),
            (published_at, 130, 130),
        ] {
            snapshots::record_profile(&db, &follow(at, count))
                .await
                .unwrap();
            assert_eq!(followers().await, Some(want), "after the snapshot at {at}");
            assert_eq!(rollups::drift(&db).await.unwrap(), 0);
        }
        // A snapshot written past the store: its day is behind until it is rebuilt.
        db.execute(
            Sql::new("INSERT INTO profile_snapshots (profile_id, taken_at, followers, following, posts) VALUES ($1, $2, 140, 1, 1)")
                .bind(profile)
                .bind(published_at - 1),
        )
        .await
        .unwrap();
        assert_eq!(
            rollups::drift(&db).await.unwrap(),
            1,
            "its day (the post's count is still the one at its publication)"
        );
        rollups::rebuild(&db, |_, _| {}).await.unwrap();
        assert_eq!(rollups::drift(&db).await.unwrap(), 0);
        assert_eq!(followers().await, Some(130));
        // Published again at another time: the report looks the count up instead of trusting the rollup.
        db.execute(
            Sql::new("UPDATE deliveries SET published_at = $1 WHERE id = $2")
                .bind(published_at - 1)
                .bind(delivery),
        )
        .await
        .unwrap();
        assert_eq!(followers().await, Some(140));
        assert_eq!(rollups::drift(&db).await.unwrap(), 1);
        rollups::rebuild(&db, |_, _| {}).await.unwrap();
        assert_eq!(rollups::drift(&db).await.unwrap(), 0);
        assert_eq!(followers().await, Some(140));
    }
}
