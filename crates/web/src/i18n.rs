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
    fn the_interface_speaks_hindi() {
        assert_eq!(Tr::new("hi-IN", "UTC").t("nav-dashboard"), "डैशबोर्ड");
        assert_eq!(Tr::new("en-US", "UTC").t("nav-dashboard"), "Dashboard");
        assert_eq!(Tr::new("fr-FR", "UTC").lang(), "en-US");
    }
}
