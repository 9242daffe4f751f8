//! What keeps intruders out at rest (issue 12), on SQLite and, when `TEST_DATABASE_URL` is set, PostgreSQL: sessions
//! stored as digests and ended per person, deactivation, shared sign-in failure counts, idempotency keys, the secret
//! key canary, and database files readable by their owner only.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{NetworkKind, ProfileStatus, Role};
use sangam_store::idempotency::{self, Claim, Scope, StoredAnswer};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::{self, KeyCheck, SecretBox};
use sangam_store::sessions::{self, DbSessionStore};
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, Sql, testing, workspaces};
use tower_sessions::SessionStore;
use tower_sessions::session::{Id, Record};

async fn each_db() -> Vec<Db> {
    testing::all().await.expect("test databases open")
}

async fn person(db: &Db, email: &str) -> (i64, i64) {
    let ws = workspaces::create(db, "Acme", 0).await.unwrap();
    let user = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email,
            name: "Asha",
            password_hash: "x",
            role: Role::Member,
        },
        0,
    )
    .await
    .unwrap();
    (ws.id, user.id)
}

/// A new session of `user_id`, stored, as signing in makes one.
async fn signed_in(store: &DbSessionStore, user_id: i64) -> Record {
    let mut data = std::collections::HashMap::new();
    data.insert(sessions::USER_KEY.to_string(), serde_json::json!(user_id));
    let mut record = Record {
        id: Id::default(),
        data,
        expiry_date: time::OffsetDateTime::now_utc() + time::Duration::days(1),
    };
    store.create(&mut record).await.unwrap();
    record
}

#[tokio::test]
async fn sessions_are_stored_as_digests_and_end_together_per_person() {
    for db in each_db().await {
        let (_, asha) = person(&db, "asha@example.com").await;
        let store = DbSessionStore::new(db.clone());
        let laptop = signed_in(&store, asha).await;
        let phone = signed_in(&store, asha).await;

        let ids: Vec<String> = db
            .fetch_all::<(String,)>(Sql::new("SELECT id FROM sessions ORDER BY id"))
            .await
            .unwrap()
            .into_iter()
            .map(|(id,)| id)
            .collect();
        assert_eq!(ids.len(), 2);
        for clear in [laptop.id.to_string(), phone.id.to_string()] {
            assert!(
                !ids.contains(&clear),
                "{}: no clear id stored",
                db.backend()
            );
        }
        assert!(ids.contains(&sessions::stored_id(&laptop.id)));
        assert!(store.load(&laptop.id).await.unwrap().is_some());

        assert_eq!(sessions::end_all_for_user(&db, asha).await.unwrap(), 2);
        assert!(store.load(&laptop.id).await.unwrap().is_none());
        assert!(store.load(&phone.id).await.unwrap().is_none());
    }
}

/// Whether the token with this digest lets someone in at `at`.
async fn token_opens(db: &Db, digest: &str, at: i64) -> bool {
    users::user_by_token(db, digest, at)
        .await
        .unwrap()
        .is_some()
}

#[tokio::test]
async fn deactivation_ends_sessions_and_tokens_and_sign_in_in_one_go() {
    for db in each_db().await {
        let (ws, asha) = person(&db, "asha@example.com").await;
        let store = DbSessionStore::new(db.clone());
        let session = signed_in(&store, asha).await;
        users::create_token(&db, asha, "script", "digest-1", 0)
            .await
            .unwrap();
        assert!(token_opens(&db, "digest-1", 1).await);

        users::deactivate(&db, ws, asha, 5).await.unwrap();
        assert!(store.load(&session.id).await.unwrap().is_none());
        assert!(users::list_tokens(&db, asha).await.unwrap().is_empty());
        assert!(!token_opens(&db, "digest-1", 6).await);
        assert!(users::get_active(&db, asha).await.unwrap().is_none());
        assert!(
            users::credentials_by_email(&db, "asha@example.com")
                .await
                .unwrap()
                .is_none()
        );
        assert_eq!(users::deactivated_at(&db, ws, asha).await.unwrap(), Some(5));

        // A token that escaped (restored from a backup) still opens nothing.
        users::create_token(&db, asha, "old", "digest-2", 7)
            .await
            .unwrap();
        assert!(!token_opens(&db, "digest-2", 8).await);

        // Another workspace cannot deactivate her.
        let other = workspaces::create(&db, "Other", 0).await.unwrap();
        assert!(users::deactivate(&db, other.id, asha, 9).await.is_err());
    }
}

#[tokio::test]
async fn a_token_notes_its_last_use_to_the_minute_without_a_write_per_request() {
    for db in each_db().await {
        let (_, asha) = person(&db, "asha@example.com").await;
        users::create_token(&db, asha, "script", "digest-1", 0)
            .await
            .unwrap();
        let last_used =
            |db: Db| async move { users::list_tokens(&db, asha).await.unwrap()[0].last_used_at };
        assert_eq!(last_used(db.clone()).await, None, "never used yet");
        assert!(token_opens(&db, "digest-1", 1_000).await);
        assert_eq!(
            last_used(db.clone()).await,
            Some(1_000),
            "the first use is noted"
        );
        assert!(token_opens(&db, "digest-1", 30_000).await);
        assert_eq!(
            last_used(db.clone()).await,
            Some(1_000),
            "{}: a use within the minute is not written",
            db.backend()
        );
        assert!(token_opens(&db, "digest-1", 1_000 + users::TOKEN_USE_PRECISION_MS).await);
        assert_eq!(
            last_used(db.clone()).await,
            Some(1_000 + users::TOKEN_USE_PRECISION_MS),
            "a use a minute later is"
        );
    }
}

#[tokio::test]
async fn sign_in_failures_count_in_one_place_and_are_forgotten() {
    for db in each_db().await {
        for n in 1..=3 {
            let f = users::record_sign_in_failure(&db, "k", 100 * n, 0)
                .await
                .unwrap();
            assert_eq!(f.failures, n, "{}", db.backend());
        }
        let seen = users::sign_in_failures(&db, "k", 0).await.unwrap().unwrap();
        assert_eq!((seen.failures, seen.last_failure_at), (3, 300));
        // A failure long after the last starts the count again.
        let f = users::record_sign_in_failure(&db, "k", 10_000, 5_000)
            .await
            .unwrap();
        assert_eq!(f.failures, 1);
        assert!(
            users::sign_in_failures(&db, "k", 20_000)
                .await
                .unwrap()
                .is_none()
        );
        users::clear_sign_in_failures(&db, "k").await.unwrap();
        assert!(
            users::sign_in_failures(&db, "k", 0)
                .await
                .unwrap()
                .is_none()
        );
        users::record_sign_in_failure(&db, "old", 1, 0)
            .await
            .unwrap();
        assert_eq!(users::forget_sign_in_failures(&db, 2).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn an_idempotency_key_replays_its_first_answer_and_refuses_another_request() {
    for db in each_db().await {
        let (ws, asha) = person(&db, "asha@example.com").await;
        let scope = Scope {
            workspace_id: ws,
            user_id: asha,
            key: "k1",
        };
        assert_eq!(
            idempotency::claim(&db, scope, "h1", 1_000).await.unwrap(),
            Claim::Fresh
        );
        assert_eq!(
            idempotency::claim(&db, scope, "h1", 1_001).await.unwrap(),
            Claim::InFlight,
            "{}",
            db.backend()
        );
        let answer = StoredAnswer {
            status: 201,
            content_type: Some("application/json".into()),
            body: br#"{"id":7}"#.to_vec(),
        };
        idempotency::finish(&db, scope, &answer).await.unwrap();
        assert_eq!(
            idempotency::claim(&db, scope, "h1", 2_000).await.unwrap(),
            Claim::Replay(answer.clone())
        );
        assert_eq!(
            idempotency::claim(&db, scope, "h2", 2_000).await.unwrap(),
            Claim::Mismatch
        );

        // Kept at least a day; after that the key is new again.
        let later = 1_000 + idempotency::KEEP_MS - 1;
        assert_eq!(
            idempotency::claim(&db, scope, "h1", later).await.unwrap(),
            Claim::Replay(answer)
        );
        let after = 1_000 + idempotency::KEEP_MS + 1;
        assert_eq!(
            idempotency::claim(&db, scope, "h2", after).await.unwrap(),
            Claim::Fresh
        );

        // A first request that died with its process does not block the key for a day.
        let other = Scope { key: "k2", ..scope };
        assert_eq!(
            idempotency::claim(&db, other, "h", 0).await.unwrap(),
            Claim::Fresh
        );
        let abandoned = idempotency::ABANDONED_AFTER_MS + 1;
        assert_eq!(
            idempotency::claim(&db, other, "h", abandoned)
                .await
                .unwrap(),
            Claim::Fresh
        );

        // A 5xx answer is released, so the retry runs.
        idempotency::release(&db, other).await.unwrap();
        assert_eq!(
            idempotency::claim(&db, other, "h", abandoned + 1)
                .await
                .unwrap(),
            Claim::Fresh
        );

        assert_eq!(idempotency::forget_before(&db, after).await.unwrap(), 1);
    }
}

#[tokio::test]
async fn a_key_that_cannot_open_the_stored_credentials_is_recognised() {
    for db in each_db().await {
        let right = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let wrong = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        assert!(!secrets::holds_sealed_data(&db).await.unwrap());
        assert_eq!(
            secrets::check_key(&db, &right).await.unwrap(),
            KeyCheck::Fits
        );
        assert!(
            secrets::holds_sealed_data(&db).await.unwrap(),
            "the canary is sealed data"
        );
        assert_eq!(
            secrets::check_key(&db, &right).await.unwrap(),
            KeyCheck::Fits
        );
        assert_eq!(
            secrets::check_key(&db, &wrong).await.unwrap(),
            KeyCheck::WrongKey
        );

        let ws = workspaces::create(&db, "Acme", 0).await.unwrap();
        let profile = profiles::create(
            &db,
            &right,
            NewProfile {
                workspace_id: ws.id,
                network: NetworkKind::Sandbox,
                handle: "acme",
                display_name: "Acme",
                credentials: &serde_json::json!({"token": "t"}),
            },
            0,
        )
        .await
        .unwrap();
        // The key is lost for good: the credentials are wiped, the profile waits for a reconnect, the new key fits.
        assert_eq!(secrets::forget_sealed_data(&db, &wrong).await.unwrap(), 1);
        assert_eq!(
            secrets::check_key(&db, &wrong).await.unwrap(),
            KeyCheck::Fits
        );
        let p = profiles::get(&db, ws.id, profile.id).await.unwrap();
        assert_eq!(p.status, ProfileStatus::NeedsReconnect);
    }
}

#[tokio::test]
async fn a_database_written_before_the_canary_is_checked_by_its_credentials() {
    for db in each_db().await {
        let old = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let new = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap();
        let creds = serde_json::json!({});
        let new_profile = NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle: "acme",
            display_name: "Acme",
            credentials: &creds,
        };
        profiles::create(&db, &old, new_profile, 0).await.unwrap();
        assert!(secrets::holds_sealed_data(&db).await.unwrap());
        assert_eq!(
            secrets::check_key(&db, &new).await.unwrap(),
            KeyCheck::WrongKey
        );
        assert_eq!(secrets::check_key(&db, &old).await.unwrap(), KeyCheck::Fits);
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_new_sqlite_database_is_readable_by_its_owner_only() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sangam.db");
    let db = Db::connect_sqlite(&path.to_string_lossy()).await.unwrap();
    db.migrate().await.unwrap();
    for suffix in ["", "-wal", "-shm"] {
        let file = format!("{}{suffix}", path.display());
        let mode = std::fs::metadata(&file).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{file} is {mode:o}");
    }
    db.close().await;
}
