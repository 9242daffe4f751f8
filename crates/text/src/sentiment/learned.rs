//! A sentiment model a team teaches with its own corrections, like the abuse one: two hashed linear models (negative
//! or not, positive or not) on the same features as the abuse model, learning one corrected message at a time
//! (`Model::learn_one`). It moves VADER's compound by what it learned, and more the more it has learned, so an
//! untaught model changes nothing.

use super::{Sentiment, SentimentLabel};
use crate::model::Model;

/// Weights of each of the two models: 2^16.
const BITS: u8 = 16;
/// Corrections after which the model's shift is at its full weight.
const FULL_WEIGHT_AT: f64 = 200.0;
/// The most the model moves the compound score.
const MAX_SHIFT: f64 = 0.15;

/// The team's sentiment model.
#[derive(Clone, Debug)]
pub struct SentimentModel {
    negative: Model,
    positive: Model,
    corrections: u64,
}

impl Default for SentimentModel {
    fn default() -> Self {
        SentimentModel {
            negative: Model::empty(BITS),
            positive: Model::empty(BITS),
            corrections: 0,
        }
    }
}

impl SentimentModel {
    /// Learns one corrected message: `label` is what a person said it is.
    pub fn learn_one(&mut self, text: &str, label: SentimentLabel) {
        self.negative
            .learn_one(text, label == SentimentLabel::Negative);
        self.positive
            .learn_one(text, label == SentimentLabel::Positive);
        self.corrections += 1;
    }

    /// Corrections learned.
    pub fn corrections(&self) -> u64 {
        self.corrections
    }

    /// VADER's reading of `text` moved by what the model learned: by up to 0.15 towards the class it prefers,
    /// weighted by how much it has learned (nothing before its first correction).
    pub fn adjust(&self, text: &str, vader: Sentiment) -> Sentiment {
        if self.corrections == 0 {
            return vader;
        }
        let norm = crate::normalise::normalise(text);
        let shift =
            self.positive.predict_normalised(&norm) - self.negative.predict_normalised(&norm);
        let weight = (self.corrections as f64 / FULL_WEIGHT_AT).min(1.0) * MAX_SHIFT;
        let compound = (vader.compound + weight * shift).clamp(-1.0, 1.0);
        Sentiment {
            compound,
            label: SentimentLabel::from_compound(compound),
        }
    }

    /// The model's bytes (both models in sangam_text's model format, each after its length).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.corrections.to_le_bytes().to_vec();
        for m in [&self.negative, &self.positive] {
            let b = m.to_bytes();
            out.extend_from_slice(&(b.len() as u64).to_le_bytes());
            out.extend_from_slice(&b);
        }
        out
    }

    /// Reads [`SentimentModel::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, crate::TextError> {
        let bad = || crate::TextError::BadModel("a sentiment model is cut short".to_owned());
        let take = |at: usize, n: usize| bytes.get(at..at + n).ok_or_else(bad);
        let u64_at = |at: usize| -> Result<u64, crate::TextError> {
            let mut b = [0u8; 8];
            b.copy_from_slice(take(at, 8)?);
            Ok(u64::from_le_bytes(b))
        };
        let corrections = u64_at(0)?;
        let n = usize::try_from(u64_at(8)?).map_err(|_| bad())?;
        let negative = Model::from_bytes(take(16, n)?)?;
        let m = usize::try_from(u64_at(16 + n)?).map_err(|_| bad())?;
        let positive = Model::from_bytes(take(24 + n, m)?)?;
        Ok(SentimentModel {
            negative,
            positive,
            corrections,
        })
    }
}

/// Macro-recall on `eval` of VADER (with the Hindi profile where the analyser says so) moved by a model that learned
/// the first 0, 100, 1,000 and all rows of `learn`, as (corrections, macro-recall): the learning curve.
pub fn learning_curve(
    analyzer: &crate::Analyzer,
    learn: &[(String, SentimentLabel)],
    eval: &[(String, SentimentLabel)],
) -> Vec<(usize, f64)> {
    let gold: Vec<SentimentLabel> = eval.iter().map(|(_, l)| *l).collect();
    let base: Vec<Sentiment> = eval
        .iter()
        .map(|(t, _)| analyzer.analyze(t).sentiment)
        .collect();
    let mut model = SentimentModel::default();
    let mut out = Vec::new();
    let mut learned = 0;
    for at in [0, 100, 1_000, learn.len()] {
        let at = at.min(learn.len());
        if at < learned || out.iter().any(|(n, _)| *n == at) {
            continue;
        }
        for (t, l) in &learn[learned..at] {
            model.learn_one(t, *l);
        }
        learned = at;
        let pred: Vec<SentimentLabel> = eval
            .iter()
            .zip(&base)
            .map(|((t, _), s)| model.adjust(t, *s).label)
            .collect();
        out.push((at, crate::eval::macro_recall(&gold, &pred)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn neutral() -> Sentiment {
        Sentiment {
            compound: 0.0,
            label: SentimentLabel::Neutral,
        }
    }

    #[test]
    fn an_untaught_model_changes_nothing_and_a_taught_one_leans_its_way() {
        let mut m = SentimentModel::default();
        let probe = "the recharge went through in a minute";
        assert_eq!(m.adjust(probe, neutral()), neutral());
        for i in 0..60 {
            m.learn_one(
                &format!("the recharge went through {i}"),
                SentimentLabel::Positive,
            );
            m.learn_one(
                &format!("app stuck on the loading screen {i}"),
                SentimentLabel::Negative,
            );
        }
        assert_eq!(m.corrections(), 120);
        assert_eq!(m.adjust(probe, neutral()).label, SentimentLabel::Positive);
        let stuck = m.adjust("the app is stuck again", neutral());
        assert_eq!(stuck.label, SentimentLabel::Negative, "{stuck:?}");
        let back = SentimentModel::from_bytes(&m.to_bytes());
        assert!(back.is_ok());
        let back = back.unwrap_or_default();
        assert_eq!(back.corrections(), 120);
        assert_eq!(
            back.adjust(probe, neutral()).label,
            SentimentLabel::Positive
        );
        assert!(SentimentModel::from_bytes(&m.to_bytes()[..40]).is_err());
    }
}
