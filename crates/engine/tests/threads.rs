//! Thread context in the inbox: a network that names only the parent of an answer (Mastodon has no thread id) still
//! gets its answers grouped into one conversation, when they answer a stored message or one of our inbox replies.
//! On SQLite and, with `TEST_DATABASE_URL`, PostgreSQL. (Against the real Mastodon peer: the root suite's
//! `networks_e2e`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{NetworkKind, PostStatus, Role, now_millis};
use sangam_engine::ingester::Ingester;
use sangam_engine::{Networks, TextModel};
use sangam_networks::{Inbound, InboundKind};
use sangam_store::inbox::{self, Filter};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{posts, testing, workspaces};

/// A message as the Mastodon connector reads it: grouped with the status it answers, or with itself.
fn mastodon_style(id: &str, parent: Option<&str>, text: &str) -> Inbound {
    Inbound {
        remote_id: id.into(),
        kind: InboundKind::Reply,
        author_handle: "@fan@example.social".into(),
        author_name: "Fan".into(),
        author_followers: Some(3),
        text: text.into(),
        url: None,
        in_reply_to: parent.map(str::to_string),
        conversation_id: parent.unwrap_or(id).to_string(),
        received_at: now_millis(),
    }
}

#[tokio::test]
async fn answers_to_our_answers_and_to_stored_messages_stay_in_their_conversation() {
    for db in testing::all().await.unwrap() {
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let ws = workspaces::create(&db, "Team", 0).await.unwrap();
        let admin = users::create(
            &db,
            NewUser {
                workspace_id: ws.id,
                email: "admin@team.test",
                name: "Admin",
                password_hash: "x",
                role: Role::Admin,
            },
            0,
        )
        .await
        .unwrap();
        let profile = profiles::create(
            &db,
            &secrets,
            NewProfile {
                workspace_id: ws.id,
                network: NetworkKind::Mastodon,
                handle: "@acme@example.social",
                display_name: "Acme",
                credentials: &serde_json::json!({}),
            },
            0,
        )
        .await
        .unwrap();
        let (networks, text) = (Networks::default(), TextModel::default());
        let ingester = Ingester {
            db: &db,
            secrets: &secrets,
            networks: &networks,
            text: &text,
        };

        // Fan answers our post "900".
        let first = [mastodon_style("100", Some("900"), "The chai was lovely")];
        ingester
            .store_page(&profile, &[], &first, Some("c1"))
            .await
            .unwrap();
        let list = inbox::list(&db, ws.id, admin.id, &Filter::default(), 10)
            .await
            .unwrap();
        let message = list.iter().find(|m| m.remote_id == "100").unwrap().clone();
        assert_eq!(message.conversation_id, "900");

        // We answer from the inbox; the network gives our answer the id "200".
        let reply = inbox::create_reply(
            &db,
            ws.id,
            &message,
            admin.id,
            "Thank you!",
            PostStatus::Approved,
            now_millis(),
        )
        .await
        .unwrap();
        assert!(
            posts::record_intent(&db, reply.delivery_id, now_millis())
                .await
                .unwrap()
        );
        posts::mark_published(
            &db,
            reply.delivery_id,
            "200",
            "https://example.social/@acme/200",
            now_millis(),
            now_millis(),
        )
        .await
        .unwrap();

        // Fan answers our answer, then answers themself in the same page; someone else starts a new thread.
        let second = [
            mastodon_style("300", Some("200"), "Assam, of course!"),
            mastodon_style("301", Some("300"), "And a second cup"),
            mastodon_style("302", None, "Do you deliver?"),
        ];
        ingester
            .store_page(&profile, &[], &second, Some("c2"))
            .await
            .unwrap();
        let thread: Vec<String> = inbox::conversation(&db, &message)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.remote_id)
            .collect();
        assert_eq!(thread, vec!["100", "300", "301"], "one conversation");
        let list = inbox::list(&db, ws.id, admin.id, &Filter::default(), 10)
            .await
            .unwrap();
        let alone = list.iter().find(|m| m.remote_id == "302").unwrap();
        assert_eq!(alone.conversation_id, "302", "a new thread stays its own");
    }
}
