//! The composer's "track links": each network's copy of the post gets the workspace's UTM parameters on its links
//! (source and medium per network, the campaign from the post's first tag), and, when asked, goes through Sangam's
//! own short links (`{public_url}/l/{code}`) so clicks are counted and attributed to the post, profile, network and
//! campaign.

use crate::AppState;
use crate::error::AppError;
use rand::Rng;
use sangam_domain::roi::{CODE_ALPHABET, CODE_LEN, Utm, links_in, rewrite_links, with_utm};
use sangam_domain::{NetworkKind, now_millis};
use sangam_store::links::{self, NewShortLink, UtmPreset};
use sangam_store::posts::Variant;
use sangam_store::profiles::Profile;
use sangam_store::users::User;

/// The longest destination a short link keeps.
const MAX_DESTINATION: usize = 2_000;

/// How the composer asked for links to be tracked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tracking {
    pub short_links: bool,
}

/// The post's text for each chosen network with tracked links, as variants (a variant the person wrote is
/// rewritten; a network without one gets the main text rewritten), and the short links made for them (to tie to the
/// post once it exists). Links already pointing at Sangam's short links are left alone.
pub async fn track(
    state: &AppState,
    user: &User,
    body: &str,
    variants: &[Variant],
    profiles: &[Profile],
    tags: &[String],
    tracking: Tracking,
) -> Result<(Vec<Variant>, Vec<i64>), AppError> {
    let presets = links::presets(&state.db, user.workspace_id).await?;
    let campaign = tags.first().map(String::as_str).unwrap_or("");
    let base = state.config.absolute("/l/");
    let mut networks: Vec<NetworkKind> = profiles.iter().map(|p| p.network).collect();
    networks.sort_by_key(|n| n.as_str());
    networks.dedup();
    let mut out: Vec<Variant> = variants
        .iter()
        .filter(|v| !networks.contains(&v.network))
        .cloned()
        .collect();
    let mut made = vec![];
    for network in networks {
        let text = variants
            .iter()
            .find(|v| v.network == network)
            .map_or(body, |v| v.body.as_str());
        if links_in(text).is_empty() {
            if let Some(v) = variants.iter().find(|v| v.network == network) {
                out.push(v.clone());
            }
            continue;
        }
        let preset = presets
            .iter()
            .find(|p| p.network == network.as_str())
            .cloned()
            .unwrap_or_else(|| UtmPreset::default_for(network));
        let utm = Utm {
            source: &preset.source,
            medium: &preset.medium,
            campaign,
        };
        let on_network: Vec<&Profile> = profiles.iter().filter(|p| p.network == network).collect();
        let profile_id = (on_network.len() == 1).then(|| on_network[0].id);
        let mut destinations = vec![];
        let tracked = rewrite_links(text, &base, |url| {
            let url = with_utm(url, &utm);
            destinations.push(url.clone());
            url
        });
        let text = if tracking.short_links {
            let mut codes = vec![];
            for destination in &destinations {
                if destination.len() > MAX_DESTINATION {
                    codes.push(None);
                    continue;
                }
                let code = new_code();
                let id = links::create(
                    &state.db,
                    NewShortLink {
                        workspace_id: user.workspace_id,
                        code: &code,
                        destination,
                        network: Some(network),
                        profile_id,
                        campaign,
                        created_by: Some(user.id),
                    },
                    now_millis(),
                )
                .await?;
                made.push(id);
                codes.push(Some(code));
            }
            let mut i = 0;
            rewrite_links(text, &base, |url| {
                let short = codes
                    .get(i)
                    .cloned()
                    .flatten()
                    .map_or_else(|| with_utm(url, &utm), |code| format!("{base}{code}"));
                i += 1;
                short
            })
        } else {
            tracked
        };
        out.push(Variant {
            network,
            body: text,
        });
    }
    Ok((out, made))
}

/// A fresh short-link code.
fn new_code() -> String {
    let mut rng = rand::rng();
    (0..CODE_LEN)
        .map(|_| CODE_ALPHABET[rng.random_range(0..CODE_ALPHABET.len())] as char)
        .collect()
}

/// The composer's input with tracked links when it asked for them (`track_links`, and `short_links` for Sangam's
/// own short links), and the short links made, to tie to the post with [`attach`].
pub async fn apply(
    state: &AppState,
    user: &User,
    mut input: crate::posts::actions::Compose,
    profiles: &[Profile],
) -> Result<(crate::posts::actions::Compose, Vec<i64>), AppError> {
    if !input.track_links || input.autosave {
        return Ok((input, vec![]));
    }
    let tags = crate::posts::actions::clean_tags(&input.tags);
    let (variants, made) = track(
        state,
        user,
        &input.text,
        &input.variants,
        profiles,
        &tags,
        Tracking {
            short_links: input.short_links,
        },
    )
    .await?;
    input.variants = variants;
    Ok((input, made))
}

/// Ties the short links made for a post to it, once it is stored.
pub async fn attach(
    state: &AppState,
    user: &User,
    made: &[i64],
    post_id: i64,
) -> Result<(), AppError> {
    if !made.is_empty() {
        links::attach_to_post(&state.db, user.workspace_id, made, post_id).await?;
    }
    Ok(())
}
