//! The webhook outbox on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL: an event exists exactly when its change
//! does and someone listens, a delivered event stays delivered, and a once-only event is recorded once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use sangam_domain::webhook::{DeliveryStatus, Envelope, EventType};
use sangam_store::posts::{self, NewPost};
use sangam_store::webhooks::{self, Attempt, NewWebhook};
use sangam_store::{Db, Sql, testing, workspaces};
use serde_json::json;

async fn count(db: &Db, table: &'static str) -> i64 {
    let sql = Sql::assembled(format!("SELECT COUNT(*) FROM {table}"));
    db.fetch_one::<(i64,)>(sql).await.unwrap().0
}

async fn subscribe(db: &Db, ws: i64, by: i64, events: &[EventType]) -> i64 {
    let new = NewWebhook {
        workspace_id: ws,
        url: "https://hooks.example.com/in",
        description: "",
        events,
        sealed_secret: "sealed",
        created_by: by,
    };
    webhooks::create(db, new, 0).await.unwrap().id
}

#[tokio::test]
async fn an_event_is_recorded_with_its_change_for_subscribers_only_and_stays_delivered() {
    for db in testing::all().await.unwrap() {
        let team = common::team(&db).await;
        // Nobody listens yet: publishing writes no event.
        let post = posts::create(
            &db,
            NewPost::text(team.workspace, team.author, "Hello", 0, &team.profiles[..1]),
            0,
        )
        .await
        .unwrap();
        let first = post.deliveries[0].id;
        assert!(posts::record_intent(&db, first, 1).await.unwrap());
        assert!(
            posts::mark_published(&db, first, "r1", "https://x/1", 2, 2)
                .await
                .unwrap()
        );
        assert_eq!(count(&db, "webhook_events").await, 0);

        let hook = subscribe(
            &db,
            team.workspace,
            team.author,
            &[EventType::PostPublished],
        )
        .await;
        let other = subscribe(&db, team.workspace, team.author, &[EventType::CrisisPaused]).await;
        let post = posts::create(
            &db,
            NewPost::text(team.workspace, team.author, "Again", 0, &team.profiles[..1]),
            0,
        )
        .await
        .unwrap();
        let second = post.deliveries[0].id;
        assert!(posts::record_intent(&db, second, 3).await.unwrap());
        assert_eq!(count(&db, "webhook_events").await, 0, "sending is no event");
        assert!(
            posts::mark_published(&db, second, "r2", "https://x/2", 4, 4)
                .await
                .unwrap()
        );
        assert_eq!(count(&db, "webhook_events").await, 1);
        assert_eq!(
            count(&db, "webhook_deliveries").await,
            1,
            "only the subscriber of the type"
        );
        let sql = "SELECT id FROM webhook_deliveries WHERE webhook_id = $1";
        let (delivery,): (i64,) = db.fetch_one(Sql::new(sql).bind(hook)).await.unwrap();
        let out = webhooks::outgoing(&db, delivery).await.unwrap().unwrap();
        let envelope: Envelope = serde_json::from_str(&out.body).unwrap();
        assert_eq!(envelope.schema, "sangam.webhook.v1");
        assert_eq!(envelope.id, out.event_id);
        assert_eq!(envelope.data["remote_id"], "r2");
        assert_eq!(envelope.workspace.name, "Acme");
        assert_eq!(
            sangam_store::jobs::due_by(&db, "deliver_webhook", &delivery.to_string(), i64::MAX)
                .await
                .unwrap(),
            1,
            "the job that sends it was enqueued with it"
        );

        // A failed attempt keeps it pending; a success delivers it; a late second sender changes nothing.
        let attempt = |status| Attempt {
            started_at: 10,
            latency_ms: 5,
            status: Some(status),
            error: None,
            response: "ok",
        };
        let n = webhooks::record_attempt(&db, delivery, attempt(500), DeliveryStatus::Pending, 11)
            .await
            .unwrap();
        assert_eq!(n, 1);
        webhooks::record_attempt(&db, delivery, attempt(200), DeliveryStatus::Delivered, 12)
            .await
            .unwrap();
        webhooks::record_attempt(&db, delivery, attempt(500), DeliveryStatus::Failed, 13)
            .await
            .unwrap();
        let out = webhooks::outgoing(&db, delivery).await.unwrap().unwrap();
        assert_eq!(out.state, DeliveryStatus::Delivered);
        let log = webhooks::log(&db, team.workspace, hook, 10).await.unwrap();
        let numbers: Vec<i64> = log.iter().map(|a| a.attempt).collect();
        assert_eq!(numbers, [3, 2, 1], "newest first");
        assert!(
            webhooks::log(&db, team.workspace, other, 10)
                .await
                .unwrap()
                .is_empty()
        );

        // The crisis switch tells its subscriber.
        workspaces::pause(&db, team.workspace, "storm", team.author, false, 20)
            .await
            .unwrap();
        assert_eq!(count(&db, "webhook_events").await, 2);

        // A once-only event is recorded once.
        let goal = |n| webhooks::goal_reached(&db, team.workspace, 7, json!({"n": n}), 30);
        let hook3 = subscribe(&db, team.workspace, team.author, &[EventType::GoalReached]).await;
        goal(1).await.unwrap();
        goal(2).await.unwrap();
        let sql = "SELECT COUNT(*) FROM webhook_deliveries WHERE webhook_id = $1";
        let (told,): (i64,) = db.fetch_one(Sql::new(sql).bind(hook3)).await.unwrap();
        assert_eq!(told, 1);

        // Removing a webhook removes its deliveries and their log.
        webhooks::delete(&db, team.workspace, hook).await.unwrap();
        assert!(webhooks::outgoing(&db, delivery).await.unwrap().is_none());
    }
}

/// The scheduler's concurrent state changes may share one transaction and one execution: each still moves only its
/// own delivery, says whether it moved, and has its webhook event (one, with its own delivery's figures) recorded.
#[tokio::test]
async fn deliveries_changed_together_each_record_their_own_event() {
    for db in testing::all().await.unwrap() {
        let team = common::team(&db).await;
        subscribe(
            &db,
            team.workspace,
            team.author,
            &[EventType::PostPublished, EventType::DeliveryFailed],
        )
        .await;
        let mut ids = Vec::new();
        for n in 0..12 {
            let text = format!("Post {n}");
            let new = NewPost::text(team.workspace, team.author, &text, 0, &team.profiles[..1]);
            ids.push(posts::create(&db, new, 0).await.unwrap().deliveries[0].id);
        }
        let intents =
            futures::future::join_all(ids.iter().map(|id| posts::record_intent(&db, *id, 1))).await;
        assert!(
            intents.into_iter().all(|moved| moved.unwrap()),
            "{:?}",
            db.kind()
        );
        assert_eq!(count(&db, "webhook_events").await, 0, "sending is no event");
        // Nine published and three failed, all at once.
        let ends = ids.iter().enumerate().map(|(n, id)| {
            let db = db.clone();
            async move {
                match n {
                    0..9 => {
                        posts::mark_published(&db, *id, &format!("r{n}"), "https://x", 2, 2).await
                    }
                    _ => posts::mark_failed(&db, *id, "The network said no.", 2).await,
                }
            }
        });
        let ends = futures::future::join_all(ends).await;
        assert!(
            ends.into_iter().all(|moved| moved.unwrap()),
            "{:?}",
            db.kind()
        );
        let again = posts::mark_published(&db, ids[0], "r-again", "https://x", 3, 3);
        assert!(
            !again.await.unwrap(),
            "published once, it does not move again"
        );
        let sql = "SELECT body FROM webhook_events ORDER BY id";
        let bodies: Vec<(String,)> = db.fetch_all(Sql::new(sql)).await.unwrap();
        let mut seen: Vec<(i64, String, String)> = bodies
            .iter()
            .map(|(body,)| {
                let e: Envelope = serde_json::from_str(body).unwrap();
                let state = e.data["state"].as_str().unwrap().to_string();
                let remote = e.data["remote_id"].as_str().unwrap_or("").to_string();
                (e.data["delivery_id"].as_i64().unwrap(), state, remote)
            })
            .collect();
        seen.sort();
        let expected: Vec<(i64, String, String)> = ids
            .iter()
            .enumerate()
            .map(|(n, id)| match n {
                0..9 => (*id, "published".to_string(), format!("r{n}")),
                _ => (*id, "failed".to_string(), String::new()),
            })
            .collect();
        assert_eq!(seen, expected, "{:?}", db.kind());
    }
}
