//! Mastodon search for listening, on one instance (`listening.mastodon_instance`): a search made only of hashtags
//! reads the public hashtag timeline (`GET /api/v1/timelines/tag/:hashtag`, paged with `max_id`); anything else asks
//! `GET /api/v2/search?type=statuses`, which many instances answer only to signed-in accounts or only for the
//! instance's own posts: an instance that refuses is reported, not retried forever.

use super::api::parse_time;
use super::html::to_text;
use crate::NetworkError;
use crate::http::{self, HttpConfig};
use crate::listen::{HeardPage, HeardPost, Listen};
use async_trait::async_trait;
use reqwest::Url;
use sangam_domain::NetworkKind;
use sangam_text::topic_query::Search;

/// Statuses asked for per page (Mastodon allows 40).
const PAGE: usize = 40;

pub struct MastodonSearch {
    http: reqwest::Client,
    instance: Url,
}

impl MastodonSearch {
    pub fn new(config: &HttpConfig, instance: &str) -> Result<MastodonSearch, NetworkError> {
        let instance = http::base_url(instance, config)
            .map_err(|e| NetworkError::rejected(format!("Mastodon instance address: {e}")))?;
        Ok(MastodonSearch {
            http: config.client()?,
            instance,
        })
    }

    async fn get(
        &self,
        path: &str,
        query: &[(&str, String)],
    ) -> Result<serde_json::Value, NetworkError> {
        let url = self
            .instance
            .join(path)
            .map_err(|e| NetworkError::rejected(format!("bad path {path}: {e}")))?;
        let response = self
            .http
            .get(url)
            .query(query)
            .send()
            .await
            .map_err(|e| http::transport_error(&e))?;
        let status = response.status();
        if !status.is_success() {
            let body = response.text().await.unwrap_or_default();
            return Err(http::status_error(
                status,
                &body.chars().take(200).collect::<String>(),
            ));
        }
        response.json().await.map_err(|e| {
            NetworkError::rejected(format!(
                "the answer to {path} was not JSON we understand: {e}"
            ))
        })
    }
}

fn heard(s: &serde_json::Value) -> Option<HeardPost> {
    let id = s["id"].as_str()?;
    let account = &s["account"];
    let acct = account["acct"].as_str()?.to_string();
    Some(HeardPost {
        remote_id: s["uri"].as_str().unwrap_or(id).to_string(),
        author_name: account["display_name"]
            .as_str()
            .filter(|n| !n.is_empty())
            .unwrap_or(&acct)
            .to_string(),
        author_handle: acct,
        text: to_text(s["content"].as_str().unwrap_or_default()),
        url: s["url"].as_str().map(str::to_string),
        posted_at: s["created_at"].as_str().and_then(parse_time)?,
        lang: s["language"].as_str().unwrap_or_default().to_string(),
    })
}

/// The page's statuses and the cursor to the older page: the last status's id for timelines (`max_id`), the next
/// offset for search.
fn page(
    statuses: &[serde_json::Value],
    next: impl FnOnce(&[serde_json::Value]) -> Option<String>,
) -> HeardPage {
    let posts: Vec<HeardPost> = statuses.iter().filter_map(heard).collect();
    let next_cursor = if statuses.len() < PAGE {
        None
    } else {
        next(statuses)
    };
    HeardPage { posts, next_cursor }
}

#[async_trait]
impl Listen for MastodonSearch {
    fn kind(&self) -> NetworkKind {
        NetworkKind::Mastodon
    }

    async fn search(
        &self,
        search: &Search,
        cursor: Option<&str>,
    ) -> Result<HeardPage, NetworkError> {
        if search.terms.is_empty()
            && let Some(tag) = search.hashtags.first()
        {
            let mut query = vec![("limit", PAGE.to_string())];
            for other in search.hashtags.iter().skip(1) {
                query.push(("all[]", other.clone()));
            }
            if let Some(max_id) = cursor {
                query.push(("max_id", max_id.to_string()));
            }
            let path = format!("/api/v1/timelines/tag/{}", urlencode(tag));
            let answer = self.get(&path, &query).await?;
            let statuses = answer.as_array().cloned().unwrap_or_default();
            return Ok(page(&statuses, |s| {
                s.last().and_then(|l| l["id"].as_str()).map(str::to_string)
            }));
        }
        let offset: usize = cursor.and_then(|c| c.parse().ok()).unwrap_or(0);
        let query = vec![
            ("q", search.text()),
            ("type", "statuses".to_string()),
            ("limit", PAGE.to_string()),
            ("offset", offset.to_string()),
        ];
        let answer = self.get("/api/v2/search", &query).await?;
        let statuses = answer["statuses"].as_array().cloned().unwrap_or_default();
        Ok(page(&statuses, |s| Some((offset + s.len()).to_string())))
    }
}

fn urlencode(tag: &str) -> String {
    tag.chars()
        .filter(|c| c.is_alphanumeric() || *c == '_')
        .collect()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use wiremock::matchers::{method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn status(id: &str) -> serde_json::Value {
        serde_json::json!({
            "id": id, "uri": format!("https://m.example/users/asha/statuses/{id}"),
            "url": format!("https://m.example/@asha/{id}"),
            "created_at": "2026-03-01T10:00:00.000Z", "language": "en",
            "content": "<p>Loving <a href=\"https://m.example/tags/acme\">#<span>acme</span></a></p>",
            "account": {"acct": "asha@m.example", "display_name": "Asha"}
        })
    }

    #[tokio::test]
    async fn hashtags_read_the_tag_timeline_and_words_the_search() {
        let server = MockServer::start().await;
        let full: Vec<_> = (0..40).map(|i| status(&format!("{}", 1000 - i))).collect();
        Mock::given(method("GET"))
            .and(path("/api/v1/timelines/tag/acme"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::Value::Array(full)))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v2/search"))
            .and(query_param("type", "statuses"))
            .and(query_param("q", "acme"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_json(serde_json::json!({"statuses": [status("7")]})),
            )
            .mount(&server)
            .await;
        let s = MastodonSearch::new(&HttpConfig::loopback_for_tests(), &server.uri()).unwrap();
        let tags = Search {
            hashtags: vec!["acme".into()],
            ..Search::default()
        };
        let page = s.search(&tags, None).await.unwrap();
        assert_eq!(page.posts.len(), 40);
        assert_eq!(page.posts[0].text, "Loving #acme");
        assert_eq!(page.next_cursor.as_deref(), Some("961"));
        let words = Search {
            terms: vec!["acme".into()],
            ..Search::default()
        };
        let page = s.search(&words, None).await.unwrap();
        assert_eq!(page.posts[0].author_handle, "asha@m.example");
        assert_eq!(page.next_cursor, None);
    }
}
