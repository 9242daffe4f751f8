//! Counting a post's length the way each network counts it, so the composer's counter and the server agree with the
//! network: Bluesky counts graphemes (300), Mastodon counts characters with every link as 23 (500).

use crate::network::NetworkKind;
use unicode_segmentation::UnicodeSegmentation;

/// Mastodon counts every URL as this many characters, whatever its real length.
pub const MASTODON_URL_LENGTH: usize = 23;

pub fn count_for(network: NetworkKind, text: &str) -> usize {
    match network {
        NetworkKind::Bluesky => text.graphemes(true).count(),
        NetworkKind::Mastodon | NetworkKind::Sandbox => mastodon_length(text),
    }
}

/// Characters, with each `http(s)://` link counted as [`MASTODON_URL_LENGTH`].
fn mastodon_length(text: &str) -> usize {
    text.split_inclusive(char::is_whitespace)
        .map(|word| {
            let bare = word.trim_end();
            let trailing = word.chars().count() - bare.chars().count();
            if bare.starts_with("http://") || bare.starts_with("https://") {
                MASTODON_URL_LENGTH + trailing
            } else {
                word.chars().count()
            }
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bluesky_counts_a_family_emoji_as_one() {
        assert_eq!(count_for(NetworkKind::Bluesky, "👨‍👩‍👧"), 1);
        assert_eq!(count_for(NetworkKind::Bluesky, "नमस्ते"), 3);
    }

    #[test]
    fn mastodon_counts_every_link_as_twenty_three() {
        let long = "see https://example.com/a/very/long/path/that/goes/on/and/on now";
        assert_eq!(
            count_for(NetworkKind::Mastodon, long),
            "see ".len() + 23 + " now".len()
        );
        assert_eq!(count_for(NetworkKind::Mastodon, "hi"), 2);
    }
}
