//! A sentiment model a team teaches with its own corrections ("wrong sentiment?" in the inbox), like the abuse one.
//!
//! One multinomial logistic model over three classes (negative, neutral, positive) on the abuse model's hashed
//! words, word pairs and character 3-5-grams, plus the rules' own reading as four dense inputs (VADER's compound and
//! its label, one-hot). Those four start at weights that reproduce the rules, so the model begins as the rules and
//! each correction moves it, by one online gradient step, towards the team's reading: the rules' verdict stays where
//! the team's words say nothing, and the team's phrases win where they do. It decides only once it has learned
//! [`Tuning::min_corrections`] and only when its top class is at least [`Tuning::confidence`] likely; otherwise the
//! rules' reading stands. Both were chosen on the learning curve (`sangam model curve`, model/README.md).

use super::{Sentiment, SentimentLabel};
use crate::dataset::{self, Column, TableOptions};
use crate::error::TextError;
use std::path::Path;

/// The feature hashing of the abuse model's format 2 (`model.rs`), which these features share.
const FEATURE_VERSION: u16 = 2;
/// Magic and format of the stored bytes.
const MAGIC: &[u8; 4] = b"SSM1";
/// Classes, in [`SentimentLabel`] index order.
const CLASSES: [SentimentLabel; 3] = [
    SentimentLabel::Negative,
    SentimentLabel::Neutral,
    SentimentLabel::Positive,
];
/// Dense inputs from the rules: compound, then the label one-hot.
const RULE_INPUTS: usize = 4;
/// How strongly the untaught model follows the rules' label (the one-hot weight of its own class).
const RULE_PRIOR: f32 = 2.0;

/// The model's size and learning, fixed for a stored model by its header (size) and by the code (the rest).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tuning {
    /// log2 of the hashed buckets (each holds one weight per class).
    pub bits: u8,
    /// Step size of one correction.
    pub learning_rate: f32,
    /// The share of that step the rule inputs and the biases take. Small, because a team corrects what the rules got
    /// wrong, mostly in one direction ("neutral" that was a complaint): at the full step the model would learn that
    /// every neutral reading is a complaint, not which words make one.
    pub dense_rate: f32,
    /// Corrections before the model decides anything.
    pub min_corrections: u64,
    /// Smallest probability of its top class for the model to overrule the rules.
    pub confidence: f64,
}

impl Default for Tuning {
    /// The shipped tuning (model/README.md, "A team's sentiment model", for the sweep behind it).
    fn default() -> Self {
        Tuning {
            bits: 14,
            learning_rate: 0.5,
            dense_rate: 0.0,
            min_corrections: 20,
            confidence: 0.7,
        }
    }
}

/// The team's sentiment model.
#[derive(Clone, Debug, PartialEq)]
pub struct SentimentModel {
    tuning: Tuning,
    /// `(1 << bits) * 3` weights, bucket-major.
    weights: Vec<f32>,
    rule: [[f32; RULE_INPUTS]; 3],
    bias: [f32; 3],
    corrections: u64,
}

impl Default for SentimentModel {
    fn default() -> Self {
        Self::new(Tuning::default())
    }
}

fn class_index(label: SentimentLabel) -> usize {
    match label {
        SentimentLabel::Negative => 0,
        SentimentLabel::Neutral => 1,
        SentimentLabel::Positive => 2,
    }
}

fn rule_inputs(rule: Sentiment) -> [f32; RULE_INPUTS] {
    let mut x = [rule.compound as f32, 0.0, 0.0, 0.0];
    x[1 + class_index(rule.label)] = 1.0;
    x
}

impl SentimentModel {
    /// An untaught model that reads as the rules do.
    pub fn new(tuning: Tuning) -> Self {
        let bits = tuning.bits.clamp(12, 22);
        let mut rule = [[0.0; RULE_INPUTS]; 3];
        for (k, row) in rule.iter_mut().enumerate() {
            row[1 + k] = RULE_PRIOR;
        }
        SentimentModel {
            tuning: Tuning { bits, ..tuning },
            weights: vec![0.0; (1usize << bits) * 3],
            rule,
            bias: [0.0; 3],
            corrections: 0,
        }
    }

    /// Corrections learned.
    pub fn corrections(&self) -> u64 {
        self.corrections
    }

    fn features(&self, text: &str) -> Vec<(u32, f32)> {
        let mut feats = Vec::with_capacity(256);
        crate::model::features(
            &crate::normalise::normalise(&without_names(text)),
            FEATURE_VERSION,
            self.tuning.bits,
            &mut feats,
        );
        feats
    }

    fn probabilities(&self, feats: &[(u32, f32)], x: &[f32; RULE_INPUTS]) -> [f64; 3] {
        let mut z = [0f64; 3];
        for (k, zk) in z.iter_mut().enumerate() {
            let mut s = self.bias[k];
            for (w, v) in self.rule[k].iter().zip(x) {
                s += w * v;
            }
            for &(i, v) in feats {
                s += self.weights[i as usize * 3 + k] * v;
            }
            *zk = f64::from(s);
        }
        let top = z.iter().copied().fold(f64::MIN, f64::max);
        let e = z.map(|v| (v - top).exp());
        let sum: f64 = e.iter().sum();
        e.map(|v| v / sum)
    }

    /// Learns one corrected message: `rule` is how the rules read it, `label` what a person said it is.
    pub fn learn_one(&mut self, text: &str, rule: Sentiment, label: SentimentLabel) {
        let feats = self.features(text);
        let x = rule_inputs(rule);
        let p = self.probabilities(&feats, &x);
        let lr = self.tuning.learning_rate;
        for (k, pk) in p.iter().enumerate() {
            let y = if k == class_index(label) { 1.0 } else { 0.0 };
            let g = (*pk - y) as f32 * lr;
            for &(i, v) in &feats {
                self.weights[i as usize * 3 + k] -= g * v;
            }
            let dense = g * self.tuning.dense_rate;
            for (w, v) in self.rule[k].iter_mut().zip(&x) {
                *w -= dense * v;
            }
            self.bias[k] -= dense;
        }
        self.corrections += 1;
    }

    /// The rules' reading of `text`, or the model's where it has learned enough and is sure enough. A changed label
    /// comes with a compound inside that label's band (positive >= 0.05, negative <= -0.05), so every reader of the
    /// compound agrees with it.
    pub fn adjust(&self, text: &str, rule: Sentiment) -> Sentiment {
        if self.corrections < self.tuning.min_corrections {
            return rule;
        }
        let p = self.probabilities(&self.features(text), &rule_inputs(rule));
        let (k, top) = p
            .iter()
            .copied()
            .enumerate()
            .fold(
                (1, f64::MIN),
                |best, (k, v)| if v > best.1 { (k, v) } else { best },
            );
        let label = CLASSES[k];
        if top < self.tuning.confidence || label == rule.label {
            return rule;
        }
        let lean = p[2] - p[0];
        let compound = match label {
            SentimentLabel::Positive => lean.clamp(0.05, 1.0),
            SentimentLabel::Negative => lean.clamp(-1.0, -0.05),
            SentimentLabel::Neutral => lean.clamp(-0.04, 0.04),
        };
        Sentiment { compound, label }
    }

    /// The model's bytes: magic, bits, corrections, then the biases, the rule weights and the hashed weights as
    /// little-endian f32.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(13 + 4 * (15 + self.weights.len()));
        out.extend_from_slice(MAGIC);
        out.push(self.tuning.bits);
        out.extend_from_slice(&self.corrections.to_le_bytes());
        let dense = self.bias.iter().chain(self.rule.iter().flatten());
        for w in dense.chain(&self.weights) {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out
    }

    /// Reads [`SentimentModel::to_bytes`], with the code's learning settings.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, TextError> {
        let bad = |why: &str| TextError::BadModel(format!("a sentiment model {why}"));
        if bytes.get(..4) != Some(MAGIC.as_slice()) {
            return Err(bad("does not start with SSM1"));
        }
        let bits = *bytes.get(4).ok_or_else(|| bad("is cut short"))?;
        if !(12..=22).contains(&bits) {
            return Err(bad("has a size this build does not read"));
        }
        let mut corrections = [0u8; 8];
        corrections.copy_from_slice(bytes.get(5..13).ok_or_else(|| bad("is cut short"))?);
        let mut model = SentimentModel::new(Tuning {
            bits,
            ..Tuning::default()
        });
        let floats = 3 + 3 * RULE_INPUTS + model.weights.len();
        let body = &bytes[13..];
        if body.len() != floats * 4 {
            return Err(bad("has the wrong length for its size"));
        }
        let mut values = body
            .chunks_exact(4)
            .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]));
        let dense = model.bias.iter_mut().chain(model.rule.iter_mut().flatten());
        for (slot, v) in dense.chain(model.weights.iter_mut()).zip(&mut values) {
            *slot = v;
        }
        model.corrections = u64::from_le_bytes(corrections);
        Ok(model)
    }
}

/// The text without @handles and links: they say who is written to and where, not how it reads, and every message
/// to a profile names it, so a model that learned them would learn the mood of the corrections, not their words.
fn without_names(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| !w.starts_with('@') && !w.contains("://") && !w.starts_with("www."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// A labelled row: text and a person's sentiment.
pub type Labelled = (String, SentimentLabel);

/// Macro-recall on `eval` of the rules (with the Hindi profile where the analyser says so) and a model that learned
/// the first 0, 100, 1,000 and all rows of `learn` one by one, as (corrections, macro-recall): the learning curve.
pub fn learning_curve(
    analyzer: &crate::Analyzer,
    learn: &[Labelled],
    eval: &[Labelled],
    tuning: Tuning,
) -> Vec<(usize, f64)> {
    let rules = |rows: &[Labelled]| -> Vec<Sentiment> {
        rows.iter()
            .map(|(t, _)| analyzer.analyze(t).sentiment)
            .collect()
    };
    let (learn_rules, eval_rules) = (rules(learn), rules(eval));
    let gold: Vec<SentimentLabel> = eval.iter().map(|(_, l)| *l).collect();
    let mut model = SentimentModel::new(tuning);
    let mut out: Vec<(usize, f64)> = Vec::new();
    let mut learned = 0;
    for at in crate::learning::STEPS {
        let at = (*at).min(learn.len());
        if out.iter().any(|(n, _)| *n == at) {
            continue;
        }
        for ((t, l), r) in learn[learned..at].iter().zip(&learn_rules[learned..at]) {
            model.learn_one(t, *r, *l);
        }
        learned = at;
        let pred: Vec<SentimentLabel> = eval
            .iter()
            .zip(&eval_rules)
            .map(|((t, _), r)| model.adjust(t, *r).label)
            .collect();
        out.push((at, crate::eval::macro_recall(&gold, &pred)));
    }
    out
}

/// One measured set's curve.
#[derive(Clone, Debug, PartialEq)]
pub struct SetCurve {
    /// The set and how it was split.
    pub set: &'static str,
    /// Rows learned from (all of them at the last point) and rows measured.
    pub pool: usize,
    pub measured: usize,
    /// (corrections, macro-recall), at 0, 100, 1,000 and all.
    pub points: Vec<(usize, f64)>,
}

/// The sentiment learning curves of every set found under a data folder.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Curves(pub Vec<SetCurve>);

impl std::fmt::Display for Curves {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{:<34} {:>12} {:>6}  {:>12}",
            "sentiment set", "corrections", "rows", "macro_recall"
        )?;
        for c in &self.0 {
            for (n, r) in &c.points {
                writeln!(f, "{:<34} {n:>12} {:>6}  {r:>12.3}", c.set, c.measured)?;
            }
        }
        Ok(())
    }
}

fn label_of(value: &str) -> Option<SentimentLabel> {
    match value.trim().to_lowercase().as_str() {
        "0" | "negative" => Some(SentimentLabel::Negative),
        "1" | "neutral" => Some(SentimentLabel::Neutral),
        "2" | "positive" => Some(SentimentLabel::Positive),
        _ => None,
    }
}

fn labelled(rows: Vec<dataset::Row>) -> Vec<Labelled> {
    rows.into_iter()
        .filter_map(|r| label_of(&r.label).map(|l| (r.text, l)))
        .collect()
}

/// A seeded shuffle and cut: the first `share` of the rows are learned from, the rest measured.
fn split(mut rows: Vec<Labelled>, share: f64) -> (Vec<Labelled>, Vec<Labelled>) {
    // xorshift64*, seed 42: the abuse curve's shuffle (`learning.rs`).
    let mut s: u64 = 43;
    for i in (1..rows.len()).rev() {
        s ^= s >> 12;
        s ^= s << 25;
        s ^= s >> 27;
        let j = (s.wrapping_mul(0x2545_f491_4f6c_dd1d) % (i as u64 + 1)) as usize;
        rows.swap(i, j);
    }
    let cut = (rows.len() as f64 * share) as usize;
    let measured = rows.split_off(cut);
    (rows, measured)
}

/// The learning curves over the sentiment sets under `data_dir`: TweetEval sentiment val split in halves, and the
/// airline brand mentions (`corpora/airline_tweets.csv`, a real inbox's kind of text) split 70% learned, 30%
/// measured; each by a seeded shuffle, so the figures repeat.
pub fn curves(
    data_dir: &Path,
    analyzer: &crate::Analyzer,
    tuning: Tuning,
) -> Result<Curves, TextError> {
    if !data_dir.is_dir() {
        return Err(TextError::DataMissing(data_dir.to_path_buf()));
    }
    let mut sets = Vec::new();
    let dir = data_dir.join("sentiment");
    let text = dir.join("tweeteval_sentiment_val_text.txt");
    if text.exists() {
        let rows = dataset::read_tweeteval(&text, &dir.join("tweeteval_sentiment_val_labels.txt"))?;
        sets.push(("tweeteval_sentiment_val (half)", split(labelled(rows), 0.5)));
    }
    let airline = data_dir.join("corpora").join("airline_tweets.csv");
    if airline.exists() {
        let opts = TableOptions {
            text_column: Some(Column::Name("text".into())),
            label_column: Some(Column::Name("airline_sentiment".into())),
            delimiter: None,
        };
        let rows = dataset::read_labelled(&airline, &opts)?;
        sets.push(("airline_tweets (30%)", split(labelled(rows), 0.7)));
    }
    Ok(Curves(
        sets.into_iter()
            .map(|(set, (pool, measured))| SetCurve {
                set,
                pool: pool.len(),
                measured: measured.len(),
                points: learning_curve(analyzer, &pool, &measured, tuning),
            })
            .collect(),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(label: SentimentLabel) -> Sentiment {
        let compound = match label {
            SentimentLabel::Negative => -0.4,
            SentimentLabel::Neutral => 0.0,
            SentimentLabel::Positive => 0.4,
        };
        Sentiment { compound, label }
    }

    /// A telecom team: "recharge done" is praise in their inbox, "tower gaya" a complaint; the rules see neither.
    fn teach(m: &mut SentimentModel, rounds: usize) {
        for i in 0..rounds {
            let neutral = rule(SentimentLabel::Neutral);
            m.learn_one(
                &format!("recharge done in {i} minutes"),
                neutral,
                SentimentLabel::Positive,
            );
            m.learn_one(
                &format!("tower gaya phir se sector {i}"),
                neutral,
                SentimentLabel::Negative,
            );
            m.learn_one(
                &format!("what are the plans for sector {i}"),
                neutral,
                SentimentLabel::Neutral,
            );
        }
    }

    #[test]
    fn an_untaught_model_reads_as_the_rules() {
        let m = SentimentModel::default();
        for label in CLASSES {
            assert_eq!(m.adjust("recharge done", rule(label)), rule(label));
        }
        let mut few = SentimentModel::default();
        teach(&mut few, 5);
        assert_eq!(few.corrections(), 15);
        let neutral = rule(SentimentLabel::Neutral);
        assert_eq!(
            few.adjust("recharge done", neutral),
            neutral,
            "fewer corrections than the minimum decide nothing"
        );
    }

    #[test]
    fn the_team_phrases_win_and_the_rules_keep_the_rest() {
        let mut m = SentimentModel::default();
        teach(&mut m, 40);
        let neutral = rule(SentimentLabel::Neutral);
        let praise = m.adjust("recharge done, thanks", neutral);
        assert_eq!(praise.label, SentimentLabel::Positive, "{praise:?}");
        assert!(praise.compound >= 0.05, "{praise:?}");
        let complaint = m.adjust("tower gaya again", neutral);
        assert_eq!(complaint.label, SentimentLabel::Negative, "{complaint:?}");
        assert!(complaint.compound <= -0.05, "{complaint:?}");
        // Words the team never corrected: the rules' reading stands.
        for label in CLASSES {
            let r = rule(label);
            assert_eq!(m.adjust("the monsoon arrived in Kerala", r).label, label);
        }
    }

    #[test]
    fn corrections_in_one_direction_teach_words_not_a_mood() {
        let mut m = SentimentModel::default();
        let neutral = rule(SentimentLabel::Neutral);
        for i in 0..60 {
            m.learn_one(
                &format!("tower gaya phir se sector {i}"),
                neutral,
                SentimentLabel::Negative,
            );
        }
        assert_eq!(
            m.adjust("tower gaya again", neutral).label,
            SentimentLabel::Negative
        );
        for plain in ["what time does the store open", "delivery is on Monday"] {
            assert_eq!(
                m.adjust(plain, neutral).label,
                SentimentLabel::Neutral,
                "{plain}"
            );
        }
    }

    #[test]
    fn bytes_read_back_to_the_same_model_and_damage_is_refused() {
        let mut m = SentimentModel::new(Tuning {
            bits: 12,
            ..Tuning::default()
        });
        teach(&mut m, 10);
        let bytes = m.to_bytes();
        assert_eq!(bytes.len(), 13 + 4 * (15 + 3 * 4096));
        let back = SentimentModel::from_bytes(&bytes);
        assert_eq!(back.as_ref().ok(), Some(&m));
        assert!(SentimentModel::from_bytes(&bytes[..100]).is_err());
        assert!(SentimentModel::from_bytes(b"ABUS").is_err());
        let mut wrong = bytes.clone();
        wrong[4] = 30;
        assert!(SentimentModel::from_bytes(&wrong).is_err());
    }

    #[test]
    fn the_curve_rises_on_a_team_that_repeats_itself() {
        let analyzer = crate::Analyzer::without_model();
        let pool: Vec<Labelled> = (0..300)
            .map(|i| match i % 3 {
                0 => (format!("recharge done {i}"), SentimentLabel::Positive),
                1 => (format!("tower gaya {i}"), SentimentLabel::Negative),
                _ => (format!("plan for {i}"), SentimentLabel::Neutral),
            })
            .collect();
        let measured: Vec<Labelled> = vec![
            ("recharge done".into(), SentimentLabel::Positive),
            ("tower gaya".into(), SentimentLabel::Negative),
            ("plan for".into(), SentimentLabel::Neutral),
        ];
        let points = learning_curve(&analyzer, &pool, &measured, Tuning::default());
        assert_eq!(
            points.iter().map(|p| p.0).collect::<Vec<_>>(),
            vec![0, 100, 300]
        );
        assert!(points[0].1 < 1.0, "{points:?}");
        assert!((points[2].1 - 1.0).abs() < 1e-9, "{points:?}");
    }

    #[test]
    fn the_curves_say_when_the_folder_is_absent() {
        let r = curves(
            Path::new("/nonexistent/sangam-data"),
            &crate::Analyzer::without_model(),
            Tuning::default(),
        );
        assert!(matches!(r, Err(TextError::DataMissing(_))));
    }
}
