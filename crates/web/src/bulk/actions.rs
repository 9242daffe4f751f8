//! Checking a bulk upload row by row and creating its good rows. Each row goes through the composer's own checks
//! (`posts::actions::checked_content`: each network's text limit, variants, images against each network's limits,
//! language) and its approval rule (`status_for`: a Member's posts wait for approval where the workspace says so);
//! a row with no time takes its first profile's next free queue time, rows of one upload never sharing one. The good
//! rows are written in one transaction (`posts::create_all`); each bad row is named by its line, with a code and a
//! sentence.

use super::sheet::{Column, Row};
use crate::AppState;
use crate::error::AppError;
use crate::i18n::Tr;
use crate::posts::actions::{Compose, check_images, checked_content, clean_tags, status_for};
use jiff::tz::TimeZone;
use sangam_domain::{ErrorCode, Millis, PostError, PostStatus, now_millis};
use sangam_store::posts::{self, Content, ImageRef, NewPost, Variant};
use sangam_store::profiles::{self, Profile};
use sangam_store::users::User;
use sangam_store::{media, queue};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// A row that cannot be scheduled, and why.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct BadRow {
    /// The line of the file the row starts on (the header is line 1).
    pub line: u64,
    pub error: ErrorCode,
    /// The reason, as a sentence.
    pub message: String,
}

/// A row that passed every check: what will be (or was) scheduled.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct GoodRow {
    pub line: u64,
    pub text: String,
    /// The profiles' handles.
    pub profiles: Vec<String>,
    /// UTC milliseconds.
    pub scheduled_at: Millis,
    /// `approved`, or `pending_approval` where the workspace has the author's posts approved first.
    pub status: String,
    pub tags: Vec<String>,
    pub images: usize,
    /// The post made from the row; absent on a dry run.
    pub post_id: Option<i64>,
}

/// What an upload came to.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema)]
pub struct Outcome {
    /// Nothing was stored: the rows were only checked.
    pub dry_run: bool,
    pub rows: usize,
    pub good: Vec<GoodRow>,
    pub bad: Vec<BadRow>,
    /// Posts created (0 on a dry run).
    pub created: usize,
}

/// How to read the rows.
pub struct Options<'a> {
    /// The zone of rows that name none.
    pub zone: &'a str,
    /// Images uploaded with the rows (file name, media id), for rows that name an image by its file name.
    pub uploaded: &'a [(String, i64)],
    pub dry_run: bool,
}

/// Checks every row and, unless it is a dry run, creates the good ones in one transaction.
pub async fn schedule(
    state: &AppState,
    user: &User,
    rows: &[Row],
    options: Options<'_>,
    tr: &Tr,
) -> Result<Outcome, AppError> {
    let zone = TimeZone::get(options.zone.trim()).map_err(|_| zone_unknown(options.zone))?;
    let mut book = Book {
        state,
        user,
        profiles: profiles::list(&state.db, user.workspace_id).await?,
        zone,
        uploaded: options.uploaded,
        used_uploads: BTreeSet::new(),
        queue: BTreeMap::new(),
        dry_run: options.dry_run,
        now: now_millis(),
        status: status_for(state, user, false).await?,
    };
    let mut ready = Vec::new();
    let mut bad = Vec::new();
    for row in rows {
        match book.check(row).await {
            Ok(r) => ready.push(r),
            Err(e @ (AppError::Invalid { .. } | AppError::NotFound(_))) => bad.push(BadRow {
                line: row.line,
                error: e.code(),
                message: e.message_in(tr),
            }),
            Err(other) => return Err(other),
        }
    }
    let mut good: Vec<GoodRow> = ready.iter().map(|r| r.summary(book.status)).collect();
    let mut created = 0;
    if !options.dry_run && !ready.is_empty() {
        let new: Vec<NewPost<'_>> = ready
            .iter()
            .map(|r| r.new_post(user, book.status))
            .collect();
        let ids = posts::create_all(&state.db, &new, book.now).await?;
        created = ids.len();
        for (row, id) in good.iter_mut().zip(&ids) {
            row.post_id = Some(*id);
            after_create(state, user, *id, book.status, row.scheduled_at, book.now).await?;
        }
    }
    Ok(Outcome {
        dry_run: options.dry_run,
        rows: rows.len(),
        good,
        bad,
        created,
    })
}

/// What the composer does once a post is stored: the audit line, and the approvers told when it waits for them.
async fn after_create(
    state: &AppState,
    user: &User,
    id: i64,
    status: PostStatus,
    at: Millis,
    now: Millis,
) -> Result<(), AppError> {
    let action = match status {
        PostStatus::PendingApproval => "submitted",
        _ if at > now + 60_000 => "scheduled",
        _ => "published_now",
    };
    crate::audit::log(state, user, action, "post", Some(id), "bulk").await;
    if status == PostStatus::PendingApproval {
        let post = posts::get(&state.db, user.workspace_id, id).await?;
        crate::approvals::actions::submitted(state, user, &post).await?;
    }
    Ok(())
}

fn zone_unknown(zone: &str) -> AppError {
    AppError::refuse(ErrorCode::BulkZoneUnknown).with("zone", zone.trim())
}

/// A row ready to become a post.
struct Ready {
    body: String,
    variants: Vec<Variant>,
    tags: Vec<String>,
    content: Content,
    profile_ids: Vec<i64>,
    handles: Vec<String>,
    scheduled_at: Millis,
    line: u64,
}

impl Ready {
    fn summary(&self, status: PostStatus) -> GoodRow {
        GoodRow {
            line: self.line,
            text: self.body.clone(),
            profiles: self.handles.clone(),
            scheduled_at: self.scheduled_at,
            status: status.as_str().to_string(),
            tags: self.tags.clone(),
            images: self.content.images.len(),
            post_id: None,
        }
    }

    fn new_post<'a>(&'a self, user: &User, status: PostStatus) -> NewPost<'a> {
        NewPost {
            workspace_id: user.workspace_id,
            author_id: user.id,
            body: &self.body,
            scheduled_at: self.scheduled_at,
            profile_ids: &self.profile_ids,
            status,
            variants: &self.variants,
            tags: &self.tags,
            media_ids: &[],
            content: self.content.clone(),
        }
    }
}

/// What checking the rows of one upload shares: the workspace's profiles, the queue times handed out so far, the
/// uploaded images already given to a row.
struct Book<'a> {
    state: &'a AppState,
    user: &'a User,
    profiles: Vec<Profile>,
    zone: TimeZone,
    uploaded: &'a [(String, i64)],
    used_uploads: BTreeSet<i64>,
    /// Per profile: the times its waiting posts (and this upload's rows) hold.
    queue: BTreeMap<i64, Vec<Millis>>,
    dry_run: bool,
    now: Millis,
    status: PostStatus,
}

/// Cells that hold several values separate them with `;` (or `,`).
fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', ','])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

fn same_handle(a: &str, b: &str) -> bool {
    a.trim_start_matches('@')
        .eq_ignore_ascii_case(b.trim_start_matches('@'))
}

impl Book<'_> {
    async fn check(&mut self, row: &Row) -> Result<Ready, AppError> {
        let mut chosen: Vec<Profile> = Vec::new();
        for handle in list(row.get(Column::Profiles)) {
            let profile = self
                .profiles
                .iter()
                .find(|p| same_handle(&p.handle, handle))
                .ok_or_else(|| {
                    AppError::refuse(ErrorCode::BulkProfileUnknown).with("handle", handle)
                })?;
            if !chosen.iter().any(|c| c.id == profile.id) {
                chosen.push(profile.clone());
            }
        }
        if chosen.is_empty() {
            return Err(PostError::NoProfiles.into());
        }
        chosen.sort_by_key(|p| p.id);
        let ids: Vec<i64> = chosen.iter().map(|p| p.id).collect();
        let tags = clean_tags(
            &list(row.get(Column::Tags))
                .chain(list(row.get(Column::Campaign)))
                .map(str::to_string)
                .collect::<Vec<_>>(),
        );
        let variants: Vec<Variant> = row
            .variants()
            .map(|(network, body)| Variant {
                network,
                body: body.to_string(),
            })
            .collect();
        let (images, fetched) = self.images(row).await?;
        let at = self.time(row, &ids).await?;
        // The composer's defaults for everything a sheet does not hold, exactly as an API client gets them.
        let compose: Compose = serde_json::from_value(serde_json::json!({
            "text": row.get(Column::Text),
            "profile_ids": ids,
            "scheduled_at": at,
            "variants": variants,
            "tags": tags,
            "images": images.as_ref().map(|refs| refs.iter()
                .map(|i| serde_json::json!({"media_id": i.media_id, "alt": i.alt}))
                .collect::<Vec<_>>()),
            // A dry run only checks: no link's page is fetched for its card.
            "link_preview": !self.dry_run,
        }))
        .map_err(|e| AppError::Internal(format!("a bulk row as a composed post: {e}")))?;
        let (body, variants, content) =
            checked_content(self.state, self.user, &compose, &chosen, None).await?;
        if let Some(bytes) = fetched {
            check_images(self.state, &chosen, &[bytes]).await?;
        }
        if let Some(refs) = &images {
            self.used_uploads.extend(refs.iter().map(|i| i.media_id));
        }
        for id in &ids {
            self.queue.entry(*id).or_default().push(at);
        }
        Ok(Ready {
            body,
            variants,
            tags,
            content,
            handles: chosen.iter().map(Profile::at_handle).collect(),
            profile_ids: ids,
            scheduled_at: at,
            line: row.line,
        })
    }

    /// The row's time: its cell read in its zone (or the upload's), or, when empty, the first profile's next free
    /// queue time that neither a waiting post nor an earlier row of this upload holds.
    async fn time(&mut self, row: &Row, ids: &[i64]) -> Result<Millis, AppError> {
        let cell = row.get(Column::Time);
        if cell.is_empty() {
            return self.next_queue_time(ids).await;
        }
        let named = row.get(Column::Zone);
        let zone = if named.is_empty() {
            self.zone.clone()
        } else {
            TimeZone::get(named).map_err(|_| zone_unknown(named))?
        };
        let at = crate::time_fmt::parse_local(cell, &zone)
            .ok_or_else(|| AppError::refuse(ErrorCode::BulkTimeInvalid).with("value", cell))?;
        let at = crate::input::check_time("time", at)?;
        if at < self.now - 60_000 {
            return Err(AppError::refuse(ErrorCode::PostScheduledInPast).with("case", "reschedule"));
        }
        Ok(at)
    }

    async fn next_queue_time(&mut self, ids: &[i64]) -> Result<Millis, AppError> {
        let Some(first) = ids.first() else {
            return Err(PostError::NoProfiles.into());
        };
        let (zone, slots) = queue::slots(&self.state.db, self.user.workspace_id, *first).await?;
        let mut taken = Vec::new();
        for id in ids {
            if !self.queue.contains_key(id) {
                let held = queue::taken(&self.state.db, &[*id], self.now).await?;
                self.queue.insert(*id, held);
            }
            taken.extend(self.queue.get(id).into_iter().flatten().copied());
        }
        sangam_domain::queue::next_free(&slots, &crate::time_fmt::zone(&zone), self.now, &taken)
            .ok_or_else(|| AppError::refuse(ErrorCode::QueueEmpty))
    }

    /// The row's image: a file uploaded with the rows (named by its file name), or an https address fetched under
    /// the outbound rules. On a dry run a fetched image is only measured (its size comes back to be checked against
    /// the networks); otherwise it is stored. A file two rows name is stored again for the second, since an image
    /// belongs to one post.
    async fn images(
        &mut self,
        row: &Row,
    ) -> Result<(Option<Vec<ImageRef>>, Option<usize>), AppError> {
        let cell = row.get(Column::Image);
        if cell.is_empty() {
            return Ok((None, None));
        }
        let alt = row.get(Column::ImageAlt).to_string();
        let is_address = cell
            .get(..8)
            .is_some_and(|s| s.eq_ignore_ascii_case("https://"))
            || cell
                .get(..7)
                .is_some_and(|s| s.eq_ignore_ascii_case("http://"));
        let media_id = if is_address {
            let image = sangam_networks::link_preview::fetch_image(
                cell,
                &self.state.config.network_http,
                crate::media::actions::MAX_IMAGE_BYTES,
            )
            .await
            .map_err(|reason| {
                AppError::refuse(ErrorCode::BulkImageUnreachable)
                    .with("url", cell)
                    .with("reason", reason)
            })?;
            if self.dry_run {
                return Ok((None, Some(image.bytes.len())));
            }
            crate::media::actions::upload(self.state, self.user, &image.bytes, &alt).await?
        } else {
            let (_, id) = self
                .uploaded
                .iter()
                .find(|(name, _)| name == cell)
                .ok_or_else(|| {
                    AppError::refuse(ErrorCode::BulkImageNotUploaded).with("name", cell)
                })?;
            if self.used_uploads.contains(id) && !self.dry_run {
                let (_, bytes) = media::load(&self.state.db, self.user.workspace_id, *id).await?;
                crate::media::actions::upload(self.state, self.user, &bytes, &alt).await?
            } else {
                *id
            }
        };
        Ok((Some(vec![ImageRef { media_id, alt }]), None))
    }
}
