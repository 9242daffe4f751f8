//! The audience on Bluesky: a post's likers (`app.bsky.feed.getLikes`), reposters (`getRepostedBy`) and quotes
//! (`getQuotes`), the profile's followers (`app.bsky.graph.getFollowers`) and accounts' profiles
//! (`app.bsky.actor.getProfiles`, bios and follower counts). Each call goes through the same session, budgets and
//! rate-limit handling as the rest of the connector.

use super::xrpc::{Body, CallError};
use super::{Bluesky, parse_time};
use crate::audience::{AccountProfile, Member, MemberPage, PROFILES_PER_CALL, Reaction};
use crate::{Account, NetworkError};
use reqwest::Method;

/// Accounts per page asked for (the AppView's maximum is 100).
const PAGE: &str = "100";

fn member(actor: &serde_json::Value) -> Option<Member> {
    let handle = actor["handle"].as_str()?.to_string();
    Some(Member {
        name: actor["displayName"]
            .as_str()
            .filter(|s| !s.is_empty())
            .unwrap_or(&handle)
            .to_string(),
        bio: actor["description"].as_str().map(str::to_string),
        followers: actor["followersCount"].as_i64(),
        handle,
        at: None,
        own_post: None,
    })
}

fn cursor_of(answer: &serde_json::Value) -> Option<String> {
    answer["cursor"]
        .as_str()
        .filter(|c| !c.is_empty())
        .map(str::to_string)
}

impl Bluesky {
    async fn list(
        &self,
        account: &Account,
        nsid: &str,
        query: &[(&str, &str)],
    ) -> Result<serde_json::Value, NetworkError> {
        let (answer, _): (serde_json::Value, _) = self
            .call(account, Method::GET, nsid, query, || Body::None)
            .await
            .map_err(CallError::into_network)?;
        Ok(answer)
    }

    pub(super) async fn engagers_page(
        &self,
        account: &Account,
        uri: &str,
        reaction: Reaction,
        cursor: Option<&str>,
    ) -> Result<MemberPage, NetworkError> {
        let mut query = vec![("uri", uri), ("limit", PAGE)];
        if let Some(c) = cursor {
            query.push(("cursor", c));
        }
        let (nsid, items) = match reaction {
            Reaction::Like => ("app.bsky.feed.getLikes", "likes"),
            Reaction::Repost => ("app.bsky.feed.getRepostedBy", "repostedBy"),
            Reaction::Quote => ("app.bsky.feed.getQuotes", "posts"),
        };
        let answer = self.list(account, nsid, &query).await?;
        let members = answer[items]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|item| match reaction {
                // A like carries the actor and when it was made.
                Reaction::Like => member(&item["actor"]).map(|m| Member {
                    at: item["createdAt"]
                        .as_str()
                        .or_else(|| item["indexedAt"].as_str())
                        .and_then(parse_time),
                    ..m
                }),
                // Reposters are plain profiles, without a time.
                Reaction::Repost => member(item),
                // A quote is the quoting post: its author, its time, its text.
                Reaction::Quote => member(&item["author"]).map(|m| Member {
                    at: item["record"]["createdAt"]
                        .as_str()
                        .or_else(|| item["indexedAt"].as_str())
                        .and_then(parse_time),
                    own_post: item["uri"].as_str().map(|u| {
                        (
                            u.to_string(),
                            item["record"]["text"]
                                .as_str()
                                .unwrap_or_default()
                                .to_string(),
                        )
                    }),
                    ..m
                }),
            })
            .collect();
        Ok(MemberPage {
            members,
            next_cursor: cursor_of(&answer),
        })
    }

    pub(super) async fn followers_page(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<MemberPage, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.service)?;
        let session = self.session(account, &base, &creds, None).await?;
        let mut query = vec![("actor", session.did.as_str()), ("limit", PAGE)];
        if let Some(c) = cursor {
            query.push(("cursor", c));
        }
        let answer = self
            .list(account, "app.bsky.graph.getFollowers", &query)
            .await?;
        Ok(MemberPage {
            members: answer["followers"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(member)
                .collect(),
            next_cursor: cursor_of(&answer),
        })
    }

    pub(super) async fn profiles_of(
        &self,
        account: &Account,
        handles: &[String],
    ) -> Result<Vec<AccountProfile>, NetworkError> {
        let mut found = Vec::new();
        for chunk in handles.chunks(PROFILES_PER_CALL) {
            let query: Vec<(&str, &str)> = chunk.iter().map(|h| ("actors", h.as_str())).collect();
            let answer = self
                .list(account, "app.bsky.actor.getProfiles", &query)
                .await?;
            found.extend(
                answer["profiles"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .filter_map(member)
                    .map(|m| AccountProfile {
                        handle: m.handle,
                        name: m.name,
                        bio: m.bio,
                        followers: m.followers,
                    }),
            );
        }
        Ok(found)
    }
}
