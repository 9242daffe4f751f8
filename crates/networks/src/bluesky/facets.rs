//! Rich text on Bluesky: links, mentions and hashtags are not markup in the text but "facets" beside it, each naming a
//! range of the text in **UTF-8 bytes** (not characters, not UTF-16 units). Rust strings are UTF-8, so byte offsets
//! come straight from `char_indices`; the tests pin them with emoji and Devanagari, where the three counts differ.

/// A span of the post text and what it stands for. Mentions carry the handle; the connector resolves it to a DID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Span {
    Link {
        start: usize,
        end: usize,
        uri: String,
    },
    Mention {
        start: usize,
        end: usize,
        handle: String,
    },
    Tag {
        start: usize,
        end: usize,
        tag: String,
    },
}

/// Punctuation that ends a hashtag or handle, beyond ASCII: Devanagari danda, typographic quotes and dashes, CJK.
const UNICODE_STOPS: &[char] = &[
    '।', '॥', '…', '“', '”', '‘', '’', '—', '–', '。', '、', '！', '？', '，', '：', '；', '（',
    '）',
];

/// Trailing characters that belong to the sentence, not to a link or handle.
const TRAILING: &[char] = &['.', ',', ';', ':', '!', '?', ')', '"', '\'', ']', '}', '>'];

fn stops_word(c: char) -> bool {
    c.is_whitespace() || (c.is_ascii_punctuation() && c != '_') || UNICODE_STOPS.contains(&c)
}

/// Whether a `@` or `#` at `at` starts a word (start of text, or after whitespace or an opening bracket).
fn at_word_start(text: &str, at: usize) -> bool {
    text[..at]
        .chars()
        .next_back()
        .is_none_or(|c| c.is_whitespace() || "([{\"'“‘".contains(c))
}

/// Finds the facets of a post text, in text order.
pub fn detect(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut covered = 0usize; // bytes before this are inside an earlier span
    for (i, c) in text.char_indices() {
        if i < covered {
            continue;
        }
        let rest = &text[i..];
        if (rest.starts_with("https://") || rest.starts_with("http://")) && at_word_start(text, i) {
            let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let uri = rest[..len].trim_end_matches(TRAILING);
            if uri.len() > "https://".len() {
                spans.push(Span::Link {
                    start: i,
                    end: i + uri.len(),
                    uri: uri.to_string(),
                });
                covered = i + uri.len();
            }
            continue;
        }
        if c == '@' && at_word_start(text, i) {
            let body = &rest[1..];
            let len = body
                .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '.' || ch == '-'))
                .unwrap_or(body.len());
            let handle = body[..len].trim_end_matches(['.', '-']);
            if is_handle(handle) {
                let end = i + 1 + handle.len();
                spans.push(Span::Mention {
                    start: i,
                    end,
                    handle: handle.to_ascii_lowercase(),
                });
                covered = end;
            }
            continue;
        }
        if (c == '#' || c == '＃') && at_word_start(text, i) {
            let body = &rest[c.len_utf8()..];
            let len = body.find(stops_word).unwrap_or(body.len());
            let tag = &body[..len];
            let is_number = tag.chars().all(|ch| ch.is_ascii_digit());
            if !tag.is_empty() && !is_number && tag.chars().count() <= 64 {
                let end = i + c.len_utf8() + tag.len();
                spans.push(Span::Tag {
                    start: i,
                    end,
                    tag: tag.to_string(),
                });
                covered = end;
            }
        }
    }
    spans
}

/// A handle is a domain name: labels of letters, digits and hyphens, at least two, the last not all digits.
fn is_handle(s: &str) -> bool {
    let labels: Vec<&str> = s.split('.').collect();
    labels.len() >= 2
        && s.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|l| l.chars().any(|c| c.is_ascii_alphabetic()))
}

/// The facet JSON for one span; a mention needs the DID it was resolved to.
pub fn facet_json(span: &Span, mention_did: Option<&str>) -> Option<serde_json::Value> {
    let (start, end, feature) = match span {
        Span::Link { start, end, uri } => (
            start,
            end,
            serde_json::json!({"$type": "app.bsky.richtext.facet#link", "uri": uri}),
        ),
        Span::Mention { start, end, .. } => (
            start,
            end,
            serde_json::json!({"$type": "app.bsky.richtext.facet#mention", "did": mention_did?}),
        ),
        Span::Tag { start, end, tag } => (
            start,
            end,
            serde_json::json!({"$type": "app.bsky.richtext.facet#tag", "tag": tag}),
        ),
    };
    Some(serde_json::json!({
        "index": {"byteStart": start, "byteEnd": end},
        "features": [feature],
    }))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn slice(text: &str, span: &Span) -> String {
        let (s, e) = match span {
            Span::Link { start, end, .. }
            | Span::Mention { start, end, .. }
            | Span::Tag { start, end, .. } => (*start, *end),
        };
        String::from_utf8(text.as_bytes()[s..e].to_vec()).unwrap()
    }

    #[test]
    fn ascii_links_mentions_and_tags_get_byte_ranges() {
        let text = "Hi @alice.bsky.social, see https://example.com/a?b=1. #launch";
        let spans = detect(text);
        assert_eq!(
            spans,
            [
                Span::Mention {
                    start: 3,
                    end: 21,
                    handle: "alice.bsky.social".into()
                },
                Span::Link {
                    start: 27,
                    end: 52,
                    uri: "https://example.com/a?b=1".into()
                },
                Span::Tag {
                    start: 54,
                    end: 61,
                    tag: "launch".into()
                },
            ]
        );
    }

    #[test]
    fn emoji_before_a_link_shifts_it_by_four_bytes_each() {
        // 🎉 is one character, two UTF-16 units and four UTF-8 bytes.
        let text = "🎉🎉 https://sangam.example #party🎉";
        let spans = detect(text);
        assert_eq!(
            spans[0],
            Span::Link {
                start: 9,
                end: 31,
                uri: "https://sangam.example".into()
            }
        );
        assert_eq!(slice(text, &spans[0]), "https://sangam.example");
        // The emoji is not punctuation: it stays in the tag, as Bluesky's own parser keeps it.
        assert_eq!(slice(text, &spans[1]), "#party🎉");
    }

    #[test]
    fn devanagari_tags_keep_their_vowel_signs_and_stop_at_the_danda() {
        // Each Devanagari letter or sign is three bytes; "नमस्ते" is 6 characters, 18 bytes.
        let text = "नमस्ते @bob.test! #दिवाली। और #होली";
        let spans = detect(text);
        assert_eq!(spans.len(), 3, "{spans:?}");
        assert_eq!(
            spans[0],
            Span::Mention {
                start: 19,
                end: 28,
                handle: "bob.test".into()
            }
        );
        assert_eq!(slice(text, &spans[0]), "@bob.test");
        assert_eq!(
            spans[1],
            Span::Tag {
                start: 30,
                end: 49,
                tag: "दिवाली".into()
            }
        );
        assert_eq!(slice(text, &spans[1]), "#दिवाली");
        assert_eq!(slice(text, &spans[2]), "#होली");
        let Span::Tag { end, .. } = spans[2] else {
            panic!()
        };
        assert_eq!(end, text.len());
    }

    #[test]
    fn things_that_are_not_facets_are_left_alone() {
        assert!(detect("email me at someone@example.com").is_empty());
        assert!(detect("issue #123 and a#b and @localhost").is_empty());
        assert!(detect("http:// alone").is_empty());
        assert_eq!(
            detect("(see https://a.example/x)"),
            [Span::Link {
                start: 5,
                end: 24,
                uri: "https://a.example/x".into()
            }]
        );
    }

    #[test]
    fn a_mention_without_a_did_has_no_facet() {
        let span = Span::Mention {
            start: 0,
            end: 5,
            handle: "a.bc".into(),
        };
        assert!(facet_json(&span, None).is_none());
        let json = facet_json(&span, Some("did:plc:x")).unwrap();
        assert_eq!(json["index"]["byteEnd"], 5);
        assert_eq!(json["features"][0]["did"], "did:plc:x");
    }
}
