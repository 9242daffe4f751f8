//! Reading the composer's multipart form (text, a variant per network, tags, time, an image with alt text).

use crate::actions::posts::Compose;
use crate::error::AppError;
use axum::extract::Multipart;
use sangam_domain::NetworkKind;
use sangam_store::posts::Variant;

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
    pub image: Option<Vec<u8>>,
    pub alt: String,
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

    /// The composer's input for the actions, given the parsed time and uploaded image.
    pub fn compose(&self, scheduled_at: Option<i64>, media_ids: Vec<i64>) -> Compose {
        Compose {
            text: self.text.clone(),
            profile_ids: self.profiles.clone(),
            scheduled_at,
            variants: self.variants.clone(),
            tags: self.tags.split(',').map(str::to_string).collect(),
            media_ids,
            draft: self.is_draft(),
            queue: self.when == "queue",
        }
    }
}

fn bad(e: impl std::fmt::Display) -> AppError {
    AppError::invalid("invalid_form", format!("The form could not be read: {e}"))
}

pub async fn read(mut multipart: Multipart) -> Result<ComposeFields, AppError> {
    let mut f = ComposeFields::default();
    while let Some(field) = multipart.next_field().await.map_err(bad)? {
        let name = field.name().unwrap_or_default().to_string();
        if name == "image" {
            let bytes = field.bytes().await.map_err(bad)?;
            if !bytes.is_empty() {
                f.image = Some(bytes.to_vec());
            }
            continue;
        }
        let value = field.text().await.map_err(bad)?;
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
            "tags" => f.tags = value,
            "when" => f.when = value,
            "at" => f.at = value,
            "action" => f.action = value,
            "alt" => f.alt = value,
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
    Ok(f)
}
