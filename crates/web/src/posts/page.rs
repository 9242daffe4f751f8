//! Posts: the list, the composer (variants per network, tags, an image, drafts that autosave), one post's page with
//! its approval trail and its deliveries (watched until they settle), and the actions on them.

use super::compose_form::{self, ComposeFields, KeptImage};
use crate::AppState;
use crate::approvals::actions::{self as approval_actions, Reviewer};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::media::actions as media_actions;
use crate::posts::actions as post_actions;
use crate::time_fmt;
use crate::ui::{Chrome, PageError, WithUser, after_form};
use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Multipart, Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::ErrorCode;
use sangam_domain::approval::{ApprovalState, Decision};
use sangam_domain::{DeliveryState, NetworkKind, Permission, PostStatus, now_millis};
use sangam_store::approvals::{self, ReviewEntry};
use sangam_store::posts::{self, Delivery, Post};
use sangam_store::profiles::{self, Profile};
use sangam_store::users::User;

#[derive(Template, WebTemplate)]
#[template(path = "pages/posts.html")]
pub struct PostsPage {
    pub page: Chrome,
    pub posts: Vec<Post>,
    pub can_compose: bool,
}

pub async fn list(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<PostsPage, PageError> {
    let posts = posts::list(&state.db, user.workspace_id, 200)
        .await
        .for_user(&user)?;
    let can_compose = user.role.can(Permission::ComposePosts);
    Ok(PostsPage {
        page: Chrome::new(&user, "posts", "posts-title"),
        posts,
        can_compose,
    })
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/compose.html")]
pub struct ComposePage {
    pub page: Chrome,
    pub profiles: Vec<Profile>,
    /// Networks among the workspace's profiles, each of which may get a variant.
    pub networks: Vec<NetworkKind>,
    pub fields: ComposeFields,
    pub error: Option<String>,
    pub editing: bool,
    /// The language the saved text was detected (or set) as, shown beside the choice.
    pub detected: Option<String>,
    /// A link card the saved post holds, shown in the preview.
    pub link_card: Option<posts::LinkPreview>,
}

/// Languages offered in the composer, by code, each named in itself (so every reader finds their own).
pub const LANGUAGES: [(&str, &str); 14] = [
    ("en", "English"),
    ("hi", "हिन्दी"),
    ("bn", "বাংলা"),
    ("ta", "தமிழ்"),
    ("te", "తెలుగు"),
    ("mr", "मराठी"),
    ("gu", "ગુજરાતી"),
    ("kn", "ಕನ್ನಡ"),
    ("ml", "മലയാളം"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("ur", "اردو"),
    ("es", "Español"),
    ("fr", "Français"),
    ("de", "Deutsch"),
];

/// A language's own name, or its code when it is not in the list.
pub fn language_name(code: &str) -> String {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| code.to_string())
}

impl ComposePage {
    pub fn is_selected(&self, id: &i64) -> bool {
        self.fields.profiles.contains(id)
    }

    pub fn variant(&self, network: &NetworkKind) -> String {
        self.fields.variant(*network)
    }

    pub fn is_language(&self, code: &&str) -> bool {
        self.fields.language == *code
    }

    pub fn slot_alt(&self, slot: &usize) -> String {
        self.fields
            .slot_alts
            .get(slot.saturating_sub(1))
            .cloned()
            .unwrap_or_default()
    }

    pub fn languages(&self) -> &'static [(&'static str, &'static str)] {
        &LANGUAGES
    }

    pub fn detected_name(&self) -> String {
        self.detected
            .as_deref()
            .map(language_name)
            .unwrap_or_default()
    }

    pub fn size(&self, bytes: &i64) -> String {
        sangam_domain::post::human_bytes(usize::try_from(*bytes).unwrap_or(0))
    }
}

async fn composer(
    state: &AppState,
    user: &User,
    mut fields: ComposeFields,
    error: Option<String>,
) -> Result<ComposePage, PageError> {
    let profiles = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(user)?;
    let ids: Vec<i64> = fields.kept.iter().map(|k| k.id).collect();
    let sizes = sangam_store::media::sizes(&state.db, user.workspace_id, &ids)
        .await
        .for_user(user)?;
    for kept in &mut fields.kept {
        kept.size = sizes.iter().find(|m| m.id == kept.id).map_or(0, |m| m.size);
    }
    let saved = match fields.post_id {
        Some(id) => posts::get(&state.db, user.workspace_id, id).await.ok(),
        None => None,
    };
    let detected = saved.as_ref().and_then(|p| p.language.clone());
    let link_card = saved.and_then(|p| p.link_card);
    let mut networks: Vec<NetworkKind> = profiles.iter().map(|p| p.network).collect();
    networks.sort_by_key(|n| n.as_str());
    networks.dedup();
    let editing = fields.post_id.is_some();
    let title = if editing {
        "compose-edit-title"
    } else {
        "compose-title"
    };
    Ok(ComposePage {
        page: Chrome::new(user, "compose", title),
        profiles,
        networks,
        fields,
        error,
        editing,
        detected,
        link_card,
    })
}

pub async fn compose(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ComposePage, PageError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let fields = ComposeFields {
        when: "now".into(),
        at: time_fmt::to_local_input(now_millis() + 3_600_000, &tz),
        language: "auto".into(),
        ..ComposeFields::default()
    };
    composer(&state, &user, fields, None).await
}

/// The composer, filled with a saved post, for editing.
pub async fn edit_form(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<ComposePage, PageError> {
    let post = post_actions::editable(&state, &user, id)
        .await
        .for_user(&user)?;
    let tz = crate::time_fmt::zone(&user.time_zone);
    let fields = ComposeFields {
        post_id: Some(post.id),
        text: post.body.clone(),
        variants: post.variants.clone(),
        profiles: post.deliveries.iter().map(|d| d.profile_id).collect(),
        tags: post.tags.join(", "),
        when: "later".into(),
        at: time_fmt::to_local_input(post.scheduled_at, &tz),
        kept: post
            .media
            .iter()
            .map(|m| KeptImage {
                id: m.id,
                alt: m.alt.clone(),
                size: m.size,
            })
            .collect(),
        language: post.language.clone().unwrap_or_else(|| "auto".into()),
        content_warning: post.content_warning.clone(),
        no_link_card: false,
        ..ComposeFields::default()
    };
    composer(&state, &user, fields, None).await
}

/// Saves the composer: a new post, or changes to the one being edited (or autosaved). Images are checked against
/// every chosen network before any is uploaded; once uploaded they stay listed in `fields`, so a save refused for
/// another reason shows them still attached.
async fn save(state: &AppState, user: &User, fields: &mut ComposeFields) -> Result<Post, AppError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let scheduled_at = match fields.when.as_str() {
        "later" => Some(time_fmt::parse_local(&fields.at, &tz).ok_or_else(|| {
            AppError::refuse(ErrorCode::PostTimeInvalid).with("case", "scheduled")
        })?),
        _ => None,
    };
    if !fields.new_images.is_empty() {
        let count = fields.kept.len() + fields.new_images.len();
        if count > compose_form::MAX_IMAGES {
            return Err(AppError::refuse(ErrorCode::PostTooManyImages)
                .with("case", "composer")
                .with("max", compose_form::MAX_IMAGES)
                .with("count", count));
        }
        let mut profile_ids = fields.profiles.clone();
        if let Some(id) = fields.post_id
            && profile_ids.is_empty()
        {
            let saved = posts::get(&state.db, user.workspace_id, id).await?;
            profile_ids = saved.deliveries.iter().map(|d| d.profile_id).collect();
        }
        let mut chosen = Vec::new();
        for id in profile_ids {
            chosen.push(profiles::get(&state.db, user.workspace_id, id).await?);
        }
        let ids: Vec<i64> = fields.kept.iter().map(|k| k.id).collect();
        let known = sangam_store::media::sizes(&state.db, user.workspace_id, &ids).await?;
        let sizes: Vec<usize> = fields
            .kept
            .iter()
            .map(|k| {
                known
                    .iter()
                    .find(|m| m.id == k.id)
                    .map_or(0, |m| m.size as usize)
            })
            .chain(fields.new_images.iter().map(|i| i.bytes.len()))
            .collect();
        post_actions::check_images(state, &chosen, &sizes).await?;
        for image in std::mem::take(&mut fields.new_images) {
            let id = media_actions::upload(state, user, &image.bytes, &image.alt).await?;
            fields.kept.push(KeptImage {
                id,
                alt: image.alt.trim().to_string(),
                size: image.bytes.len() as i64,
            });
        }
        fields.slot_alts = Default::default();
    }
    let input = fields.compose(scheduled_at, &[]);
    match fields.post_id {
        Some(id) => post_actions::edit(state, user, id, input).await,
        None => post_actions::compose(state, user, input).await,
    }
}

pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    multipart: Multipart,
) -> Result<Response, PageError> {
    let mut fields = compose_form::read(multipart).await.for_user(&user)?;
    let result = save(&state, &user, &mut fields).await;
    let done = |post: Post| Redirect::to(&format!("/posts/{}", post.id)).into_response();
    after_form(&user, result, done, |error| {
        composer(&state, &user, fields, Some(error))
    })
    .await
}

#[derive(serde::Serialize)]
pub struct Autosaved {
    pub id: i64,
    pub saved_at: String,
    /// The language the text reads as (or was set to), for the composer to show.
    pub language: Option<String>,
    pub language_name: Option<String>,
}

/// Drafts autosave: the composer posts itself here while the person types; the first save creates a draft.
pub async fn autosave(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    multipart: Multipart,
) -> Result<Json<Autosaved>, AppError> {
    let mut fields = compose_form::read(multipart).await?;
    fields.action = "draft".into();
    // Files wait for a real save; autosave keeps the text, choices and images already attached.
    fields.new_images.clear();
    if let Some(id) = fields.post_id {
        let post = posts::get(&state.db, user.workspace_id, id).await?;
        if post.status != PostStatus::Draft {
            return Err(AppError::refuse(ErrorCode::PostNotDraft));
        }
    }
    let tz = crate::time_fmt::zone(&user.time_zone);
    let scheduled_at = match fields.when.as_str() {
        "later" => time_fmt::parse_local(&fields.at, &tz),
        _ => None,
    };
    let mut input = fields.compose(scheduled_at, &[]);
    input.autosave = true;
    let post = match fields.post_id {
        Some(id) => post_actions::edit(&state, &user, id, input).await?,
        None => post_actions::compose(&state, &user, input).await?,
    };
    Ok(Json(Autosaved {
        id: post.id,
        saved_at: time_fmt::local(now_millis(), &tz),
        language_name: post.language.as_deref().map(language_name),
        language: post.language,
    }))
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/post.html")]
pub struct PostPage {
    pub page: Chrome,
    pub post: Post,
    pub list: DeliveryList,
    pub trail: Vec<ReviewEntry>,
    pub waiting: Option<String>,
    pub can_review: bool,
    pub can_edit: bool,
    /// May decide the step the post waits on, and so invite an outside approver for it: never its author.
    pub can_decide: bool,
    pub new_link: Option<String>,
    pub error: Option<String>,
    pub at: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "components/deliveries.html")]
pub struct DeliveryList {
    pub t: crate::i18n::Tr,
    pub post_id: i64,
    pub deliveries: Vec<Delivery>,
    /// What each delivery carries (or will carry) to its network, in the order of `deliveries`.
    pub plans: Vec<post_actions::Plan>,
    pub can_retry: bool,
}

impl DeliveryList {
    pub fn rows(&self) -> Vec<(&Delivery, &post_actions::Plan)> {
        self.deliveries.iter().zip(self.plans.iter()).collect()
    }

    pub fn size(&self, bytes: &i64) -> String {
        sangam_domain::post::human_bytes(usize::try_from(*bytes).unwrap_or(0))
    }

    pub fn language(&self, code: &str) -> String {
        language_name(code)
    }

    /// Where "open" leads: the network's own page; for the sandbox, its public page as Sangam serves it.
    pub fn open_url(&self, url: &str) -> String {
        sangam_networks::sandbox::public_path(url).unwrap_or_else(|| url.to_string())
    }

    /// Keep polling while any delivery may still change by itself.
    pub fn settling(&self) -> bool {
        self.deliveries.iter().any(|d| {
            matches!(
                d.state,
                DeliveryState::Scheduled | DeliveryState::Sending | DeliveryState::Unknown
            )
        })
    }
}

fn delivery_list(user: &User, post: &Post) -> DeliveryList {
    DeliveryList {
        t: crate::i18n::Tr::new(&user.language, &user.time_zone),
        post_id: post.id,
        deliveries: post.deliveries.clone(),
        plans: post
            .deliveries
            .iter()
            .map(|d| post_actions::plan(post, d.network))
            .collect(),
        can_retry: user.role.can(Permission::ComposePosts),
    }
}

async fn post_page(
    state: &AppState,
    user: &User,
    id: i64,
    new_link: Option<String>,
    error: Option<String>,
) -> Result<PostPage, PageError> {
    let post = posts::get(&state.db, user.workspace_id, id)
        .await
        .for_user(user)?;
    let trail = approvals::trail(&state.db, id).await.for_user(user)?;
    let page = Chrome::new(user, "posts", "post-title");
    let waiting = match approval_actions::state_of(state, &post)
        .await
        .for_user(user)?
    {
        ApprovalState::Waiting { position, .. } if post.status == PostStatus::PendingApproval => {
            let steps = approval_actions::workflow(state, user.workspace_id)
                .await
                .for_user(user)?;
            steps
                .iter()
                .find(|s| s.position == position)
                .map(|s| s.name.clone())
        }
        _ => None,
    };
    let list = delivery_list(user, &post);
    let can_edit = user.role.can(Permission::ComposePosts)
        && !post.life.has_gone_out()
        && post
            .deliveries
            .iter()
            .all(|d| d.state == DeliveryState::Scheduled)
        && (post.author_id == user.id || user.role.can(Permission::ChangeOthersPosts));
    let can_decide = approval_actions::may_decide_now(state, user, &post)
        .await
        .for_user(user)?
        .is_ok();
    let at = time_fmt::to_local_input(post.scheduled_at, page.t.zone());
    Ok(PostPage {
        can_decide,
        can_review: user.role.can(Permission::ReviewPosts),
        page,
        post,
        list,
        trail,
        waiting,
        can_edit,
        new_link,
        error,
        at,
    })
}

impl PostPage {
    pub fn language(&self, code: &str) -> String {
        language_name(code)
    }
}

/// The preview image of the post's link card, served like attached images: the type checked when fetched, never
/// sniffed.
pub async fn link_thumb(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Response, AppError> {
    use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
    let (mime, bytes) = sangam_store::media::link_thumb(&state.db, user.workspace_id, id).await?;
    Ok((
        [
            (CONTENT_TYPE, mime),
            (X_CONTENT_TYPE_OPTIONS, "nosniff".to_string()),
            (CACHE_CONTROL, "private, max-age=86400".to_string()),
        ],
        bytes,
    )
        .into_response())
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<PostPage, PageError> {
    post_page(&state, &user, id, None, None).await
}

/// The deliveries fragment, polled by htmx from the post page.
pub async fn deliveries(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<DeliveryList, PageError> {
    let post = posts::get(&state.db, user.workspace_id, id)
        .await
        .for_user(&user)?;
    Ok(delivery_list(&user, &post))
}

async fn back_to_post(
    state: &AppState,
    user: &User,
    delivery_id: i64,
) -> Result<Redirect, PageError> {
    let delivery = posts::delivery(&state.db, delivery_id)
        .await
        .for_user(user)?;
    Ok(Redirect::to(&format!("/posts/{}", delivery.post_id)))
}

pub async fn retry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    post_actions::retry(&state, &user, id)
        .await
        .for_user(&user)?;
    back_to_post(&state, &user, id).await
}

pub async fn reconcile(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    post_actions::reconcile(&state, &user, id)
        .await
        .for_user(&user)?;
    back_to_post(&state, &user, id).await
}

#[derive(serde::Deserialize)]
pub struct ReviewForm {
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn review(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<ReviewForm>,
) -> Result<Response, PageError> {
    let decision = Decision::parse(&form.decision)
        .ok_or_else(|| AppError::refuse(ErrorCode::ReviewDecisionInvalid))
        .for_user(&user)?;
    let result =
        approval_actions::decide(&state, Reviewer::Member(&user), id, decision, &form.note).await;
    let done = |_| Redirect::to(&format!("/posts/{id}")).into_response();
    after_form(&user, result, done, |error| {
        post_page(&state, &user, id, None, Some(error))
    })
    .await
}

#[derive(serde::Deserialize)]
pub struct LinkForm {
    name: String,
    days: i64,
}

pub async fn create_link(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<LinkForm>,
) -> Result<Response, PageError> {
    match approval_actions::create_link(&state, &user, id, &form.name, form.days).await {
        Ok(token) => Ok(
            post_page(&state, &user, id, Some(format!("/review/{token}")), None)
                .await?
                .into_response(),
        ),
        Err(e) => {
            after_form(
                &user,
                Err::<(), _>(e),
                |_| Redirect::to("/").into_response(),
                |error| post_page(&state, &user, id, None, Some(error)),
            )
            .await
        }
    }
}

pub async fn delete(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    post_actions::delete(&state, &user, id)
        .await
        .for_user(&user)?;
    Ok(Redirect::to("/posts"))
}

#[derive(serde::Deserialize)]
pub struct RescheduleForm {
    /// Local time in the viewer's zone (`2026-11-26T10:30`).
    at: String,
    /// Where to go afterwards (the calendar sends its own address).
    #[serde(default)]
    back: String,
}

pub async fn reschedule(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
    Form(form): Form<RescheduleForm>,
) -> Result<Response, PageError> {
    let tz = crate::time_fmt::zone(&user.time_zone);
    let at = time_fmt::parse_local(&form.at, &tz)
        .ok_or_else(|| AppError::refuse(ErrorCode::PostTimeInvalid))
        .for_user(&user)?;
    post_actions::reschedule(&state, &user, id, at)
        .await
        .for_user(&user)?;
    let back = crate::auth::safe_next(
        Some(&form.back)
            .filter(|b| !b.is_empty())
            .map(String::as_str),
    );
    let back = if back == "/" {
        format!("/posts/{id}")
    } else {
        back
    };
    Ok(Redirect::to(&back).into_response())
}
