//! What the exactly-once tests of the networks without idempotency share: one post through the real publisher.

use sangam_domain::{DeliveryState, NetworkKind, Role, now_millis};
use sangam_engine::Networks;
use sangam_engine::publisher::{Next, Publisher};
use sangam_networks::Network;
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, workspaces};
use std::sync::Arc;

/// One post for one profile on `kind`'s network (reached through `connector`, holding `credentials`), stepped by the
/// publisher as the job runner would, when the network's first answer is lost: the first step leaves the delivery
/// `unknown`, the second asks the network before sending anything and settles, a late duplicate job sends nothing.
/// Returns where the delivery ended and its remote id.
pub async fn publish_after_a_lost_answer(
    db: &Db,
    kind: NetworkKind,
    credentials: serde_json::Value,
    connector: Arc<dyn Network>,
    text: &str,
    email: &str,
) -> (DeliveryState, Option<String>) {
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
    let ws = workspaces::create(db, "Team", 0).await.unwrap();
    let admin = users::create(
        db,
        NewUser {
            workspace_id: ws.id,
            email,
            name: "Admin",
            password_hash: "x",
            role: Role::Admin,
        },
        0,
    )
    .await
    .unwrap()
    .id;
    let profile = profiles::create(
        db,
        &secrets,
        NewProfile {
            workspace_id: ws.id,
            network: kind,
            handle: "acme",
            display_name: "Acme",
            credentials: &credentials,
        },
        0,
    )
    .await
    .unwrap();
    let networks = Networks::default().with(connector);
    let now = now_millis();
    let ids = [profile.id];
    let post = posts::create(db, NewPost::text(ws.id, admin, text, now, &ids), now)
        .await
        .unwrap();
    let delivery = post.deliveries[0].id;
    let publisher = Publisher {
        db,
        secrets: &secrets,
        networks: &networks,
    };
    // The send gets no answer: the delivery is unknown, and the job will come back.
    let first = publisher.step(delivery, false).await.unwrap();
    assert!(matches!(first, Next::Retry { .. }), "{first:?}");
    assert_eq!(
        posts::delivery(db, delivery).await.unwrap().state,
        DeliveryState::Unknown
    );
    // The job comes back: the publisher asks the network before sending anything, then settles.
    assert_eq!(publisher.step(delivery, false).await.unwrap(), Next::Done);
    // A late duplicate job finds it done and sends nothing.
    assert_eq!(publisher.step(delivery, false).await.unwrap(), Next::Done);
    let d = posts::delivery(db, delivery).await.unwrap();
    (d.state, d.remote_id)
}
