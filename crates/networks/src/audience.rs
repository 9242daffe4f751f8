//! What a network says about the people who engage with a profile: the accounts behind a post's likes, reposts and
//! quotes, the profile's followers, and those accounts' own profiles (bio, follower count). The [`crate::Network`]
//! methods that answer these default to "not reported" (`Ok(None)`), which a network without such lists keeps.

use sangam_domain::Millis;

/// Which list of a post's engagers to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Reaction {
    Like,
    Repost,
    Quote,
}

impl Reaction {
    pub const ALL: [Reaction; 3] = [Reaction::Like, Reaction::Repost, Reaction::Quote];
}

/// One account in a list the network gave.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Member {
    /// The account's handle as the inbox writes it, so the same person is one engager whether they liked or replied.
    pub handle: String,
    pub name: String,
    /// The account's bio, when the list carries it (Mastodon's accounts do; Bluesky's need a profile lookup).
    pub bio: Option<String>,
    pub followers: Option<i64>,
    /// When it happened, where the network says (a like's `createdAt`, a quote's time).
    pub at: Option<Millis>,
    /// The engager's own post, for a quote: its remote id and text.
    pub own_post: Option<(String, String)>,
}

/// One page of a list. `next_cursor` is `None` at the end.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MemberPage {
    pub members: Vec<Member>,
    pub next_cursor: Option<String>,
}

/// An account's profile as the network describes it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccountProfile {
    pub handle: String,
    pub name: String,
    pub bio: Option<String>,
    pub followers: Option<i64>,
}

/// The most accounts one profile lookup asks about (Bluesky's `getProfiles` takes 25).
pub const PROFILES_PER_CALL: usize = 25;
