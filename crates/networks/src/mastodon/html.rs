//! Mastodon sends status text as HTML. Sangam stores messages as plain text (templates escape them again on the
//! way out), so tags are dropped, paragraphs and line breaks kept, and entities decoded.

pub fn to_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&decode(&rest[..start]));
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&decode(&rest[start..]));
            rest = "";
            break;
        };
        let tag = rest[start + 1..start + end].trim().to_ascii_lowercase();
        if tag.starts_with("br") {
            out.push('\n');
        } else if tag == "/p" {
            out.push_str("\n\n");
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(&decode(rest));
    out.trim().to_string()
}

fn decode(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let Some(semi) = after.find(';').filter(|&i| i <= 10) else {
            out.push('&');
            rest = &after[1..];
            continue;
        };
        let entity = &after[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::to_text;

    #[test]
    fn status_html_becomes_plain_text() {
        let html = "<p><span class=\"h-card\"><a href=\"https://x.example/@acme\" class=\"u-url mention\">@<span>acme</span></a></span> \
                    loved it &amp; more &lt;3</p><p>second<br />line &#39;ok&#39; &#x1F600;</p>";
        assert_eq!(
            to_text(html),
            "@acme loved it & more <3\n\nsecond\nline 'ok' 😀"
        );
    }

    #[test]
    fn script_looking_text_stays_text_and_unknown_entities_stay_put() {
        assert_eq!(
            to_text("&lt;script&gt;x&lt;/script&gt;"),
            "<script>x</script>"
        );
        assert_eq!(to_text("a &bogus; b & c"), "a &bogus; b & c");
        assert_eq!(to_text("नमस्ते <b>दुनिया</b>"), "नमस्ते दुनिया");
    }
}
