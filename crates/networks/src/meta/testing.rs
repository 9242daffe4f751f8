//! Pieces the Meta connectors' tests share: a form matcher, an image host, and a fake account feed that stores a
//! post before answering (so an answer can be lost after the network kept the post).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use super::ImageHost;
use crate::{Image, NetworkError};
use async_trait::async_trait;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use wiremock::{Match, MockServer, Request, Respond, ResponseTemplate};

/// Matches a form-encoded body holding `key=value`.
pub struct FormHas(String, String);

pub fn form_has(key: &str, value: &str) -> FormHas {
    FormHas(key.into(), value.into())
}

impl Match for FormHas {
    fn matches(&self, request: &Request) -> bool {
        reqwest::Url::parse(&format!(
            "http://x/?{}",
            String::from_utf8_lossy(&request.body)
        ))
        .map(|u| {
            u.query_pairs()
                .any(|(k, v)| k == self.0.as_str() && v == self.1.as_str())
        })
        .unwrap_or(false)
    }
}

pub fn image(alt: &str) -> Image {
    Image {
        bytes: vec![0x89, b'P', b'N', b'G', alt.len() as u8],
        mime: "image/png".into(),
        alt: alt.into(),
    }
}

/// A Graph time `minutes` ago.
pub fn minutes_ago(minutes: i64) -> String {
    graph_time(sangam_domain::now_millis() - minutes * 60_000)
}

pub fn graph_time(at: sangam_domain::Millis) -> String {
    jiff::Timestamp::from_millisecond(at)
        .unwrap()
        .strftime("%Y-%m-%dT%H:%M:%S+0000")
        .to_string()
}

/// Serves images at `{server}/public/img-{n}` for the network to fetch, remembering what it served.
pub struct Images {
    base: String,
    served: Mutex<Vec<Vec<u8>>>,
}

impl Images {
    pub fn new(server: &MockServer) -> Arc<Images> {
        Arc::new(Images {
            base: server.uri(),
            served: Mutex::new(Vec::new()),
        })
    }

    pub fn served(&self) -> Vec<Vec<u8>> {
        self.served.lock().unwrap().clone()
    }
}

#[async_trait]
impl ImageHost for Images {
    async fn public_url(&self, image: &Image) -> Result<String, NetworkError> {
        let mut served = self.served.lock().unwrap();
        served.push(image.bytes.clone());
        Ok(format!("{}/public/img-{}", self.base, served.len() - 1))
    }
}

/// The account's posts as the fake network keeps them.
#[derive(Clone, Default)]
pub struct FakeFeed(Arc<Mutex<Vec<Value>>>);

impl FakeFeed {
    pub fn new() -> FakeFeed {
        FakeFeed::default()
    }

    pub fn ids(&self) -> Vec<String> {
        self.0
            .lock()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// Stores a post with `text` now, then answers `{"id"}` after `delay`.
    pub fn publishes(
        &self,
        text: &str,
        text_field: &str,
        time_field: &str,
        delay: Duration,
    ) -> Publishes {
        Publishes {
            feed: self.clone(),
            text: text.into(),
            text_field: text_field.into(),
            time_field: time_field.into(),
            delay,
        }
    }

    /// Lists the stored posts, newest first, then `older` (`(id, text, time)`), as one `{"data": [...]}` page.
    pub fn lists(&self, older: &[(&str, &str, &str)], text_field: &str, time_field: &str) -> Lists {
        let older = older
            .iter()
            .map(|(id, text, at)| json!({"id": id, text_field: text, time_field: at, "permalink": format!("https://x/{id}"),
                "permalink_url": format!("https://x/{id}")}))
            .collect();
        Lists {
            feed: self.clone(),
            older,
        }
    }
}

pub struct Publishes {
    feed: FakeFeed,
    text: String,
    text_field: String,
    time_field: String,
    delay: Duration,
}

impl Respond for Publishes {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let mut posts = self.feed.0.lock().unwrap();
        let id = format!("post-{}", posts.len() + 1);
        posts.insert(
            0,
            json!({"id": id, self.text_field.as_str(): self.text, self.time_field.as_str(): graph_time(sangam_domain::now_millis()),
                "permalink": format!("https://x/{id}"), "permalink_url": format!("https://x/{id}")}),
        );
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": id, "post_id": id}))
            .set_delay(self.delay)
    }
}

pub struct Lists {
    feed: FakeFeed,
    older: Vec<Value>,
}

impl Respond for Lists {
    fn respond(&self, _request: &Request) -> ResponseTemplate {
        let mut data = self.feed.0.lock().unwrap().clone();
        data.extend(self.older.iter().cloned());
        ResponseTemplate::new(200).set_body_json(json!({"data": data}))
    }
}

/// Matches a body (a multipart one may hold bytes that are not UTF-8) containing `needle`.
pub struct BodyHas(Vec<u8>);

pub fn body_has(needle: &str) -> BodyHas {
    BodyHas(needle.as_bytes().to_vec())
}

impl Match for BodyHas {
    fn matches(&self, request: &Request) -> bool {
        request
            .body
            .windows(self.0.len())
            .any(|w| w == self.0.as_slice())
    }
}
