//! Reading the composer's multipart form: text, a variant per network, tags, time, up to four images each with alt
//! text (new files in slots `image`, `image_2`..`image_4` with `alt`, `alt_2`..; images already attached listed in
//! order as `keep_media` with `media_alt_{id}`), the language, a content warning and whether to add a link card.

use crate::error::AppError;
use crate::posts::actions::Compose;
use axum::extract::Multipart;
use sangam_domain::ErrorCode;
use sangam_domain::NetworkKind;
use sangam_store::posts::{ImageRef, Variant};

/// How many images a post may carry: the most any of our networks takes.
pub const MAX_IMAGES: usize = 4;

/// An image already uploaded (attached to the post, or uploaded by a save that was then refused).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct KeptImage {
    pub id: i64,
    pub alt: String,
    pub size: i64,
}

/// A new file chosen in one of the slots, with the alt text typed beside it.
#[derive(Debug, Default, Clone)]
pub struct NewImage {
    pub bytes: Vec<u8>,
    pub alt: String,
}

/// The composer's fields as the browser sent them.
#[derive(Debug, Default, Clone)]
pub struct ComposeFields {
    pub post_id: Option<i64>,
    pub text: String,
    pub variants: Vec<Variant>,
    pub profiles: Vec<i64>,
    pub tags: String,
    pub when: String,
    pub at: String,
    /// `draft` keeps it as a draft; anything else submits it.
    pub action: String,
    /// Images already uploaded, in order.
    pub kept: Vec<KeptImage>,
    /// New files, in slot order (empty slots left out).
    pub new_images: Vec<NewImage>,
    /// Alt texts typed in the new-image slots, kept to refill the form when a save is refused.
    pub slot_alts: [String; MAX_IMAGES],
    /// `auto` (detect) or an ISO 639-1 code.
    pub language: String,
    pub content_warning: String,
    /// The author turned the link card off.
    pub no_link_card: bool,
    /// Add UTM parameters to the links, and whether through Sangam's short links.
    pub track_links: bool,
    pub short_links: bool,
}

impl ComposeFields {
    pub fn is_draft(&self) -> bool {
        self.action == "draft"
    }

    pub fn variant(&self, network: NetworkKind) -> String {
        self.variants
            .iter()
            .find(|v| v.network == network)
            .map(|v| v.body.clone())
            .unwrap_or_default()
    }

    /// The composer's input for the actions, given the parsed time; `uploaded` are the ids the new files got, in order.
    pub fn compose(&self, scheduled_at: Option<i64>, uploaded: &[(i64, String)]) -> Compose {
        let images = self
            .kept
            .iter()
            .map(|k| ImageRef {
                media_id: k.id,
                alt: k.alt.clone(),
            })
            .chain(uploaded.iter().map(|(id, alt)| ImageRef {
                media_id: *id,
                alt: alt.clone(),
            }))
            .collect();
        Compose {
            text: self.text.clone(),
            profile_ids: self.profiles.clone(),
            scheduled_at,
            variants: self.variants.clone(),
            tags: self.tags.split(',').map(str::to_string).collect(),
            media_ids: Vec::new(),
            images: Some(images),
            language: Some(self.language.clone()),
            content_warning: Some(self.content_warning.clone()),
            link_preview: !self.no_link_card,
            autosave: false,
            draft: self.is_draft(),
            queue: self.when == "queue",
            track_links: self.track_links,
            short_links: self.short_links,
        }
    }

    /// The free new-image slots left after the kept images (for the form).
    pub fn free_slots(&self) -> Vec<usize> {
        (self.kept.len()..MAX_IMAGES).map(|i| i + 1).collect()
    }
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::refuse(ErrorCode::InvalidForm).with("detail", e)
}

/// `image` is slot 1, `image_2`..`image_4` the others (the same for `alt`).
fn slot(name: &str, prefix: &str) -> Option<usize> {
    if name == prefix {
        return Some(1);
    }
    let n: usize = name.strip_prefix(prefix)?.strip_prefix('_')?.parse().ok()?;
    (1..=MAX_IMAGES).contains(&n).then_some(n)
}

pub async fn read(mut multipart: Multipart) -> Result<ComposeFields, AppError> {
    let mut f = ComposeFields::default();
    let mut files: [Option<Vec<u8>>; MAX_IMAGES] = Default::default();
    let mut kept_alts: Vec<(i64, String)> = Vec::new();
    let mut removed: Vec<i64> = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if let Some(n) = slot(&name, "image") {
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                files[n - 1] = Some(bytes.to_vec());
            }
            continue;
        }
        let value = field.text().await.map_err(bad)?;
        if let Some(n) = slot(&name, "alt") {
            f.slot_alts[n - 1] = value;
            continue;
        }
        if let Some(id) = name
            .strip_prefix("media_alt_")
            .and_then(|id| id.parse().ok())
        {
            kept_alts.push((id, value));
            continue;
        }
        match name.as_str() {
            "post_id" => f.post_id = value.trim().parse().ok(),
            "text" => f.text = value,
            "profile" => {
                let id = value
                    .trim()
                    .parse()
                    .map_err(|_| bad("a profile id is not a number"))?;
                f.profiles.push(id);
            }
            "keep_media" => {
                let id = value
                    .trim()
                    .parse()
                    .map_err(|_| bad("an image id is not a number"))?;
                f.kept.push(KeptImage {
                    id,
                    ..KeptImage::default()
                });
            }
            "remove_media" => removed.extend(value.trim().parse::<i64>().ok()),
            "tags" => f.tags = value,
            "when" => f.when = value,
            "at" => f.at = value,
            "action" => f.action = value,
            "language" => f.language = value,
            "content_warning" => f.content_warning = value,
            "no_link_card" => f.no_link_card = !value.is_empty(),
            "track_links" => f.track_links = !value.is_empty(),
            "short_links" => f.short_links = !value.is_empty(),
            other => {
                if let Some(network) = other.strip_prefix("variant_").and_then(NetworkKind::parse)
                    && !value.trim().is_empty()
                {
                    f.variants.push(Variant {
                        network,
                        body: value,
                    });
                }
            }
        }
    }
    f.kept.retain(|k| !removed.contains(&k.id));
    for kept in &mut f.kept {
        if let Some((_, alt)) = kept_alts.iter().find(|(id, _)| *id == kept.id) {
            kept.alt = alt.clone();
        }
    }
    f.new_images = files
        .into_iter()
        .zip(f.slot_alts.iter())
        .filter_map(|(file, alt)| {
            file.map(|bytes| NewImage {
                bytes,
                alt: alt.clone(),
            })
        })
        .collect();
    Ok(f)
}
