//! Composing, editing, scheduling, deleting and retrying posts.

use crate::AppState;
use crate::error::AppError;
use sangam_domain::ErrorCode;
use sangam_domain::post::ImageSize;
use sangam_domain::{
    MediaLimits, Millis, NetworkKind, Permission, Post as PostText, PostError, PostStatus,
    now_millis,
};
use sangam_networks::link_preview;
use sangam_store::posts::{self, Content, ImageRef, NewLink, NewPost, Post, PostEdit, Variant};
use sangam_store::profiles::Profile;
use sangam_store::users::User;
use sangam_store::{media, profiles, workspaces};

/// What the composer sends.
#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct Compose {
    /// The post's text.
    pub text: String,
    /// Profiles to publish to.
    pub profile_ids: Vec<i64>,
    /// When to publish (UTC milliseconds); absent means now.
    pub scheduled_at: Option<Millis>,
    /// Different text for some networks.
    #[serde(default)]
    pub variants: Vec<Variant>,
    /// Tags and campaigns, for reports.
    #[serde(default)]
    pub tags: Vec<String>,
    /// Images uploaded with `POST /api/v1/media`, to attach (with the alt text given at upload). Prefer `images`.
    #[serde(default)]
    pub media_ids: Vec<i64>,
    /// Images in the order they go out, each with its alt text (up to 4). On an edit, the post's images from now on;
    /// absent keeps them as they are.
    #[serde(default)]
    pub images: Option<Vec<ImageRef>>,
    /// The text's language (ISO 639-1, e.g. `hi`); absent or `auto`: detected from the text.
    #[serde(default)]
    #[schema(max_length = 4, example = "hi")]
    pub language: Option<String>,
    /// Shown before the text where the network has one (Mastodon); Bluesky has none.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub content_warning: Option<String>,
    /// Fetch a card for the first link of the text, for networks that take one from us (Bluesky). Default on.
    #[serde(default = "yes")]
    pub link_preview: bool,
    /// Saved by the composer's autosave: no link card is fetched (that waits for a real save).
    #[serde(skip)]
    pub autosave: bool,
    /// Keep it as a draft: it goes nowhere until submitted.
    #[serde(default)]
    pub draft: bool,
    /// Add to the queue: take the next free queue time of the (first) profile instead of `scheduled_at`.
    #[serde(default)]
    pub queue: bool,
    /// Add the workspace's UTM parameters to the links of each network's copy (`/links`).
    #[serde(default)]
    pub track_links: bool,
    /// With `track_links`: send the links through Sangam's short links, which count clicks.
    #[serde(default)]
    pub short_links: bool,
}

fn yes() -> bool {
    true
}

/// How long the composer waits for an instance to state its image limits.
const LIMITS_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

/// How long a network's stated image limits are trusted before asking again.
const LIMITS_FRESH_MS: i64 = 24 * 3_600_000;

/// What a profile's network takes in images, and, when Sangam had to assume, a sentence saying so.
pub async fn media_limits(state: &AppState, profile: &Profile) -> (MediaLimits, Option<String>) {
    match profile.network {
        NetworkKind::Mastodon => mastodon_limits(state, profile).await,
        other => (sangam_networks::media_limits::known(other), None),
    }
}

/// The instance's own limits, cached per profile for a day; Mastodon's documented defaults when it cannot be asked.
async fn mastodon_limits(state: &AppState, profile: &Profile) -> (MediaLimits, Option<String>) {
    let now = now_millis();
    if let Ok(Some(cached)) =
        media::cached_limits(&state.db, profile.id, now - LIMITS_FRESH_MS).await
    {
        return (cached, None);
    }
    let fallback = sangam_networks::mastodon::DEFAULT_MEDIA_LIMITS;
    let asked = async {
        let credentials = profiles::credentials(&state.db, &state.secrets, profile.id)
            .await
            .map_err(|e| e.to_string())?;
        let account = sangam_networks::Account {
            profile_id: profile.id,
            handle: profile.handle.clone(),
            credentials,
        };
        // The composer waits on this answer: a slow instance falls back to the defaults rather than hold it up.
        let http = sangam_networks::http::HttpConfig {
            timeout: LIMITS_TIMEOUT.min(state.config.network_http.timeout),
            connect_timeout: LIMITS_TIMEOUT.min(state.config.network_http.connect_timeout),
            ..state.config.network_http.clone()
        };
        let connector =
            sangam_networks::mastodon::Mastodon::new(http).map_err(|e| e.to_string())?;
        connector
            .media_limits(&account)
            .await
            .map_err(|e| e.to_string())
    };
    match asked.await {
        Ok(limits) => {
            if let Err(e) = media::store_limits(&state.db, profile.id, limits, now).await {
                tracing::warn!(profile = profile.id, error = %e, "caching the instance's image limits failed");
            }
            (limits, None)
        }
        Err(e) => {
            tracing::warn!(profile = profile.id, error = %e, "the instance did not state its image limits; using Mastodon's defaults");
            (
                fallback,
                Some(format!(
                    "The instance of @{} could not tell its image limits ({e}), so Mastodon's documented defaults were used: {} images, {} each.",
                    profile.handle,
                    fallback.max_images,
                    sangam_domain::post::human_bytes(fallback.max_image_bytes)
                )),
            )
        }
    }
}

/// Refuses, before anything is saved, images that one of the profiles' networks would not take.
pub async fn check_images(
    state: &AppState,
    profiles: &[Profile],
    sizes: &[usize],
) -> Result<(), AppError> {
    let images: Vec<ImageSize> = sizes
        .iter()
        .enumerate()
        .map(|(i, bytes)| ImageSize {
            position: i + 1,
            bytes: *bytes,
        })
        .collect();
    if images.is_empty() {
        return Ok(());
    }
    for profile in profiles {
        let (limits, assumed) = media_limits(state, profile).await;
        if let Err(e) = limits.check(profile.network, &images) {
            let refusal = AppError::from(e);
            return Err(match assumed {
                Some(assumed) => refusal.with("assumed", format!(" {assumed}")),
                None => refusal,
            });
        }
    }
    Ok(())
}

/// The language to store: the one the author chose, or the one detected in the text (none when undetermined).
fn language_for(
    state: &AppState,
    chosen: Option<&str>,
    text: &str,
) -> Result<Option<String>, AppError> {
    match chosen
        .map(str::trim)
        .filter(|l| !l.is_empty() && *l != "auto")
    {
        Some(code) => {
            let valid =
                (2..=3).contains(&code.len()) && code.chars().all(|c| c.is_ascii_lowercase());
            if !valid {
                return Err(AppError::refuse(ErrorCode::PostLanguageInvalid));
            }
            Ok(Some(code.to_string()))
        }
        None if text.trim().is_empty() => Ok(None),
        None => Ok(Some(state.text.analyze(text).lang).filter(|l| l != "und")),
    }
}

/// The card for the text's first link: kept from the saved post when the link is unchanged, fetched otherwise (not
/// while autosaving). A link whose page cannot be read is stored with the reason, which the post page shows.
async fn link_for(
    state: &AppState,
    texts: &[&str],
    input: &Compose,
    saved: Option<&Post>,
) -> Option<NewLink> {
    if !input.link_preview {
        return None;
    }
    let url = texts.iter().find_map(|t| link_preview::first_url(t))?;
    if let Some(saved) = saved
        && let Some(card) = &saved.link_card
        && card.url == url
    {
        let thumb = media::link_thumb(&state.db, saved.workspace_id, saved.id)
            .await
            .ok();
        return Some(NewLink {
            url,
            title: card.title.clone(),
            description: card.description.clone(),
            thumb: thumb.map(|(mime, bytes)| (bytes, mime)),
            problem: card.problem.clone(),
        });
    }
    if input.autosave {
        return saved
            .and_then(|s| s.link_card.as_ref())
            .map(|card| NewLink {
                url: card.url.clone(),
                title: card.title.clone(),
                description: card.description.clone(),
                thumb: None,
                problem: card.problem.clone(),
            })
            .filter(|l| l.url == url);
    }
    Some(
        match link_preview::fetch(&url, &state.config.network_http).await {
            Ok(card) => NewLink {
                url,
                title: card.title,
                description: card.description,
                thumb: card.thumb.map(|t| (t.bytes, t.mime)),
                problem: None,
            },
            Err(problem) => NewLink {
                url,
                problem: Some(problem),
                ..NewLink::default()
            },
        },
    )
}

/// The images the post will hold, in order (those named only by id first, with the alt text they were uploaded
/// with), each checked to be the workspace's and free or already this post's; and their sizes.
async fn images_of(
    state: &AppState,
    user: &User,
    input: &Compose,
    saved: Option<&Post>,
) -> Result<(Vec<ImageRef>, Vec<usize>), AppError> {
    let mut wanted: Vec<(i64, Option<String>)> =
        input.media_ids.iter().map(|id| (*id, None)).collect();
    match &input.images {
        Some(images) => wanted.extend(images.iter().map(|i| (i.media_id, Some(i.alt.clone())))),
        None => wanted.extend(
            saved
                .iter()
                .flat_map(|p| p.media.iter())
                .map(|m| (m.id, Some(m.alt.clone()))),
        ),
    }
    let ids: Vec<i64> = wanted.iter().map(|(id, _)| *id).collect();
    let known = media::sizes(&state.db, user.workspace_id, &ids).await?;
    let mut refs = Vec::new();
    let mut sizes = Vec::new();
    for (index, (media_id, alt)) in wanted.into_iter().enumerate() {
        let place = index + 1;
        let Some(found) = known.iter().find(|m| m.id == media_id) else {
            return Err(AppError::refuse(ErrorCode::ImageNotFound).with("place", place));
        };
        if found.post_id.is_some() && found.post_id != saved.map(|p| p.id) {
            return Err(AppError::refuse(ErrorCode::ImageInUse).with("place", place));
        }
        let alt = alt.unwrap_or_else(|| found.alt.clone()).trim().to_string();
        if alt.chars().count() > crate::media::actions::MAX_ALT_CHARS {
            return Err(AppError::refuse(ErrorCode::ImageAltTooLong)
                .with("case", "post")
                .with("place", place)
                .with("max", crate::media::actions::MAX_ALT_CHARS));
        }
        sizes.push(usize::try_from(found.size).unwrap_or(usize::MAX));
        refs.push(ImageRef { media_id, alt });
    }
    if refs
        .iter()
        .enumerate()
        .any(|(i, r)| refs[..i].iter().any(|o| o.media_id == r.media_id))
    {
        return Err(AppError::refuse(ErrorCode::ImageRepeated));
    }
    Ok((refs, sizes))
}

/// A post has at most one version of its text per network: two would leave which one goes out to chance.
fn one_version_per_network(variants: &[Variant]) -> Result<(), AppError> {
    for (i, v) in variants.iter().enumerate() {
        if variants[..i]
            .iter()
            .any(|earlier| earlier.network == v.network)
        {
            return Err(AppError::refuse(ErrorCode::PostVariantRepeated).with("network", v.network));
        }
    }
    Ok(())
}

/// Checks each network's text (its variant, or the post's text) against that network's limit.
fn validate(
    text: &str,
    variants: &[Variant],
    networks: &[NetworkKind],
) -> Result<(String, Vec<Variant>), AppError> {
    let variants: Vec<Variant> = variants
        .iter()
        .filter(|v| !v.body.trim().is_empty() && networks.contains(&v.network))
        .map(|v| Variant {
            network: v.network,
            body: v.body.trim().to_string(),
        })
        .collect();
    let plain: Vec<NetworkKind> = networks
        .iter()
        .copied()
        .filter(|n| !variants.iter().any(|v| v.network == *n))
        .collect();
    let body = if plain.is_empty() && text.trim().is_empty() {
        // Every network has its own variant; the main text may be left empty.
        variants.first().map(|v| v.body.clone()).unwrap_or_default()
    } else {
        PostText::validate(text, if plain.is_empty() { networks } else { &plain })?.text
    };
    for v in &variants {
        PostText::validate(&v.body, &[v.network])?;
    }
    Ok((body, variants))
}

/// Tags are short, lower-case words; `#` is dropped; duplicates are folded.
pub fn clean_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = tags
        .iter()
        .flat_map(|t| t.split(','))
        .map(|t| t.trim().trim_start_matches('#').to_lowercase())
        .filter(|t| !t.is_empty() && t.chars().count() <= 40)
        .collect();
    out.sort();
    out.dedup();
    out
}

/// The status a new or resubmitted post gets: a draft stays a draft; otherwise it waits for approval when the
/// workspace says the author's role needs it, and is approved at once when not.
pub(crate) async fn status_for(
    state: &AppState,
    user: &User,
    draft: bool,
) -> Result<PostStatus, AppError> {
    if draft {
        return Ok(PostStatus::Draft);
    }
    let ws = workspaces::get(&state.db, user.workspace_id).await?;
    Ok(if ws.needs_approval(user.role) {
        PostStatus::PendingApproval
    } else {
        PostStatus::Approved
    })
}

/// The workspace's profiles among `ids` (sorted, without repeats).
async fn chosen_profiles(
    state: &AppState,
    user: &User,
    ids: &[i64],
) -> Result<Vec<Profile>, AppError> {
    let mut ids = ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    let mut out = Vec::new();
    for id in ids {
        out.push(profiles::get(&state.db, user.workspace_id, id).await?);
    }
    Ok(out)
}

/// Text, variants, content and images, checked against every chosen network before anything is saved. A draft may
/// be saved with no profile (and, then, with no text limits to meet); its deliveries are made when profiles are
/// chosen.
pub(crate) async fn checked_content(
    state: &AppState,
    user: &User,
    input: &Compose,
    profiles: &[Profile],
    saved: Option<&Post>,
) -> Result<(String, Vec<Variant>, Content), AppError> {
    let networks: Vec<NetworkKind> = profiles.iter().map(|p| p.network).collect();
    one_version_per_network(&input.variants)?;
    let (body, variants) = if input.draft && (input.text.trim().is_empty() || networks.is_empty()) {
        let kept = input
            .variants
            .iter()
            .filter(|v| !v.body.trim().is_empty())
            .cloned()
            .collect();
        (input.text.trim().to_string(), kept)
    } else {
        validate(&input.text, &input.variants, &networks)?
    };
    if networks.is_empty() && !input.draft {
        return Err(PostError::NoProfiles.into());
    }
    let (images, sizes) = images_of(state, user, input, saved).await?;
    check_images(state, profiles, &sizes).await?;
    let warning = input
        .content_warning
        .as_deref()
        .unwrap_or_default()
        .trim()
        .to_string();
    if warning.chars().count() > MAX_WARNING_CHARS {
        return Err(AppError::refuse(ErrorCode::PostWarningTooLong).with("max", MAX_WARNING_CHARS));
    }
    let texts: Vec<&str> = std::iter::once(body.as_str())
        .chain(variants.iter().map(|v| v.body.as_str()))
        .collect();
    let content = Content {
        language: language_for(state, input.language.as_deref(), &body)?,
        content_warning: warning,
        link: link_for(state, &texts, input, saved).await,
        images,
    };
    Ok((body, variants, content))
}

/// Mastodon's limit on spoiler text is the status limit; a warning is a line, not a post.
const MAX_WARNING_CHARS: usize = 200;

/// Validates and stores the post with one delivery per profile.
pub async fn compose(state: &AppState, user: &User, input: Compose) -> Result<Post, AppError> {
    let chosen = chosen_profiles(state, user, &input.profile_ids).await?;
    let ids: Vec<i64> = chosen.iter().map(|p| p.id).collect();
    let (input, tracked) = crate::links::compose::apply(state, user, input, &chosen).await?;
    let (body, variants, content) = checked_content(state, user, &input, &chosen, None).await?;
    let now = now_millis();
    let scheduled_at = if input.queue && !ids.is_empty() {
        crate::queue::actions::next_time(state, user, &ids).await?
    } else {
        crate::input::check_time("scheduled_at", input.scheduled_at.unwrap_or(now))?
    };
    if scheduled_at < now - 60_000 && !input.draft {
        return Err(AppError::refuse(ErrorCode::PostScheduledInPast).with("case", "compose"));
    }
    let status = status_for(state, user, input.draft).await?;
    let tags = clean_tags(&input.tags);
    let new = NewPost {
        workspace_id: user.workspace_id,
        author_id: user.id,
        body: &body,
        scheduled_at,
        profile_ids: &ids,
        status,
        variants: &variants,
        tags: &tags,
        media_ids: &[],
        content,
    };
    let post = posts::create(&state.db, new, now).await?;
    crate::links::compose::attach(state, user, &tracked, post.id).await?;
    let action = match status {
        PostStatus::Draft => "drafted",
        PostStatus::PendingApproval => "submitted",
        _ if scheduled_at > now + 60_000 => "scheduled",
        _ => "published_now",
    };
    crate::audit::log(state, user, action, "post", Some(post.id), "").await;
    if status == PostStatus::PendingApproval {
        crate::approvals::actions::submitted(state, user, &post).await?;
    }
    Ok(post)
}

/// The post, if `user` may change it: its author, or an Admin or Manager, and only before any of it has gone out.
pub async fn editable(state: &AppState, user: &User, id: i64) -> Result<Post, AppError> {
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    if post.author_id != user.id && !user.role.can(Permission::ChangeOthersPosts) {
        return Err(AppError::Forbidden);
    }
    if post.life.has_gone_out()
        || post
            .deliveries
            .iter()
            .any(|d| d.state != sangam_domain::DeliveryState::Scheduled)
    {
        return Err(AppError::refuse(ErrorCode::PostAlreadySent));
    }
    Ok(post)
}

/// Saves changes to a post not yet sent. Unless kept as a draft, it is (re)submitted: it needs approval again
/// where the workspace says so, since approvers approved the old text. Profiles given replace the post's (a draft
/// autosaved before any was picked gets its deliveries here).
pub async fn edit(
    state: &AppState,
    user: &User,
    id: i64,
    input: Compose,
) -> Result<Post, AppError> {
    let post = editable(state, user, id).await?;
    let profile_ids: Vec<i64> = if input.profile_ids.is_empty() {
        post.deliveries.iter().map(|d| d.profile_id).collect()
    } else {
        input.profile_ids.clone()
    };
    let chosen = chosen_profiles(state, user, &profile_ids).await?;
    let ids: Vec<i64> = chosen.iter().map(|p| p.id).collect();
    let (input, tracked) = crate::links::compose::apply(state, user, input, &chosen).await?;
    crate::links::compose::attach(state, user, &tracked, id).await?;
    let (body, variants, content) =
        checked_content(state, user, &input, &chosen, Some(&post)).await?;
    let status = status_for(state, user, input.draft).await?;
    let tags = clean_tags(&input.tags);
    let now = now_millis();
    let scheduled_at = if input.queue && !ids.is_empty() {
        crate::queue::actions::next_time(state, user, &ids).await?
    } else {
        crate::input::check_time(
            "scheduled_at",
            input.scheduled_at.unwrap_or(post.scheduled_at.max(now)),
        )?
    };
    let edit = PostEdit {
        body: &body,
        variants: &variants,
        tags: &tags,
        scheduled_at,
        status,
        content,
        profile_ids: Some(&ids),
    };
    posts::edit(&state.db, user.workspace_id, id, edit, now).await?;
    if !input.autosave {
        crate::audit::log(state, user, "edited", "post", Some(id), status.as_str()).await;
    }
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    if status == PostStatus::PendingApproval {
        crate::approvals::actions::submitted(state, user, &post).await?;
    }
    Ok(post)
}

/// Moves a post to another time (the calendar's drag and drop, or its keyboard alternative).
pub async fn reschedule(
    state: &AppState,
    user: &User,
    id: i64,
    at: Millis,
) -> Result<Post, AppError> {
    editable(state, user, id).await?;
    crate::input::check_time("at", at)?;
    if at < now_millis() - 60_000 {
        return Err(AppError::refuse(ErrorCode::PostScheduledInPast).with("case", "reschedule"));
    }
    posts::reschedule(&state.db, user.workspace_id, id, at, now_millis()).await?;
    crate::audit::log(
        state,
        user,
        "rescheduled",
        "post",
        Some(id),
        &crate::time_fmt::iso(at),
    )
    .await;
    Ok(posts::get(&state.db, user.workspace_id, id).await?)
}

/// Deletes a post not yet sent everywhere; its waiting deliveries are cancelled and never reach a network.
pub async fn delete(state: &AppState, user: &User, id: i64) -> Result<(), AppError> {
    let post = posts::get(&state.db, user.workspace_id, id).await?;
    if post.author_id != user.id && !user.role.can(Permission::ChangeOthersPosts) {
        return Err(AppError::Forbidden);
    }
    posts::delete(&state.db, user.workspace_id, id, now_millis()).await?;
    crate::audit::log(state, user, "deleted", "post", Some(id), "").await;
    Ok(())
}

/// The delivery, checked to belong to the person's workspace.
async fn own_delivery(state: &AppState, user: &User, id: i64) -> Result<posts::Delivery, AppError> {
    let delivery = posts::delivery(&state.db, id).await?;
    posts::get(&state.db, user.workspace_id, delivery.post_id).await?;
    Ok(delivery)
}

/// Sends a failed delivery again (same idempotency key). Only failed deliveries can be retried.
pub async fn retry(state: &AppState, user: &User, delivery_id: i64) -> Result<(), AppError> {
    let delivery = own_delivery(state, user, delivery_id).await?;
    if !delivery.state.can_retry() {
        return Err(AppError::refuse(ErrorCode::DeliveryNotRetryable).with("state", delivery.state));
    }
    let now = now_millis();
    if !posts::retry(&state.db, delivery_id, now, now).await? {
        return Err(AppError::Conflict(
            "The delivery changed meanwhile; reload to see its state.".into(),
        ));
    }
    crate::audit::log(state, user, "retried", "delivery", Some(delivery_id), "").await;
    Ok(())
}

/// "Check the network": asks the network what became of an `unknown` delivery before anything is sent again.
pub async fn reconcile(state: &AppState, user: &User, delivery_id: i64) -> Result<(), AppError> {
    let delivery = own_delivery(state, user, delivery_id).await?;
    if !posts::request_reconcile(&state.db, delivery.id, now_millis()).await? {
        return Err(AppError::refuse(ErrorCode::DeliveryNotUnknown).with("state", delivery.state));
    }
    crate::audit::log(
        state,
        user,
        "reconcile_requested",
        "delivery",
        Some(delivery_id),
        "",
    )
    .await;
    Ok(())
}

/// What one delivery carries (or will carry) to its network, and what it cannot, with the reason: the post page and
/// the composer tell the truth per network from this, so nobody believes a network got what it has no room for.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Plan {
    pub network: NetworkKind,
    pub text: String,
    pub images: Vec<PlannedImage>,
    pub language: Option<String>,
    /// The content warning, when the post has one, and whether this network shows it.
    pub content_warning: Option<Planned>,
    /// The link card, when the text has a link.
    pub link_card: Option<PlannedCard>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct Planned {
    pub value: String,
    /// Whether it goes to the network.
    pub sent: bool,
    /// Why not, or what the network does instead: a message code (`plan-...`) the pages translate.
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PlannedImage {
    pub media_id: i64,
    pub alt: String,
    pub size: i64,
    pub sent: bool,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, utoipa::ToSchema)]
pub struct PlannedCard {
    pub url: String,
    pub title: String,
    pub description: String,
    pub sent: bool,
    pub note: Option<String>,
    /// Why no card could be made from the link, in the words of the fetch.
    pub problem: Option<String>,
}

/// The networks' own rules, applied to the post (image sizes against the limits known without asking the network;
/// a Mastodon instance's own limits were checked when the post was saved).
pub fn plan(post: &Post, network: NetworkKind) -> Plan {
    let limits = sangam_networks::media_limits::known(network);
    let images: Vec<PlannedImage> = post
        .media
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let too_many = i >= limits.max_images;
            let too_large = usize::try_from(m.size).unwrap_or(usize::MAX) > limits.max_image_bytes;
            PlannedImage {
                media_id: m.id,
                alt: m.alt.clone(),
                size: m.size,
                sent: !too_many && !too_large,
                note: if too_many {
                    Some("plan-image-too-many".into())
                } else if too_large {
                    Some("plan-image-too-large".into())
                } else if m.alt.trim().is_empty() {
                    Some("plan-image-no-alt".into())
                } else {
                    None
                },
            }
        })
        .collect();
    let content_warning = Some(post.content_warning.clone())
        .filter(|w| !w.is_empty())
        .map(|value| {
            let shown = network != NetworkKind::Bluesky;
            Planned {
                value,
                sent: shown,
                note: (!shown).then(|| "plan-warning-bluesky".to_string()),
            }
        });
    let link_card = post.link_card.as_ref().map(|card| {
        let (sent, note) = if !card.is_usable() {
            (false, Some("plan-card-problem"))
        } else {
            match network {
                NetworkKind::Mastodon => (false, Some("plan-card-mastodon")),
                NetworkKind::Bluesky if !post.media.is_empty() => {
                    (false, Some("plan-card-images-win"))
                }
                _ => (true, None),
            }
        };
        PlannedCard {
            url: card.url.clone(),
            title: card.title.clone(),
            description: card.description.clone(),
            sent,
            note: note.map(str::to_string),
            problem: card.problem.clone(),
        }
    });
    Plan {
        network,
        text: post.text_for(network).to_string(),
        images,
        language: post.language.clone(),
        content_warning,
        link_card,
    }
}
