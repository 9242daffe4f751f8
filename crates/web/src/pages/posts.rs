//! Posts: the list with each profile's delivery state, the composer, one post's page (which watches its deliveries
//! until they settle), and retrying a failed delivery.

use super::{Chrome, PageError, WithUser};
use crate::AppState;
use crate::actions::posts::{self as compose_action, Compose};
use crate::auth::CurrentUser;
use crate::error::AppError;
use crate::time_fmt;
use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum_extra::extract::Form;
use sangam_domain::{Permission, now_millis};
use sangam_store::posts::{self, Delivery, Post};
use sangam_store::profiles::{self, Profile};

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
    pub text: String,
    pub selected: Vec<i64>,
    pub when: String,
    pub at: String,
    pub error: Option<String>,
}

impl ComposePage {
    pub fn is_selected(&self, id: &i64) -> bool {
        self.selected.contains(id)
    }
}

pub async fn compose(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<ComposePage, PageError> {
    let profiles = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let page = Chrome::new(&user, "compose", "compose-title");
    let at = time_fmt::to_local_input(now_millis() + 3_600_000, page.t.zone());
    Ok(ComposePage {
        page,
        profiles,
        text: String::new(),
        selected: vec![],
        when: "now".into(),
        at,
        error: None,
    })
}

#[derive(serde::Deserialize, Default)]
pub struct ComposeForm {
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub profile: Vec<i64>,
    #[serde(default)]
    pub when: String,
    #[serde(default)]
    pub at: String,
}

/// The composer posts several `profile` checkboxes under one name; axum-extra's form reader keeps them all.
pub async fn create(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ComposeForm>,
) -> Result<Response, PageError> {
    let page = Chrome::new(&user, "compose", "compose-title");
    let scheduled_at = if form.when == "later" {
        match time_fmt::parse_local(&form.at, page.t.zone()) {
            Some(at) => Some(at),
            None => {
                let error =
                    AppError::invalid("post_time_invalid", page.t.t("compose-time-invalid"));
                return redisplay(&state, page, form, error).await;
            }
        }
    } else {
        None
    };
    let input = Compose {
        text: form.text.clone(),
        profile_ids: form.profile.clone(),
        scheduled_at,
    };
    match compose_action::compose(&state, &user, input).await {
        Ok(post) => Ok(Redirect::to(&format!("/posts/{}", post.id)).into_response()),
        Err(error @ (AppError::Invalid { .. } | AppError::NotFound(_))) => {
            redisplay(&state, page, form, error).await
        }
        Err(error) => Err(PageError {
            user: Some(Box::new(user)),
            error,
        }),
    }
}

/// Shows the composer again with what the person typed and the reason it was refused: nothing typed is lost.
async fn redisplay(
    state: &AppState,
    page: Chrome,
    form: ComposeForm,
    error: AppError,
) -> Result<Response, PageError> {
    let user = page.user.clone();
    let profiles = profiles::list(&state.db, user.workspace_id)
        .await
        .for_user(&user)?;
    let status = error.status();
    let body = ComposePage {
        page,
        profiles,
        text: form.text,
        selected: form.profile,
        when: if form.when == "later" {
            "later".into()
        } else {
            "now".into()
        },
        at: form.at,
        error: Some(error.to_string()),
    };
    Ok((status, body).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "pages/post.html")]
pub struct PostPage {
    pub page: Chrome,
    pub post: Post,
    pub list: DeliveryList,
}

#[derive(Template, WebTemplate)]
#[template(path = "components/deliveries.html")]
pub struct DeliveryList {
    pub t: crate::i18n::Tr,
    pub post_id: i64,
    pub deliveries: Vec<Delivery>,
    pub can_retry: bool,
}

impl DeliveryList {
    /// Keep polling while any delivery may still change by itself.
    pub fn settling(&self) -> bool {
        self.deliveries
            .iter()
            .any(|d| !d.state.is_final() && d.state != sangam_domain::DeliveryState::Unknown)
            || self
                .deliveries
                .iter()
                .any(|d| d.state == sangam_domain::DeliveryState::Unknown && d.attempts < 8)
    }
}

fn delivery_list(user: &sangam_store::users::User, post: &Post) -> DeliveryList {
    DeliveryList {
        t: crate::i18n::Tr::new(&user.language, &user.time_zone),
        post_id: post.id,
        deliveries: post.deliveries.clone(),
        can_retry: user.role.can(Permission::ComposePosts),
    }
}

pub async fn show(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<PostPage, PageError> {
    let post = posts::get(&state.db, user.workspace_id, id)
        .await
        .for_user(&user)?;
    let list = delivery_list(&user, &post);
    Ok(PostPage {
        page: Chrome::new(&user, "posts", "post-title"),
        post,
        list,
    })
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

pub async fn retry(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<i64>,
) -> Result<Redirect, PageError> {
    compose_action::retry(&state, &user, id)
        .await
        .for_user(&user)?;
    let delivery = posts::delivery(&state.db, id).await.for_user(&user)?;
    Ok(Redirect::to(&format!("/posts/{}", delivery.post_id)))
}
