//! The store's promises, each run on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{Team, team};
use sangam_domain::approval::Needs;
use sangam_domain::{DeliveryState, JobKind, Role};
use sangam_store::jobs::{self, NewJob};
use sangam_store::posts::{self, NewPost};
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, StoreError, approvals, testing, workspaces};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

async fn each_db() -> Vec<Db> {
    let dbs = testing::all().await.expect("test databases open");
    let names: Vec<_> = dbs.iter().map(Db::backend).collect();
    eprintln!("running on: {}", names.join(", "));
    dbs
}

/// "Hi", due at once, to the team's first profile.
async fn hi_to_first_profile(db: &Db, t: &Team) -> posts::Post {
    let new = NewPost::text(t.workspace, t.author, "Hi", 0, &t.profiles[..1]);
    posts::create(db, new, 0).await.unwrap()
}

#[tokio::test]
async fn eight_workers_run_a_thousand_jobs_exactly_once() {
    for db in each_db().await {
        for i in 0..1000 {
            let key = format!("k{i}");
            let job = NewJob {
                kind: "test",
                payload: &i.to_string(),
                run_at: 0,
                unique_key: Some(&key),
                max_attempts: 3,
            };
            assert!(jobs::enqueue(&db, job, 0).await.unwrap());
        }
        let runs: Arc<Mutex<HashMap<String, u32>>> = Arc::default();
        let mut workers = vec![];
        for w in 0..8 {
            let (db, runs) = (db.clone(), runs.clone());
            workers.push(tokio::spawn(async move {
                let worker = format!("w{w}");
                loop {
                    let claimed = jobs::claim(&db, &worker, 10, 60_000, 7).await.unwrap();
                    if claimed.is_empty() {
                        break;
                    }
                    for job in claimed {
                        *runs.lock().unwrap().entry(job.payload.clone()).or_default() += 1;
                        assert!(jobs::complete(&db, job.id, &worker, 11).await.unwrap());
                    }
                }
            }));
        }
        for w in workers {
            w.await.unwrap();
        }
        let runs = runs.lock().unwrap();
        assert_eq!(runs.len(), 1000, "every job ran ({})", db.backend());
        assert!(
            runs.values().all(|&n| n == 1),
            "no job ran twice ({})",
            db.backend()
        );
    }
}

#[tokio::test]
async fn a_lease_that_expires_is_claimed_again_and_the_old_holder_cannot_finish() {
    for db in each_db().await {
        let job = NewJob {
            kind: "test",
            payload: "1",
            run_at: 0,
            unique_key: None,
            max_attempts: 3,
        };
        jobs::enqueue(&db, job, 0).await.unwrap();
        let first = jobs::claim(&db, "dead-worker", 100, 1_000, 10)
            .await
            .unwrap();
        assert_eq!(first.len(), 1);
        assert!(
            jobs::claim(&db, "other", 500, 1_000, 10)
                .await
                .unwrap()
                .is_empty(),
            "a live lease is respected"
        );
        let again = jobs::claim(&db, "other", 1_200, 1_000, 10).await.unwrap();
        assert_eq!(again.len(), 1, "an expired lease is reclaimed");
        assert_eq!(again[0].attempts, 2);
        assert!(
            !jobs::complete(&db, first[0].id, "dead-worker", 1_300)
                .await
                .unwrap()
        );
        assert!(
            jobs::complete(&db, first[0].id, "other", 1_300)
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn recurring_work_is_enqueued_once_per_period() {
    for db in each_db().await {
        let job = |key: &'static str| NewJob {
            kind: "collect",
            payload: "",
            run_at: 0,
            unique_key: Some(key),
            max_attempts: 1,
        };
        assert!(
            jobs::enqueue(&db, job("collect:2026-11-26T10:05"), 0)
                .await
                .unwrap()
        );
        assert!(
            !jobs::enqueue(&db, job("collect:2026-11-26T10:05"), 0)
                .await
                .unwrap()
        );
        assert!(
            jobs::enqueue(&db, job("collect:2026-11-26T10:10"), 0)
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn retryable_failures_back_off_and_give_up_after_their_attempts() {
    for db in each_db().await {
        jobs::enqueue(
            &db,
            NewJob {
                kind: "t",
                payload: "",
                run_at: 0,
                unique_key: None,
                max_attempts: 2,
            },
            0,
        )
        .await
        .unwrap();
        let job = jobs::claim(&db, "w", 0, 1000, 1).await.unwrap().remove(0);
        jobs::fail(&db, &job, "w", "5xx", Some(5_000), 0)
            .await
            .unwrap();
        assert!(
            jobs::claim(&db, "w", 4_000, 1000, 1)
                .await
                .unwrap()
                .is_empty(),
            "not before its back-off"
        );
        let job = jobs::claim(&db, "w", 5_000, 1000, 1)
            .await
            .unwrap()
            .remove(0);
        jobs::fail(&db, &job, "w", "5xx again", Some(10_000), 5_000)
            .await
            .unwrap();
        assert!(
            jobs::claim(&db, "w", 99_000, 1000, 1)
                .await
                .unwrap()
                .is_empty(),
            "dead after two attempts"
        );
        assert_eq!(
            jobs::counts(&db).await.unwrap(),
            vec![("dead".to_string(), 1)]
        );
    }
}

#[tokio::test]
async fn a_post_gets_one_delivery_and_one_publish_job_per_profile() {
    for db in each_db().await {
        let t = team(&db).await;
        let post = posts::create(
            &db,
            NewPost::text(t.workspace, t.author, "Hello", 1_000, &t.profiles),
            0,
        )
        .await
        .unwrap();
        assert_eq!(post.deliveries.len(), 2);
        assert!(
            post.deliveries
                .iter()
                .all(|d| d.state == DeliveryState::Scheduled)
        );
        assert_ne!(
            post.deliveries[0].idempotency_key,
            post.deliveries[1].idempotency_key
        );
        let due = jobs::claim(&db, "w", 1_000, 1000, 10).await.unwrap();
        assert_eq!(due.len(), 2);
        assert!(due.iter().all(|j| j.kind == JobKind::Publish.as_str()));
    }
}

#[tokio::test]
async fn intent_can_be_recorded_once_only() {
    for db in each_db().await {
        let t = team(&db).await;
        let post = hi_to_first_profile(&db, &t).await;
        let id = post.deliveries[0].id;
        assert!(posts::record_intent(&db, id, 1).await.unwrap());
        assert!(
            !posts::record_intent(&db, id, 2).await.unwrap(),
            "a second sender is turned away"
        );
        assert!(
            posts::mark_published(&db, id, "r1", "https://x.invalid/r1", 3, 3)
                .await
                .unwrap()
        );
        let d = posts::delivery(&db, id).await.unwrap();
        assert_eq!(
            (d.state, d.remote_id.as_deref(), d.attempts),
            (DeliveryState::Published, Some("r1"), 1)
        );
        assert!(
            !posts::mark_failed(&db, id, "late", 4).await.unwrap(),
            "a published delivery stays published"
        );
    }
}

#[tokio::test]
async fn a_post_to_another_workspaces_profile_is_refused_and_nothing_is_stored() {
    for db in each_db().await {
        let t = team(&db).await;
        let other = workspaces::create(&db, "Other", 0).await.unwrap();
        let err = posts::create(
            &db,
            NewPost::text(other.id, t.author, "Hi", 0, &t.profiles),
            0,
        )
        .await
        .unwrap_err();
        assert!(matches!(err, StoreError::NotFound(_)));
        assert!(posts::list(&db, other.id, 10).await.unwrap().is_empty());
        assert!(
            jobs::claim(&db, "w", 0, 1000, 10).await.unwrap().is_empty(),
            "no orphan jobs"
        );
    }
}

#[tokio::test]
async fn a_stored_word_the_code_does_not_know_is_an_error_not_a_default() {
    for db in each_db().await {
        let t = team(&db).await;
        let post = hi_to_first_profile(&db, &t).await;
        let delivery = post.deliveries[0].id;
        let misspelt = "UPDATE posts SET status = 'aproved' WHERE id = $1";
        db.execute(Sql::new(misspelt).bind(post.id)).await.unwrap();
        let read = posts::get(&db, t.workspace, post.id).await;
        assert!(matches!(read, Err(StoreError::Corrupt(_))), "{read:?}");
        let context = posts::delivery_context(&db, delivery).await;
        assert!(
            matches!(context, Err(StoreError::Corrupt(_))),
            "an unknown status must not read as a draft: {context:?}"
        );
        let misspelt = "UPDATE deliveries SET state = 'publishd' WHERE id = $1";
        db.execute(Sql::new(misspelt).bind(delivery)).await.unwrap();
        let read = posts::delivery(&db, delivery).await;
        assert!(matches!(read, Err(StoreError::Corrupt(_))), "{read:?}");
    }
}

#[tokio::test]
async fn a_delivery_scheduled_in_a_transaction_that_is_dropped_leaves_no_job() {
    for db in each_db().await {
        let t = team(&db).await;
        let post = hi_to_first_profile(&db, &t).await;
        let mut tx = db.tx().await.unwrap();
        let delivery = posts::NewDelivery {
            post_id: post.id,
            profile_id: t.profiles[1],
            scheduled_at: 0,
            in_reply_to: None,
        };
        posts::schedule_delivery(&mut tx, delivery, 0)
            .await
            .unwrap();
        drop(tx);
        let post = posts::get(&db, t.workspace, post.id).await.unwrap();
        assert_eq!(post.deliveries.len(), 1);
        let due = jobs::claim(&db, "w", 0, 1000, 10).await.unwrap();
        assert_eq!(due.len(), 1, "only the kept delivery's job: {due:?}");
    }
}

#[tokio::test]
async fn the_approval_workflow_is_saved_whole_or_not_at_all() {
    for db in each_db().await {
        let t = team(&db).await;
        let before = workspaces::get(&db, t.workspace)
            .await
            .unwrap()
            .approval_roles;
        let stranger = vec![("Legal".to_string(), Needs::Any, vec![t.author + 1_000])];
        let refused = approvals::save_workflow(&db, t.workspace, &[Role::Viewer], &stranger).await;
        assert!(
            matches!(refused, Err(StoreError::NotFound(_))),
            "{refused:?}"
        );
        assert_eq!(
            workspaces::get(&db, t.workspace)
                .await
                .unwrap()
                .approval_roles,
            before,
            "the roles are not changed when the steps cannot be saved"
        );
        let steps = vec![("Legal".to_string(), Needs::All, vec![t.author])];
        approvals::save_workflow(&db, t.workspace, &[Role::Viewer], &steps)
            .await
            .unwrap();
        assert_eq!(
            workspaces::get(&db, t.workspace)
                .await
                .unwrap()
                .approval_roles,
            "viewer"
        );
        let saved = approvals::steps(&db, t.workspace).await.unwrap();
        assert_eq!(
            saved
                .iter()
                .map(|s| (s.name.as_str(), s.needs, s.approvers.clone()))
                .collect::<Vec<_>>(),
            [("Legal", Needs::All, vec![t.author])]
        );
    }
}

#[tokio::test]
async fn credentials_are_stored_sealed() {
    for db in each_db().await {
        let t = team(&db).await;
        let sql = "SELECT credentials FROM profiles WHERE id = $1";
        let (raw,): (String,) = db
            .fetch_one(Sql::new(sql).bind(t.profiles[0]))
            .await
            .unwrap();
        assert!(!raw.contains("secret-token"));
    }
}

#[tokio::test]
async fn emails_are_unique_whatever_their_case() {
    for db in each_db().await {
        let t = team(&db).await;
        let err = users::create(
            &db,
            NewUser {
                workspace_id: t.workspace,
                email: "asha@example.COM",
                name: "A2",
                password_hash: "x",
                role: Role::Viewer,
            },
            0,
        )
        .await
        .unwrap_err();
        assert_eq!(err.code(), "conflict");
        assert!(
            users::credentials_by_email(&db, " ASHA@example.com ")
                .await
                .unwrap()
                .is_some()
        );
    }
}

#[tokio::test]
async fn ci_runs_the_store_tests_on_postgresql_too() {
    let dbs = each_db().await;
    let backends: Vec<_> = dbs.iter().map(Db::backend).collect();
    if std::env::var("CI").is_ok() {
        assert_eq!(
            backends,
            ["sqlite", "postgres"],
            "CI must set TEST_DATABASE_URL so every store test also runs on PostgreSQL"
        );
    } else {
        assert_eq!(backends[0], "sqlite");
    }
}
