//! The audience on Mastodon: who favourited or boosted a status (`GET /api/v1/statuses/:id/favourited_by`,
//! `reblogged_by`) and the profile's followers (`GET /api/v1/accounts/:id/followers`), paged by the `Link` header's
//! `rel="next"` (`max_id`). Accounts carry their bio (`note`, HTML) and follower count, so no lookup is needed.
//! Quotes are not listed here: they reach Sangam through the inbox.

use super::api::{Api, read_json};
use super::{Mastodon, html};
use crate::audience::{Member, MemberPage, Reaction};
use crate::{Account, NetworkError, http};
use reqwest::Method;
use serde::Deserialize;

/// Accounts per page asked for (Mastodon's maximum is 80).
const PAGE: &str = "80";

#[derive(Debug, Deserialize)]
struct Listed {
    acct: String,
    #[serde(default)]
    username: String,
    #[serde(default)]
    display_name: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    followers_count: Option<i64>,
}

impl From<Listed> for Member {
    fn from(a: Listed) -> Member {
        let bio = html::to_text(&a.note);
        Member {
            // As the inbox writes authors, so a person who replied and favourited is one engager.
            handle: format!("@{}", a.acct),
            name: if a.display_name.is_empty() {
                a.username
            } else {
                a.display_name
            },
            bio: (!bio.trim().is_empty()).then_some(bio),
            followers: a.followers_count,
            at: None,
            own_post: None,
        }
    }
}

async fn accounts(
    api: &Api<'_>,
    path: &str,
    cursor: Option<&str>,
) -> Result<MemberPage, NetworkError> {
    let mut query = vec![("limit", PAGE)];
    if let Some(c) = cursor {
        query.push(("max_id", c));
    }
    let req = api.request(Method::GET, path)?.query(&query);
    let response = api.send(req).await?;
    let link = response.headers().get(reqwest::header::LINK).cloned();
    let next_cursor =
        http::link(link.as_ref(), "next").and_then(|u| http::query_param(&u, "max_id"));
    let listed: Vec<Listed> = read_json(response).await?;
    Ok(MemberPage {
        members: listed.into_iter().map(Member::from).collect(),
        next_cursor,
    })
}

impl Mastodon {
    pub(super) async fn engagers_page(
        &self,
        account: &Account,
        status_id: &str,
        reaction: Reaction,
        cursor: Option<&str>,
    ) -> Result<Option<MemberPage>, NetworkError> {
        let list = match reaction {
            Reaction::Like => "favourited_by",
            Reaction::Repost => "reblogged_by",
            Reaction::Quote => return Ok(None),
        };
        // Status ids are digits; anything else is not one of ours and is not put into a path.
        if status_id.is_empty() || !status_id.bytes().all(|b| b.is_ascii_digit()) {
            return Ok(Some(MemberPage::default()));
        }
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let api = self.api(&base, Some(&creds.access_token));
        accounts(
            &api,
            &format!("/api/v1/statuses/{status_id}/{list}"),
            cursor,
        )
        .await
        .map(Some)
    }

    pub(super) async fn followers_page(
        &self,
        account: &Account,
        cursor: Option<&str>,
    ) -> Result<MemberPage, NetworkError> {
        let creds = Self::credentials(account)?;
        let base = self.base(&creds.instance)?;
        let api = self.api(&base, Some(&creds.access_token));
        let me = self.our_account_id(&api, &creds).await?;
        accounts(&api, &format!("/api/v1/accounts/{me}/followers"), cursor).await
    }
}
