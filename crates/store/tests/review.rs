//! The weekly review's promises in the store, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: one review a
//! week however many drafts race, open actions carried to later weeks until done, insight cards published.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::Role;
use sangam_store::review::{self, ItemKind, NewInsight, NewItem, NewReview, SourceKind};
use sangam_store::{Db, testing, users, workspaces};

const WEEK: i64 = 7 * 24 * 3_600_000;

async fn team(db: &Db) -> (i64, i64, i64) {
    let ws = workspaces::create(db, "Review", 0).await.unwrap().id;
    let mut ids = vec![];
    for (email, role) in [
        ("lead@example.com", Role::Manager),
        ("asha@example.com", Role::Member),
    ] {
        let u = users::create(
            db,
            users::NewUser {
                workspace_id: ws,
                email,
                name: email,
                password_hash: "x",
                role,
            },
            0,
        )
        .await
        .unwrap();
        ids.push(u.id);
    }
    (ws, ids[0], ids[1])
}

fn week(ws: i64, start: i64, worker: &str) -> NewReview<'_> {
    NewReview {
        workspace_id: ws,
        week_start: start,
        week_end: start + WEEK,
        time_zone: "Asia/Kolkata",
        drafted_by: None,
        worker,
    }
}

#[tokio::test]
async fn a_week_is_drafted_once_however_many_drafts_race() {
    for db in testing::all().await.unwrap() {
        let (ws, _, _) = team(&db).await;
        let mut racers = tokio::task::JoinSet::new();
        for i in 0..8 {
            let db = db.clone();
            racers.spawn(async move {
                let worker = format!("worker-{i}");
                review::draft(&db, week(ws, WEEK, &worker), 5)
                    .await
                    .unwrap()
            });
        }
        let results = racers.join_all().await;
        let drafted: Vec<_> = results.iter().filter(|(_, new)| *new).collect();
        assert_eq!(drafted.len(), 1, "exactly one draft wins");
        let ids: std::collections::BTreeSet<i64> = results.iter().map(|(r, _)| r.id).collect();
        assert_eq!(ids.len(), 1, "every racer sees the same review");
        assert_eq!(review::list(&db, ws).await.unwrap().len(), 1);
        // Another week is another review.
        review::draft(&db, week(ws, 2 * WEEK, "w"), 6)
            .await
            .unwrap();
        let weeks: Vec<i64> = review::list(&db, ws)
            .await
            .unwrap()
            .iter()
            .map(|r| r.week_start)
            .collect();
        assert_eq!(weeks, vec![2 * WEEK, WEEK]);
    }
}

#[tokio::test]
async fn open_actions_come_first_the_next_week_until_they_are_done() {
    for db in testing::all().await.unwrap() {
        let (ws, lead, asha) = team(&db).await;
        let (first, _) = review::draft(&db, week(ws, WEEK, "w"), 1).await.unwrap();
        let item = |kind, body, owner| NewItem {
            workspace_id: ws,
            review_id: first.id,
            kind,
            body,
            owner_id: owner,
            due_on: owner.map(|_| "2026-12-04"),
            created_by: lead,
        };
        review::add_item(&db, item(ItemKind::Agenda, "Refund complaints", None), 2)
            .await
            .unwrap();
        review::add_item(
            &db,
            item(ItemKind::Decision, "Answer refunds first", None),
            3,
        )
        .await
        .unwrap();
        let action = review::add_item(
            &db,
            item(ItemKind::Action, "Saved reply for refunds", Some(asha)),
            4,
        )
        .await
        .unwrap();
        assert_eq!(action.owner_name.as_deref(), Some("asha@example.com"));
        let kinds: Vec<ItemKind> = review::items(&db, ws, first.id)
            .await
            .unwrap()
            .iter()
            .map(|i| i.kind)
            .collect();
        assert_eq!(
            kinds,
            vec![ItemKind::Agenda, ItemKind::Decision, ItemKind::Action]
        );
        let (next, _) = review::draft(&db, week(ws, 2 * WEEK, "w"), 5)
            .await
            .unwrap();
        let carried = review::open_actions_before(&db, ws, next.week_start)
            .await
            .unwrap();
        assert_eq!(
            carried.iter().map(|i| i.id).collect::<Vec<_>>(),
            vec![action.id]
        );
        // Nothing carries into the week the action was made in.
        assert!(
            review::open_actions_before(&db, ws, first.week_start)
                .await
                .unwrap()
                .is_empty()
        );
        review::set_done(&db, ws, action.id, true, 6).await.unwrap();
        assert!(
            review::open_actions_before(&db, ws, next.week_start)
                .await
                .unwrap()
                .is_empty()
        );
        // Another workspace's item cannot be touched.
        let (other, _, _) = team_named(&db, "Other").await;
        assert!(
            review::set_done(&db, other, action.id, false, 7)
                .await
                .is_err()
        );
    }
}

async fn team_named(db: &Db, name: &str) -> (i64, i64, i64) {
    let ws = workspaces::create(db, name, 0).await.unwrap().id;
    (ws, 0, 0)
}

#[tokio::test]
async fn an_insight_is_a_draft_until_published() {
    for db in testing::all().await.unwrap() {
        let (ws, lead, _) = team(&db).await;
        let evidence = vec!["/review/1#theme-0".to_string()];
        let card = review::create_insight(
            &db,
            NewInsight {
                workspace_id: ws,
                review_id: None,
                sentence: "Refund complaints doubled this week.",
                source_kind: SourceKind::Theme,
                source_label: "refund not received: 12 messages",
                evidence: &evidence,
                goal_id: None,
                business_goal: "Customer service: fewer refund escalations",
                created_by: lead,
            },
            10,
        )
        .await
        .unwrap();
        assert_eq!(card.evidence_links(), vec!["/review/1#theme-0"]);
        assert!(review::insights(&db, ws, true).await.unwrap().is_empty());
        assert_eq!(review::insights(&db, ws, false).await.unwrap().len(), 1);
        let published = review::publish_insight(&db, ws, card.id, 20).await.unwrap();
        assert_eq!(published.published_at, Some(20));
        // Publishing again keeps the first date.
        let again = review::publish_insight(&db, ws, card.id, 30).await.unwrap();
        assert_eq!(again.published_at, Some(20));
        assert_eq!(review::insights(&db, ws, true).await.unwrap().len(), 1);
    }
}
