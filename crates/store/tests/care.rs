//! Care's promises in the store, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::care::{CheckinFigures, FocusKind, HEARTBEAT_MS};
use sangam_store::care::*;
use sangam_store::{Db, testing, users, workspaces};

async fn person(db: &Db) -> (i64, i64) {
    let ws = workspaces::create(db, "Care", 0).await.unwrap().id;
    let user = users::create(
        db,
        users::NewUser {
            workspace_id: ws,
            email: "asha@example.com",
            name: "Asha",
            password_hash: "x",
            role: sangam_domain::Role::Member,
        },
        0,
    )
    .await
    .unwrap()
    .id;
    (ws, user)
}

#[tokio::test]
async fn heartbeats_close_together_make_one_session_and_a_gap_starts_another() {
    for db in testing::all().await.unwrap() {
        let (ws, user) = person(&db).await;
        let t0 = 1_000_000;
        for i in 0..4 {
            heartbeat(&db, ws, user, FocusKind::Compose, t0 + i * HEARTBEAT_MS)
                .await
                .unwrap();
        }
        // A minute later: a new session.
        heartbeat(
            &db,
            ws,
            user,
            FocusKind::Compose,
            t0 + 3 * HEARTBEAT_MS + 60_000,
        )
        .await
        .unwrap();
        heartbeat(&db, ws, user, FocusKind::Review, t0)
            .await
            .unwrap();
        let spans = focus_spans(&db, user, 0, t0 + 10 * 60_000).await.unwrap();
        let compose = sangam_domain::care::focus_time(&spans, FocusKind::Compose);
        assert_eq!(compose, 4 * HEARTBEAT_MS + HEARTBEAT_MS);
        assert_eq!(
            sangam_domain::care::focus_time(&spans, FocusKind::Review),
            HEARTBEAT_MS
        );
    }
}

#[tokio::test]
async fn a_second_check_in_in_a_week_replaces_the_first_and_team_figures_carry_no_note() {
    for db in testing::all().await.unwrap() {
        let (ws, user) = person(&db).await;
        save_checkin(&db, ws, user, 0, 2, 4, "tired", 10)
            .await
            .unwrap();
        save_checkin(&db, ws, user, 0, 3, 5, "better", 20)
            .await
            .unwrap();
        let own = own_checkins(&db, user, 0).await.unwrap();
        assert_eq!(own.len(), 1);
        assert_eq!(
            (own[0].energy, own[0].workload, own[0].note.as_str()),
            (3, 5, "better")
        );
        let team = team_checkin_figures(&db, ws, 0, 1).await.unwrap();
        assert_eq!(
            team,
            vec![(
                0,
                CheckinFigures {
                    user_id: user,
                    energy: 3,
                    workload: 5
                }
            )]
        );
    }
}

#[tokio::test]
async fn an_alert_is_recorded_once_per_person_figure_and_day() {
    for db in testing::all().await.unwrap() {
        let (ws, user) = person(&db).await;
        assert!(
            record_alert(&db, ws, user, "exposure", "2025-06-03", 3, 0)
                .await
                .unwrap()
        );
        assert!(
            !record_alert(&db, ws, user, "exposure", "2025-06-03", 3, 1)
                .await
                .unwrap()
        );
        assert!(
            record_alert(&db, ws, user, "after-hours", "2025-06-03", 3, 1)
                .await
                .unwrap()
        );
    }
}

#[tokio::test]
async fn the_reads_behind_the_care_pages_run_on_both_databases() {
    for db in testing::all().await.unwrap() {
        let (ws, user) = person(&db).await;
        sangam_store::activity::record(
            &db,
            sangam_store::activity::NewActivity {
                workspace_id: ws,
                user_id: Some(user),
                action: "viewed",
                object_kind: "message",
                object_id: Some(7),
                detail: "",
            },
            1_000,
        )
        .await
        .unwrap();
        let actions = actions(&db, user, 0, 2_000).await.unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].object_id, Some(7));
        assert!(openings(&db, user, 0, 2_000).await.unwrap().is_empty());
        assert_eq!(posts_shipped(&db, user, 0, 2_000).await.unwrap(), 0);
        assert!(unanswered(&db, ws, 0).await.unwrap().is_empty());
        assert_eq!(workspace_ids(&db).await.unwrap(), vec![ws]);
    }
}
