//! Single sign-on's settings and provider accounts (issue 17), on SQLite and, when `TEST_DATABASE_URL` is set,
//! PostgreSQL: the client secret is stored sealed and kept, replaced or removed as asked; a provider account is
//! linked to one person once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::Role;
use sangam_store::secrets::SecretBox;
use sangam_store::sso::{self, NewPeople, SecretChange, SsoSettings};
use sangam_store::users::{self, NewUser};
use sangam_store::{Sql, testing, workspaces};

fn settings(workspace_id: i64, by: i64) -> SsoSettings {
    SsoSettings {
        workspace_id,
        enabled: true,
        provider_name: "Acme ID".into(),
        issuer: "https://id.example.com".into(),
        client_id: "sangam".into(),
        client_secret_sealed: None,
        scopes: "openid email".into(),
        new_people: NewPeople::Create,
        default_role: Role::Viewer,
        sso_only: true,
        break_glass_email: Some("Root@Example.com".into()),
        updated_by: Some(by),
        updated_at: 5,
    }
}

#[tokio::test]
async fn the_client_secret_is_sealed_and_kept_replaced_or_removed_as_asked() {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap();
        let admin = users::create(
            &db,
            NewUser {
                workspace_id: ws.id,
                email: "root@example.com",
                name: "Root",
                password_hash: "x",
                role: Role::Admin,
            },
            0,
        )
        .await
        .unwrap();
        assert_eq!(sso::settings(&db, ws.id).await.unwrap(), None);
        let s = settings(ws.id, admin.id);
        let saved = sso::save(&db, &s, SecretChange::Set(secrets.seal("hunter2")))
            .await
            .unwrap();
        assert_eq!(saved.default_role, Role::Viewer);
        assert_eq!(saved.new_people, NewPeople::Create);
        assert_eq!(saved.break_glass_email.as_deref(), Some("root@example.com"));
        let sealed = saved.client_secret_sealed.clone().unwrap();
        assert_eq!(secrets.open(&sealed).unwrap(), "hunter2");
        let (raw,): (String,) = db
            .fetch_one(Sql::new("SELECT client_secret_sealed FROM sso_settings"))
            .await
            .unwrap();
        assert!(!raw.contains("hunter2"), "sealed at rest");

        let renamed = SsoSettings {
            provider_name: "Acme SSO".into(),
            ..s.clone()
        };
        let kept = sso::save(&db, &renamed, SecretChange::Keep).await.unwrap();
        assert_eq!(kept.provider_name, "Acme SSO");
        assert_eq!(kept.client_secret_sealed.as_deref(), Some(sealed.as_str()));
        let cleared = sso::save(&db, &renamed, SecretChange::Clear).await.unwrap();
        assert_eq!(cleared.client_secret_sealed, None);
        assert_eq!(sso::settings(&db, ws.id).await.unwrap(), Some(cleared));
    }
}

#[tokio::test]
async fn a_provider_account_is_linked_to_one_person_once() {
    for db in testing::all().await.unwrap() {
        let ws = workspaces::create(&db, "Acme", 0).await.unwrap();
        let mut ids = vec![];
        for email in ["asha@example.com", "ravi@example.com"] {
            let u = users::create(
                &db,
                NewUser {
                    workspace_id: ws.id,
                    email,
                    name: email,
                    password_hash: "x",
                    role: Role::Member,
                },
                0,
            )
            .await
            .unwrap();
            ids.push(u.id);
        }
        let issuer = "https://id.example.com";
        assert_eq!(
            sso::identity_user(&db, issuer, "sub-1", 1).await.unwrap(),
            None
        );
        sso::link_identity(&db, issuer, "sub-1", ids[0], 1)
            .await
            .unwrap();
        sso::link_identity(&db, issuer, "sub-1", ids[1], 2)
            .await
            .unwrap();
        assert_eq!(
            sso::identity_user(&db, issuer, "sub-1", 3).await.unwrap(),
            Some(ids[0]),
            "the first match keeps the account"
        );
        assert_eq!(
            sso::identity_user(&db, "https://other.example.com", "sub-1", 3)
                .await
                .unwrap(),
            None,
            "a subject is only unique within its issuer"
        );
        assert_eq!(sso::linked_count(&db, ws.id).await.unwrap(), 1);
    }
}
