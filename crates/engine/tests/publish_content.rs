//! What a post holds is what the network gets: the publisher, run against the sandbox, and the sandbox's own ledger
//! read back (not our database). On SQLite and, with TEST_DATABASE_URL, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use sangam_domain::{DeliveryState, NetworkKind, Role, now_millis};
use sangam_engine::Networks;
use sangam_engine::publisher::{Next, Publisher};
use sangam_networks::Network;
use sangam_networks::sandbox::{Sandbox, SandboxConfig};
use sangam_store::media::{self, NewMedia};
use sangam_store::posts::{self, Content, ImageRef, NewLink, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{testing, workspaces};
use std::sync::Arc;

#[tokio::test]
async fn the_sandbox_receives_both_images_with_alt_in_order_the_language_the_warning_and_the_card()
{
    for db in testing::all().await.unwrap() {
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let ws = workspaces::create(&db, "Team", 0).await.unwrap();
        let author = users::create(
            &db,
            NewUser {
                workspace_id: ws.id,
                email: "a@team.test",
                name: "A",
                password_hash: "x",
                role: Role::Member,
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
                network: NetworkKind::Sandbox,
                handle: "acme",
                display_name: "Acme",
                credentials: &serde_json::json!({}),
            },
            0,
        )
        .await
        .unwrap();
        let mut ids = Vec::new();
        for (bytes, alt) in [(vec![1u8; 30], "upload alt"), (vec![2u8; 50], "")] {
            let new = NewMedia {
                workspace_id: ws.id,
                mime: "image/png",
                bytes: &bytes,
                alt,
                sha256: "x",
            };
            ids.push(media::store(&db, new, 0).await.unwrap());
        }
        // The second upload goes first: order is the author's, not the upload's.
        let content = Content {
            language: Some("hi".into()),
            content_warning: "मसालेदार".into(),
            link: Some(NewLink {
                url: "https://sangam.example/menu".into(),
                title: "Menu".into(),
                description: "Rain and chai".into(),
                thumb: Some((vec![9; 7], "image/png".into())),
                problem: None,
            }),
            images: vec![
                ImageRef {
                    media_id: ids[1],
                    alt: "Chai in a kulhad".into(),
                },
                ImageRef {
                    media_id: ids[0],
                    alt: "Pakoras on a plate".into(),
                },
            ],
        };
        let profiles = [profile.id];
        let new = NewPost {
            content,
            ..NewPost::text(
                ws.id,
                author.id,
                "बारिश और चाय https://sangam.example/menu",
                now_millis() - 1_000,
                &profiles,
            )
        };
        let post = posts::create(&db, new, now_millis()).await.unwrap();
        let sandbox = Arc::new(Sandbox::in_memory(SandboxConfig::seeded(1)).await.unwrap());
        let networks = Networks::default().with(sandbox.clone() as Arc<dyn Network>);
        let publisher = Publisher {
            db: &db,
            secrets: &secrets,
            networks: &networks,
        };
        let delivery = post.deliveries[0].id;
        assert_eq!(publisher.step(delivery, false).await.unwrap(), Next::Done);
        assert_eq!(
            posts::delivery(&db, delivery).await.unwrap().state,
            DeliveryState::Published
        );

        let received = sandbox.all_posts().await.unwrap();
        assert_eq!(received.len(), 1, "{}", db.backend());
        let got = &received[0];
        assert_eq!(got.text, "बारिश और चाय https://sangam.example/menu");
        let images: Vec<(&str, i64, &str)> = got
            .images
            .iter()
            .map(|i| (i.alt.as_str(), i.size, i.mime.as_str()))
            .collect();
        assert_eq!(
            images,
            [
                ("Chai in a kulhad", 50, "image/png"),
                ("Pakoras on a plate", 30, "image/png")
            ],
            "both images, with their alt text, in the author's order"
        );
        assert_eq!(got.language.as_deref(), Some("hi"));
        assert_eq!(got.content_warning.as_deref(), Some("मसालेदार"));
        let card = got.link_card.as_ref().unwrap();
        assert_eq!(card.url, "https://sangam.example/menu");
        assert_eq!(card.title, "Menu");
        assert_eq!(card.thumb_size, Some(7));
    }
}
