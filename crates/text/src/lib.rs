//! Understanding messages: normalisation, language, sentiment and abuse. Pure (no I/O except the
//! explicit file helpers for training and evaluation) and fast.
//!
//! ```
//! let analyzer = sangam_text::Analyzer::shipped();
//! let a = analyzer.analyze("Thanks, this is great!");
//! assert_eq!(a.lang, "en");
//! assert!(!a.abuse.abusive);
//! ```

pub mod abuse;
pub mod calibration;
pub mod cli;
pub mod dataset;
#[cfg(feature = "encoder")]
pub mod encoder;
pub mod error;
pub mod eval;
mod fast;
pub mod language;
pub mod learning;
pub mod model;
pub mod normalise;
pub mod sentiment;
pub mod team_labels;
pub mod themes;
pub mod topic_query;

pub use abuse::{Abuse, AbuseLabel};
pub use cli::{TrainOptions, analyze_lines, eval as run_eval, train};
pub use dataset::Column;
pub use error::TextError;
pub use eval::{EvalReport, ExpectedQuality, expected_quality};
pub use model::{Hyper, Model, ModelInfo};
pub use sentiment::{Sentiment, SentimentLabel};

use serde::{Deserialize, Serialize};

/// The shipped abuse model (see `model/README.md` for how it was made).
const SHIPPED_MODEL: &[u8] = include_bytes!("../model/abuse.bin");

/// How much the English-trained model's probability counts on Hindi and Hinglish texts.
const HINDI_MODEL_WEIGHT: f64 = 1.2;

/// The analysis of one text; serialises to
/// `{"lang","script","sentiment":{"compound","label"},"abuse":{"abusive","score","labels"}}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    /// ISO 639-1 ("en", "hi", ...) or "und".
    pub lang: String,
    /// ISO 15924 ("Latn", "Deva", ...); "Zyyy" when there are no letters.
    pub script: String,
    /// VADER sentiment.
    pub sentiment: Sentiment,
    /// Abuse verdict.
    pub abuse: Abuse,
}

/// Holds the lexicons and the model; build once and share (it is `Send + Sync`, wrap it in an
/// `Arc`).
#[derive(Debug)]
pub struct Analyzer {
    vader: sentiment::Vader,
    language: language::LanguageIdentifier,
    lexicon: abuse::AbuseLexicon,
    english: abuse::AbuseLexicon,
    model: Option<Model>,
    /// The sentence encoder for the texts the fast path is unsure about (`encoder` feature).
    #[cfg(feature = "encoder")]
    second_stage: Option<std::sync::Arc<encoder::SecondStage>>,
}

impl Analyzer {
    /// The shipped lexicons and model (embedded in the binary).
    pub fn shipped() -> Self {
        let mut a = Self::without_model();
        a.model = Model::from_bytes(SHIPPED_MODEL).ok();
        #[cfg(feature = "encoder")]
        {
            a.second_stage = encoder::shipped_second_stage();
        }
        #[cfg(not(feature = "encoder"))]
        second_stage_off();
        a
    }

    /// The shipped lexicons with a model of your own (for example from `sangam model train`).
    pub fn with_model(model: Model) -> Self {
        let mut a = Self::without_model();
        a.model = Some(model);
        a
    }

    /// Lexicons only (no linear model).
    pub fn without_model() -> Self {
        Analyzer {
            vader: sentiment::shipped_vader(),
            language: language::LanguageIdentifier::new(),
            lexicon: abuse::AbuseLexicon::parse(abuse::ABUSE_LEXICON).with_group_rule(),
            english: abuse::AbuseLexicon::parse(abuse::ENGLISH_LEXICON),
            model: None,
            #[cfg(feature = "encoder")]
            second_stage: None,
        }
    }

    /// The shipped model, if it loaded.
    pub fn shipped_model() -> Result<Model, TextError> {
        Model::from_bytes(SHIPPED_MODEL)
    }

    /// The model in use.
    pub fn model(&self) -> Option<&Model> {
        self.model.as_ref()
    }

    /// The model in use, to learn corrections (`Model::learn_one`).
    pub fn model_mut(&mut self) -> Option<&mut Model> {
        self.model.as_mut()
    }

    /// Analyse one text.
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyze_with(text, self.model.as_ref())
    }

    /// Analyse one text with another model than this analyser's (a workspace's own, trained on
    /// its people's corrections), sharing the lexicons; `None` for lexicons only.
    pub fn analyze_with(&self, text: &str, model: Option<&Model>) -> Analysis {
        let norm = normalise::normalise(text);
        let detected = self.language.detect(&norm);
        let sentiment = sentiment::score(&self.vader, &norm, &detected.lang);
        let words = abuse::words(&norm);
        let ours = self.lexicon.evidence(&words);
        let model_p = model.map(|m| m.decision_score(m.predict_words(&words)));
        // Romanised Hindi words collide with English swear words ("ho", "bhosda" aside, "gand"
        // is also a name): Hindi and Hinglish texts get the Hindi lexicon only.
        let english = if detected.lang == "hi" {
            abuse::Evidence::default()
        } else {
            self.english.evidence(&words)
        };
        // The model learnt English only: on Hindi and Hinglish, and wherever our own lexicon
        // (Hindi, Hinglish, threats) speaks, its probability is one more piece of evidence
        // (noisy-or with the lexicons) rather than the base the lexicons adjust.
        let abuse = if detected.lang == "hi" || !ours.hits.is_empty() && !ours.damped {
            let mut with_model = ours.clone();
            if let Some(p) = model_p {
                // On Devanagari text where no word list of ours or the English one spoke, the model has seen
                // none of the text's n-grams and its score is the training sets' share of abuse: counting it
                // at full weight alone (not lifted) keeps a plain Hindi question from being blurred.
                let weight =
                    if detected.script == "Deva" && ours.hits.is_empty() && english.hits.is_empty()
                    {
                        1.0
                    } else {
                        HINDI_MODEL_WEIGHT
                    };
                with_model
                    .hits
                    .push((AbuseLabel::Insult, (p * weight).min(0.99)));
            }
            abuse::combine(None, &with_model, &english)
        } else {
            abuse::combine(model_p, &ours, &english)
        };
        #[cfg(feature = "encoder")]
        let abuse = self.second_look(text, &detected.lang, abuse);
        Analysis {
            lang: detected.lang,
            script: detected.script.to_owned(),
            sentiment,
            abuse,
        }
    }
}

/// Says once per process that this build has no second stage.
#[cfg(not(feature = "encoder"))]
fn second_stage_off() {
    static SAID: std::sync::Once = std::sync::Once::new();
    SAID.call_once(|| {
        announce(
            "the Shield's second stage (sentence encoder) is off: this build has no `encoder` feature; the fast path decides alone",
        );
    });
}

/// One line about the second stage: to the log where the process has one (`sangam serve`), else
/// to stderr (`sangam eval`, `sangam analyze`, whose stdout is their output).
fn announce(line: &str) {
    if tracing::dispatcher::has_been_set() {
        tracing::info!("{line}");
    } else {
        eprintln!("{line}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_model_loads_and_was_trained_on_shippable_sets_only() {
        let m = Analyzer::shipped_model();
        assert!(m.is_ok(), "{m:?}");
        let Ok(m) = m else { return };
        let allowed = [
            "tweeteval_offensive_train",
            "tweeteval_hate_train",
            "davidson_labeled_data",
        ];
        assert!(!m.info.trained_on.is_empty());
        for f in &m.info.trained_on {
            assert!(allowed.iter().any(|a| f.starts_with(a)), "{f}");
        }
        assert!(Analyzer::shipped().model().is_some());
    }

    #[test]
    fn the_analyzer_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Analyzer>();
    }

    #[test]
    fn analysis_serialises_to_the_documented_shape() {
        let a = Analysis {
            lang: "hi".into(),
            script: "Latn".into(),
            sentiment: Sentiment {
                compound: -0.62,
                label: SentimentLabel::Negative,
            },
            abuse: Abuse {
                abusive: true,
                score: 0.91,
                labels: vec![AbuseLabel::Insult],
            },
        };
        let json = serde_json::to_string(&a).unwrap_or_default();
        assert_eq!(
            json,
            r#"{"lang":"hi","script":"Latn","sentiment":{"compound":-0.62,"label":"negative"},"abuse":{"abusive":true,"score":0.91,"labels":["insult"]}}"#
        );
    }
}
