//! Removing and reviving profiles, on SQLite and (with `TEST_DATABASE_URL`) PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{DeliveryState, NetworkKind, ProfileStatus, Role};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{StoreError, testing, workspaces};
use serde_json::json;

#[tokio::test]
async fn a_removed_profile_keeps_its_history_loses_its_credentials_and_comes_back_on_reconnect() {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Team", 0).await.unwrap().id;
        let other_ws = workspaces::create(&db, "Others", 0).await.unwrap().id;
        let author = users::create(
            &db,
            NewUser {
                workspace_id: ws,
                email: "a@example.com",
                name: "A",
                password_hash: "x",
                role: Role::Admin,
            },
            0,
        )
        .await
        .unwrap()
        .id;
        let profile = |handle: &'static str, token: &'static str| NewProfile {
            workspace_id: ws,
            network: NetworkKind::Mastodon,
            handle,
            display_name: handle,
            credentials: Box::leak(Box::new(json!({"access_token": token}))),
        };
        let a = profiles::create(&db, &secrets, profile("@a@x.test", "t1"), 0)
            .await
            .unwrap();
        let b = profiles::create(&db, &secrets, profile("@b@x.test", "t2"), 0)
            .await
            .unwrap();
        let post = posts::create(
            &db,
            NewPost::text(ws, author, "Later", 5_000, &[a.id, b.id]),
            0,
        )
        .await
        .unwrap();

        // Another workspace cannot remove it.
        assert!(matches!(
            profiles::remove(&db, &secrets, other_ws, a.id, 10).await,
            Err(StoreError::NotFound(_))
        ));
        assert_eq!(
            profiles::remove(&db, &secrets, ws, a.id, 10).await.unwrap(),
            1
        );
        assert!(matches!(
            profiles::remove(&db, &secrets, ws, a.id, 11).await,
            Err(StoreError::NotFound(_))
        ));

        let listed: Vec<i64> = profiles::list(&db, ws)
            .await
            .unwrap()
            .iter()
            .map(|p| p.id)
            .collect();
        assert_eq!(listed, vec![b.id]);
        assert!(
            profiles::list_all(&db)
                .await
                .unwrap()
                .iter()
                .all(|p| p.id != a.id)
        );
        assert!(profiles::get(&db, ws, a.id).await.is_err());
        assert_eq!(
            profiles::credentials(&db, &secrets, a.id).await.unwrap(),
            json!({})
        );
        for d in &posts::get(&db, ws, post.id).await.unwrap().deliveries {
            let expected = if d.profile_id == a.id {
                DeliveryState::Cancelled
            } else {
                DeliveryState::Scheduled
            };
            assert_eq!(d.state, expected);
        }

        // Late writes from the engine leave it removed.
        profiles::set_status(&db, a.id, ProfileStatus::NeedsReconnect)
            .await
            .unwrap();
        profiles::set_credentials(&db, &secrets, a.id, &json!({"access_token": "late"}))
            .await
            .unwrap();
        assert_eq!(
            profiles::credentials(&db, &secrets, a.id).await.unwrap(),
            json!({})
        );
        assert!(profiles::get(&db, ws, a.id).await.is_err());

        // Connecting the same account again brings the same row back, with the new credentials.
        let back = profiles::create(&db, &secrets, profile("@a@x.test", "t3"), 20)
            .await
            .unwrap();
        assert_eq!(back.id, a.id);
        assert_eq!(back.status, ProfileStatus::Connected);
        assert_eq!(
            profiles::credentials(&db, &secrets, a.id).await.unwrap(),
            json!({"access_token": "t3"})
        );
        // A connected one is still a conflict.
        assert!(matches!(
            profiles::create(&db, &secrets, profile("@b@x.test", "t4"), 20).await,
            Err(StoreError::Conflict(_))
        ));
    }
}
