//! What several store test files start from: a workspace with one author and two sandbox profiles.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{NetworkKind, Role};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, workspaces};

pub struct Team {
    pub workspace: i64,
    pub author: i64,
    pub profiles: Vec<i64>,
}

/// A workspace "Acme" with Asha (a Member; her e-mail in mixed case) and the profiles @acme and @acme_in, whose
/// credentials hold a token that must never be stored in the clear.
pub async fn team(db: &Db) -> Team {
    let ws = workspaces::create(db, "Acme", 0).await.unwrap();
    let author = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email: "Asha@Example.com",
            name: "Asha",
            password_hash: "x",
            role: Role::Member,
        },
        0,
    )
    .await
    .unwrap();
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    let mut ids = vec![];
    for handle in ["acme", "acme_in"] {
        let p = profiles::create(
            db,
            &secrets,
            NewProfile {
                workspace_id: ws.id,
                network: NetworkKind::Sandbox,
                handle,
                display_name: handle,
                credentials: &serde_json::json!({"token": "secret-token"}),
            },
            0,
        )
        .await
        .unwrap();
        ids.push(p.id);
    }
    Team {
        workspace: ws.id,
        author: author.id,
        profiles: ids,
    }
}
