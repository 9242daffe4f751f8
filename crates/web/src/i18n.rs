//! Every user-visible string goes through Fluent. `en-US` and `hi-IN` are complete; a missing Hindi string falls
//! back to English rather than showing an id.

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{Loader, static_loader};
use jiff::tz::TimeZone;
use sangam_domain::Millis;
use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use unic_langid::LanguageIdentifier;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en-US",
        // Unicode isolation marks around arguments confuse copy-paste and tests; our arguments are plain.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// The languages a person can pick, as (code, name in that language).
pub const LANGUAGES: &[(&str, &str)] = &[("en-US", "English"), ("hi-IN", "हिन्दी")];

pub fn is_supported(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| *c == code)
}

/// The supported language a browser asks for first in its `Accept-Language` header (`hi-IN,hi;q=0.9,en;q=0.8`),
/// matching a bare language (`hi`) to its regional catalogue; English when none matches. For pages shown before
/// anyone has signed in (sign-in, invitation and reset links).
pub fn from_accept_language(headers: &axum::http::HeaderMap) -> &'static str {
    let Some(header) = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
    else {
        return "en-US";
    };
    let mut wanted: Vec<(f32, usize, &str)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut bits = part.split(';');
            let tag = bits.next()?.trim();
            let q = bits
                .find_map(|b| b.trim().strip_prefix("q="))
                .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
            (!tag.is_empty() && q > 0.0).then_some((q, i, tag))
        })
        .collect();
    // Highest quality first; equal qualities keep the browser's order.
    wanted.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, _, tag) in wanted {
        let primary = tag.split('-').next().unwrap_or(tag);
        let found = LANGUAGES.iter().map(|(c, _)| *c).find(|code| {
            code.eq_ignore_ascii_case(tag)
                || code
                    .split('-')
                    .next()
                    .is_some_and(|p| p.eq_ignore_ascii_case(primary))
        });
        if let Some(code) = found {
            return code;
        }
    }
    "en-US"
}

/// A translator bound to the viewer's language and time zone; templates call it as `t`.
#[derive(Clone, Debug)]
pub struct Tr {
    lang: LanguageIdentifier,
    code: &'static str,
    tz: TimeZone,
}

impl Tr {
    pub fn new(language: &str, time_zone: &str) -> Self {
        let code = LANGUAGES
            .iter()
            .map(|(c, _)| *c)
            .find(|c| *c == language)
            .unwrap_or("en-US");
        let lang = code.parse().unwrap_or_default();
        Tr {
            lang,
            code,
            tz: crate::time_fmt::zone(time_zone),
        }
    }

    /// The message `id`.
    pub fn t(&self, id: &str) -> String {
        LOCALES.lookup(&self.lang, id)
    }

    /// The message `id` with one argument.
    pub fn t1(&self, id: &str, name: &'static str, value: impl ToString) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(value.to_string()));
        LOCALES.lookup_with_args(&self.lang, id, &args)
    }

    /// The message `id` with a count argument `name`, passed as a number so the message can choose its plural form
    /// (`[one]` / `*[other]`; Hindi's "one" covers 0 and 1).
    pub fn t_count(&self, id: &str, name: &'static str, count: i64) -> String {
        let mut args: HashMap<Cow<'static, str>, FluentValue<'_>> = HashMap::new();
        args.insert(Cow::Borrowed(name), FluentValue::from(count));
        LOCALES.lookup_with_args(&self.lang, id, &args)
    }

    /// A stored time in the viewer's zone. Takes a reference or a value, as templates pass either.
    pub fn time(&self, millis: impl Borrow<Millis>) -> String {
        crate::time_fmt::local(*millis.borrow(), &self.tz)
    }

    pub fn iso(&self, millis: impl Borrow<Millis>) -> String {
        crate::time_fmt::iso(*millis.borrow())
    }

    /// The message `{prefix}-{suffix}`, for names kept as codes (roles, states, statuses).
    pub fn named(&self, prefix: &str, suffix: &str) -> String {
        self.t(&format!("{prefix}-{suffix}"))
    }

    pub fn zone(&self) -> &TimeZone {
        &self.tz
    }

    /// The `lang` attribute of the page.
    pub fn lang(&self) -> &'static str {
        self.code
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn ids(path: &str) -> BTreeSet<String> {
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.starts_with(' ') && l.contains(" ="))
            .filter_map(|l| l.split(" =").next())
            .map(|s| s.trim().to_string())
            .collect()
    }

    #[test]
    fn hindi_has_every_english_message() {
        let en = ids(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/en-US/main.ftl"
        ));
        let hi = ids(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/locales/hi-IN/main.ftl"
        ));
        assert!(en.len() > 50, "the English messages were read");
        let missing: Vec<_> = en.difference(&hi).collect();
        assert!(missing.is_empty(), "missing in hi-IN: {missing:?}");
    }

    #[test]
    fn the_browser_language_picks_the_catalogue() {
        let with = |v: &str| {
            let mut h = axum::http::HeaderMap::new();
            h.insert(
                axum::http::header::ACCEPT_LANGUAGE,
                axum::http::HeaderValue::from_str(v).unwrap(),
            );
            from_accept_language(&h)
        };
        assert_eq!(with("hi-IN,hi;q=0.9,en;q=0.8"), "hi-IN");
        assert_eq!(with("hi"), "hi-IN");
        assert_eq!(with("fr-FR,hi;q=0.5,en;q=0.4"), "hi-IN");
        assert_eq!(with("en-GB,hi;q=0.9"), "en-US");
        assert_eq!(with("de, fr"), "en-US");
        assert_eq!(with("hi;q=0, en"), "en-US");
        assert_eq!(from_accept_language(&axum::http::HeaderMap::new()), "en-US");
    }

    #[test]
    fn the_interface_speaks_hindi() {
        assert_eq!(Tr::new("hi-IN", "UTC").t("nav-dashboard"), "डैशबोर्ड");
        assert_eq!(Tr::new("en-US", "UTC").t("nav-dashboard"), "Dashboard");
        assert_eq!(Tr::new("fr-FR", "UTC").lang(), "en-US");
    }
}
