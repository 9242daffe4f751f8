//! What a post holds besides its text (images in order with alt text, language, content warning, link card) and its
//! one status word, stored and read back the same way on SQLite and, with TEST_DATABASE_URL, PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::team;
use sangam_domain::{PostLife, PostStatus};
use sangam_store::media::{self, NewMedia};
use sangam_store::posts::{self, Content, ImageRef, NewLink, NewPost, PostEdit};
use sangam_store::{Db, testing};

async fn image(db: &Db, workspace: i64, size: usize) -> i64 {
    let bytes = vec![7u8; size];
    let new = NewMedia {
        workspace_id: workspace,
        mime: "image/png",
        bytes: &bytes,
        alt: "at upload",
        sha256: "x",
    };
    media::store(db, new, 0).await.unwrap()
}

#[tokio::test]
async fn a_posts_images_language_warning_and_card_are_stored_in_order_and_read_back() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let (a, b, c) = (
            image(&db, t.workspace, 10).await,
            image(&db, t.workspace, 20).await,
            image(&db, t.workspace, 30).await,
        );
        let content = Content {
            language: Some("hi".into()),
            content_warning: "  spoilers  ".into(),
            link: Some(NewLink {
                url: "https://sangam.example/".into(),
                title: "Sangam".into(),
                description: "Where rivers meet".into(),
                thumb: Some((vec![1, 2, 3], "image/png".into())),
                problem: None,
            }),
            images: vec![
                ImageRef {
                    media_id: c,
                    alt: "third upload, first image".into(),
                },
                ImageRef {
                    media_id: a,
                    alt: "first upload, second image".into(),
                },
            ],
        };
        let profiles = [t.profiles[0]];
        let new = NewPost {
            content,
            ..NewPost::text(t.workspace, t.author, "text", 5_000, &profiles)
        };
        let post = posts::create(&db, new, 1_000).await.unwrap();
        let alts: Vec<&str> = post.media.iter().map(|m| m.alt.as_str()).collect();
        assert_eq!(
            alts,
            ["third upload, first image", "first upload, second image"],
            "{}",
            db.backend()
        );
        assert_eq!(post.media[0].position, 1);
        assert_eq!(post.language.as_deref(), Some("hi"));
        assert_eq!(post.content_warning, "spoilers");
        let card = post.link_card.clone().unwrap();
        assert!(card.has_thumb && card.is_usable());
        assert_eq!(post.life, PostLife::Scheduled);

        // What the publisher reads: the bytes in order, the card with its thumbnail.
        let content = posts::delivery_content(&db, post.deliveries[0].id)
            .await
            .unwrap();
        let sizes: Vec<usize> = content.images.iter().map(|i| i.bytes.len()).collect();
        assert_eq!(sizes, [30, 10]);
        assert_eq!(
            content.link_card.unwrap().thumb,
            Some((vec![1, 2, 3], "image/png".into()))
        );
        let (mime, thumb) = media::link_thumb(&db, t.workspace, post.id).await.unwrap();
        assert_eq!((mime.as_str(), thumb.len()), ("image/png", 3));

        // An edit reorders, drops one image and adds another, clears the warning and moves to the other profile.
        let profiles = [t.profiles[1]];
        let edit = PostEdit {
            body: "text",
            variants: &[],
            tags: &[],
            scheduled_at: 6_000,
            status: PostStatus::Approved,
            content: Content {
                language: Some("en".into()),
                content_warning: String::new(),
                link: None,
                images: vec![
                    ImageRef {
                        media_id: b,
                        alt: "new".into(),
                    },
                    ImageRef {
                        media_id: c,
                        alt: "kept".into(),
                    },
                ],
            },
            profile_ids: Some(&profiles),
        };
        posts::edit(&db, t.workspace, post.id, edit, 2_000)
            .await
            .unwrap();
        let post = posts::get(&db, t.workspace, post.id).await.unwrap();
        let ids: Vec<i64> = post.media.iter().map(|m| m.id).collect();
        assert_eq!(ids, [b, c]);
        assert!(
            media::load(&db, t.workspace, a).await.is_err(),
            "the dropped image is gone"
        );
        assert_eq!(post.content_warning, "");
        assert!(post.link_card.is_none());
        let to: Vec<i64> = post.deliveries.iter().map(|d| d.profile_id).collect();
        assert_eq!(to, [t.profiles[1]], "deliveries follow the profiles");
        let queued = sangam_store::jobs::counts(&db)
            .await
            .unwrap()
            .into_iter()
            .find(|(state, _)| state == "queued")
            .map_or(0, |(_, n)| n);
        assert_eq!(queued, 1, "the removed delivery's job went with it");
    }
}

#[tokio::test]
async fn a_draft_needs_no_profile_and_limits_are_cached_per_profile() {
    for db in testing::all().await.unwrap() {
        let t = team(&db).await;
        let new = NewPost {
            status: PostStatus::Draft,
            ..NewPost::text(t.workspace, t.author, "half a thought", 0, &[])
        };
        let post = posts::create(&db, new, 0).await.unwrap();
        assert!(post.deliveries.is_empty());
        assert_eq!(post.life, PostLife::Draft);

        let limits = sangam_domain::MediaLimits {
            max_images: 4,
            max_image_bytes: 8_000_000,
        };
        assert_eq!(
            media::cached_limits(&db, t.profiles[0], 0).await.unwrap(),
            None
        );
        media::store_limits(&db, t.profiles[0], limits, 100)
            .await
            .unwrap();
        media::store_limits(&db, t.profiles[0], limits, 200)
            .await
            .unwrap();
        assert_eq!(
            media::cached_limits(&db, t.profiles[0], 150).await.unwrap(),
            Some(limits)
        );
        assert_eq!(
            media::cached_limits(&db, t.profiles[0], 250).await.unwrap(),
            None,
            "older than asked for"
        );
    }
}
