//! Thread context in the inbox: a network that names only the parent of an answer (Mastodon has no thread id) still
//! gets its answers grouped into one conversation, when they answer a stored message or one of our inbox replies.
//! On SQLite and, with `TEST_DATABASE_URL`, PostgreSQL. (Against the real Mastodon peer: the root suite's
//! `networks_e2e`.)
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{NetworkKind, PostStatus, Role, now_millis};
use sangam_engine::ingester::Ingester;
use sangam_engine::{Networks, TextModel};
use sangam_networks::{
    Account, Inbound, InboundKind, InboundPage, Network, NetworkError, Outbound, PostCounts,
    ProfileCounts, Published,
};
use sangam_store::inbox::{self, Filter};
use sangam_store::profiles::{self, NewProfile, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, posts, testing, workspaces};
use std::sync::Arc;

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

/// The workspace's Mastodon profile, @acme@example.social.
async fn mastodon_profile(db: &Db, secrets: &SecretBox, workspace_id: i64) -> Profile {
    let new = NewProfile {
        workspace_id,
        network: NetworkKind::Mastodon,
        handle: "@acme@example.social",
        display_name: "Acme",
        credentials: &serde_json::json!({}),
    };
    profiles::create(db, secrets, new, 0).await.unwrap()
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
        let profile = mastodon_profile(&db, &secrets, ws.id).await;
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

/// A Mastodon-like network that hands out `pages` one by one (the cursor is the next page's number) and does nothing
/// else.
struct Pages {
    pages: Vec<Vec<Inbound>>,
}

#[async_trait::async_trait]
impl Network for Pages {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Mastodon
    }
    async fn publish(&self, _: &Account, _: &Outbound) -> Result<Published, NetworkError> {
        Err(NetworkError::unavailable(
            "this network only hands out pages",
        ))
    }
    async fn find_published(
        &self,
        _: &Account,
        _: &str,
    ) -> Result<Option<Published>, NetworkError> {
        Ok(None)
    }
    fn dedupes_repeats(&self) -> bool {
        false
    }
    async fn inbound(
        &self,
        _: &Account,
        cursor: Option<&str>,
    ) -> Result<InboundPage, NetworkError> {
        let at: usize = cursor.map_or(0, |c| c.parse().unwrap());
        Ok(InboundPage {
            messages: self.pages.get(at).cloned().unwrap_or_default(),
            next_cursor: Some((at + 1).min(self.pages.len()).to_string()),
            more: at + 1 < self.pages.len(),
        })
    }
    async fn profile_counts(&self, _: &Account) -> Result<ProfileCounts, NetworkError> {
        Err(NetworkError::unavailable("no counts here"))
    }
    async fn post_counts(
        &self,
        _: &Account,
        _: &[String],
    ) -> Result<Vec<PostCounts>, NetworkError> {
        Ok(Vec::new())
    }
}

/// The ingester reads each page's look-up while the page before it is still being stored; a chain of answers split
/// over the pages of one run still ends in one conversation, and a page that repeats the one before stores nothing
/// twice.
#[tokio::test]
async fn a_chain_of_answers_over_the_pages_of_one_run_stays_one_conversation() {
    for db in testing::all().await.unwrap() {
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let ws = workspaces::create(&db, "Team", 0).await.unwrap();
        let profile = mastodon_profile(&db, &secrets, ws.id).await;
        let chain = [
            mastodon_style("1", None, "Is the shop open today?"),
            mastodon_style("2", Some("1"), "Asking again"),
            mastodon_style("3", Some("2"), "And again"),
            mastodon_style("4", Some("3"), "Still waiting"),
        ];
        // One message a page, and the third page handed out twice.
        let pages: Vec<Vec<Inbound>> = [0, 1, 2, 2, 3]
            .iter()
            .map(|&i| vec![chain[i].clone()])
            .collect();
        let networks = Networks::default().with(Arc::new(Pages { pages }));
        let text = TextModel::default();
        let ingester = Ingester {
            db: &db,
            secrets: &secrets,
            networks: &networks,
            text: &text,
        };
        let run = ingester.ingest(&profile).await.unwrap();
        assert_eq!((run.fetched, run.stored), (5, 4), "{:?}", db.kind());
        let mut stored: Vec<(String, String)> = inbox::list(&db, ws.id, 0, &Filter::default(), 10)
            .await
            .unwrap()
            .into_iter()
            .map(|m| (m.remote_id, m.conversation_id))
            .collect();
        stored.sort();
        let expected: Vec<(String, String)> = ["1", "2", "3", "4"]
            .iter()
            .map(|id| (id.to_string(), "1".to_string()))
            .collect();
        assert_eq!(stored, expected, "{:?}", db.kind());
    }
}
