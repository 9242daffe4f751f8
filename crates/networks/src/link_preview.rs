//! Link cards: Sangam reads the first link of a post itself (title, description, preview image) for networks that
//! expect the client to bring the card (Bluesky). The link is typed by a person, so the fetch follows the outbound
//! rules of [`crate::http`]: https and public addresses only (unless allowed), checked again at every redirect and DNS
//! lookup, a short timeout, and size caps on the page and the image.

use crate::http::{self, HttpConfig};
use crate::{Image, LinkCard};
use reqwest::Url;
use std::time::Duration;

/// How much of a page is read looking for its `<head>` tags.
const MAX_PAGE_BYTES: usize = 512 * 1024;
/// The preview image's cap: Bluesky's blob limit, the strictest network that takes one.
pub const MAX_THUMB_BYTES: usize = 1_000_000;
/// Redirects followed (each one checked like the first address).
const MAX_REDIRECTS: usize = 3;
/// A link card is a nicety: a slow site must not hold the composer up for long.
const TIMEOUT: Duration = Duration::from_secs(8);
/// Title and description are cut to what the cards show.
const MAX_TITLE_CHARS: usize = 300;
const MAX_DESCRIPTION_CHARS: usize = 1_000;

/// The first `http(s)://` link in a text, without the punctuation that usually ends a sentence around it.
pub fn first_url(text: &str) -> Option<String> {
    text.split_whitespace().find_map(|word| {
        let start = word.find("https://").or_else(|| word.find("http://"))?;
        let url = word[start..].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'']);
        Url::parse(url).ok().map(|_| url.to_string())
    })
}

/// `config` with its timeouts cut to the previews' own.
fn within_timeout(config: &HttpConfig) -> HttpConfig {
    HttpConfig {
        timeout: config.timeout.min(TIMEOUT),
        connect_timeout: config.connect_timeout.min(TIMEOUT),
        allow_private: config.allow_private,
    }
}

/// Fetches the card for `url`, or says in a sentence why there is none.
pub async fn fetch(url: &str, config: &HttpConfig) -> Result<LinkCard, String> {
    let config = within_timeout(config);
    let client = config.client().map_err(|e| e.to_string())?;
    let (final_url, page) = get_capped(&client, url, &config, MAX_PAGE_BYTES, "text/html").await?;
    let page = String::from_utf8_lossy(&page);
    let head = Head::parse(&page);
    let title = head
        .meta("og:title")
        .or_else(|| head.meta("twitter:title"))
        .or(head.title.clone())
        .unwrap_or_default();
    let description = head
        .meta("og:description")
        .or_else(|| head.meta("description"))
        .or_else(|| head.meta("twitter:description"))
        .unwrap_or_default();
    if title.is_empty() && description.is_empty() {
        return Err(format!(
            "{url} has no title or description to show in a card"
        ));
    }
    let thumb = match head.meta("og:image").or_else(|| head.meta("twitter:image")) {
        Some(src) => match final_url.join(&src) {
            Ok(src) => thumb(&client, src.as_str(), &config).await.ok(),
            Err(_) => None,
        },
        None => None,
    };
    Ok(LinkCard {
        url: url.to_string(),
        title: cut(&title, MAX_TITLE_CHARS),
        description: cut(&description, MAX_DESCRIPTION_CHARS),
        thumb,
    })
}

/// The image at `url` (a bulk upload names its images by address), fetched under the same rules as a link card:
/// https and public addresses only (unless allowed), checked at every redirect, `cap` bytes at most.
pub async fn fetch_image(url: &str, config: &HttpConfig, cap: usize) -> Result<Image, String> {
    let config = within_timeout(config);
    let client = config.client().map_err(|e| e.to_string())?;
    image(&client, url, &config, cap).await
}

async fn thumb(client: &reqwest::Client, url: &str, config: &HttpConfig) -> Result<Image, String> {
    image(client, url, config, MAX_THUMB_BYTES).await
}

async fn image(
    client: &reqwest::Client,
    url: &str,
    config: &HttpConfig,
    cap: usize,
) -> Result<Image, String> {
    let (_, bytes) = get_capped(client, url, config, cap, "image/").await?;
    let mime = sniff_image(&bytes).ok_or("the image is not PNG, JPEG, GIF or WebP")?;
    Ok(Image {
        bytes,
        mime: mime.to_string(),
        alt: String::new(),
    })
}

/// GET with the address checked at every hop, and the body read up to `cap` bytes (a page is cut there; an image
/// over the cap is refused).
async fn get_capped(
    client: &reqwest::Client,
    url: &str,
    config: &HttpConfig,
    cap: usize,
    wanted: &str,
) -> Result<(Url, Vec<u8>), String> {
    let mut url = checked(url, config)?;
    for _ in 0..=MAX_REDIRECTS {
        let mut response =
            client.get(url.clone()).send().await.map_err(|e| {
                format!("{url} could not be fetched: {}", http::transport_error(&e))
            })?;
        if response.status().is_redirection() {
            let location = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|v| v.to_str().ok())
                .ok_or_else(|| format!("{url} redirects without saying where"))?;
            let next = url
                .join(location)
                .map_err(|_| format!("{url} redirects to an address that is not one"))?;
            url = checked(next.as_str(), config)?;
            continue;
        }
        if !response.status().is_success() {
            return Err(format!(
                "{url} answered HTTP {}",
                response.status().as_u16()
            ));
        }
        let kind = response
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_ascii_lowercase();
        if !kind.starts_with(wanted) {
            return Err(format!("{url} is {kind:?}, not {wanted}"));
        }
        let mut body = Vec::new();
        while let Some(chunk) = response
            .chunk()
            .await
            .map_err(|e| format!("{url} could not be read: {e}"))?
        {
            body.extend_from_slice(&chunk);
            if body.len() > cap {
                if wanted == "text/html" {
                    body.truncate(cap);
                    break;
                }
                return Err(format!("{url} is larger than {cap} bytes"));
            }
        }
        return Ok((url, body));
    }
    Err(format!("{url} redirects more than {MAX_REDIRECTS} times"))
}

/// The same rules as a typed server address (https, public unless allowed), keeping the path and query.
fn checked(raw: &str, config: &HttpConfig) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|_| format!("{raw:?} is not a web address"))?;
    http::base_url(raw, config).map_err(|e| format!("{raw} cannot be fetched: {e}"))?;
    Ok(url)
}

fn sniff_image(bytes: &[u8]) -> Option<&'static str> {
    match bytes {
        [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => Some("image/png"),
        [0xFF, 0xD8, 0xFF, ..] => Some("image/jpeg"),
        [b'G', b'I', b'F', b'8', b'7' | b'9', b'a', ..] => Some("image/gif"),
        [
            b'R',
            b'I',
            b'F',
            b'F',
            _,
            _,
            _,
            _,
            b'W',
            b'E',
            b'B',
            b'P',
            ..,
        ] => Some("image/webp"),
        _ => None,
    }
}

fn cut(text: &str, max: usize) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= max {
        return text;
    }
    let mut out: String = text.chars().take(max - 1).collect();
    out.push('…');
    out
}

/// The `<meta>` tags and `<title>` of a page, read without a full HTML parser: enough for cards, never executed.
#[derive(Debug, Default)]
struct Head {
    metas: Vec<(String, String)>,
    title: Option<String>,
}

impl Head {
    fn parse(page: &str) -> Head {
        let mut head = Head::default();
        let lower = page.to_ascii_lowercase();
        let mut at = 0;
        while let Some(found) = lower[at..].find("<meta") {
            let start = at + found;
            let Some(len) = lower[start..].find('>') else {
                break;
            };
            let tag = &page[start + 5..start + len];
            let attrs = attributes(tag);
            let key = attrs
                .iter()
                .find(|(k, _)| k == "property" || k == "name")
                .map(|(_, v)| v.to_ascii_lowercase());
            let content = attrs
                .iter()
                .find(|(k, _)| k == "content")
                .map(|(_, v)| v.clone());
            if let (Some(key), Some(content)) = (key, content) {
                head.metas.push((key, decode_entities(&content)));
            }
            at = start + len;
        }
        if let Some(start) = lower.find("<title")
            && let Some(open_end) = lower[start..].find('>')
            && let Some(close) = lower[start + open_end..].find("</title")
        {
            let text = &page[start + open_end + 1..start + open_end + close];
            head.title = Some(decode_entities(text.trim())).filter(|t| !t.is_empty());
        }
        head
    }

    fn meta(&self, key: &str) -> Option<String> {
        self.metas
            .iter()
            .find(|(k, v)| k == key && !v.trim().is_empty())
            .map(|(_, v)| v.trim().to_string())
    }
}

/// `name="value"` pairs of one tag (names lower-cased; quotes single, double or none).
fn attributes(tag: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let chars: Vec<char> = tag.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && (chars[i].is_whitespace() || chars[i] == '/') {
            i += 1;
        }
        let name_start = i;
        while i < chars.len() && !chars[i].is_whitespace() && chars[i] != '=' {
            i += 1;
        }
        let name: String = chars[name_start..i]
            .iter()
            .collect::<String>()
            .to_ascii_lowercase();
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i >= chars.len() || chars[i] != '=' {
            if !name.is_empty() {
                out.push((name, String::new()));
            }
            continue;
        }
        i += 1;
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let value: String = match chars.get(i) {
            Some(&q) if q == '"' || q == '\'' => {
                let start = i + 1;
                i = start;
                while i < chars.len() && chars[i] != q {
                    i += 1;
                }
                let v = chars[start..i.min(chars.len())].iter().collect();
                i += 1;
                v
            }
            _ => {
                let start = i;
                while i < chars.len() && !chars[i].is_whitespace() {
                    i += 1;
                }
                chars[start..i].iter().collect()
            }
        };
        out.push((name, value));
    }
    out
}

fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let tail = &rest[amp..];
        let Some(semi) = tail.find(';').filter(|s| *s <= 10) else {
            out.push('&');
            rest = &tail[1..];
            continue;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" | "#39" => Some('\''),
            "nbsp" => Some(' '),
            e if e.starts_with("#x") || e.starts_with("#X") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn the_first_link_is_found_without_its_trailing_punctuation() {
        assert_eq!(
            first_url("Menu: https://example.com/monsoon?x=1. Come!").as_deref(),
            Some("https://example.com/monsoon?x=1")
        );
        assert_eq!(first_url("no links here"), None);
    }

    #[test]
    fn cards_read_open_graph_tags_then_the_title() {
        let page = r#"<html><head><title>Fallback &amp; more</title>
            <meta property="og:title" content="Monsoon &quot;menu&quot;">
            <meta name='description' content='Rain &#x26; chai'>
            <meta property=og:image content=/thumb.png></head>"#;
        let head = Head::parse(page);
        assert_eq!(head.meta("og:title").as_deref(), Some("Monsoon \"menu\""));
        assert_eq!(head.meta("description").as_deref(), Some("Rain & chai"));
        assert_eq!(head.meta("og:image").as_deref(), Some("/thumb.png"));
        assert_eq!(head.title.as_deref(), Some("Fallback & more"));
    }

    #[tokio::test]
    async fn a_page_gives_its_card_and_its_preview_image_within_the_caps() {
        use wiremock::matchers::{method, path};
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        let page = format!(
            r#"<html><head><meta property="og:title" content="Monsoon menu">
            <meta property="og:description" content="Rain, chai &amp; pakoras">
            <meta property="og:image" content="{}/thumb.png"></head><body>hi</body></html>"#,
            server.uri()
        );
        Mock::given(method("GET"))
            .and(path("/menu"))
            .respond_with(ResponseTemplate::new(301).insert_header("Location", "/menu2"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/menu2"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html; charset=utf-8"))
            .mount(&server)
            .await;
        let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0];
        Mock::given(method("GET"))
            .and(path("/thumb.png"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(png.to_vec(), "image/png"))
            .mount(&server)
            .await;
        let url = format!("{}/menu", server.uri());
        let card = fetch(&url, &HttpConfig::loopback_for_tests())
            .await
            .unwrap();
        assert_eq!(card.url, url, "the card links to what the author wrote");
        assert_eq!(card.title, "Monsoon menu");
        assert_eq!(card.description, "Rain, chai & pakoras");
        let thumb = card.thumb.unwrap();
        assert_eq!((thumb.mime.as_str(), thumb.bytes.len()), ("image/png", 10));

        // An image over the cap is left out; the card still goes.
        let big = MockServer::start().await;
        let page = format!(
            r#"<title>Big</title><meta property="og:image" content="{}/big.png">"#,
            big.uri()
        );
        Mock::given(method("GET"))
            .and(path("/"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(page, "text/html"))
            .mount(&big)
            .await;
        let mut huge = png.to_vec();
        huge.resize(MAX_THUMB_BYTES + 10, 0);
        Mock::given(method("GET"))
            .and(path("/big.png"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(huge, "image/png"))
            .mount(&big)
            .await;
        let card = fetch(
            &format!("{}/", big.uri()),
            &HttpConfig::loopback_for_tests(),
        )
        .await
        .unwrap();
        assert_eq!(card.title, "Big");
        assert!(card.thumb.is_none());
    }

    #[tokio::test]
    async fn private_addresses_are_not_fetched() {
        let err = fetch("https://127.0.0.1/", &HttpConfig::default())
            .await
            .unwrap_err();
        assert!(err.contains("private"), "{err}");
        let err = fetch("http://example.com/", &HttpConfig::default())
            .await
            .unwrap_err();
        assert!(err.contains("https"), "{err}");
    }
}
