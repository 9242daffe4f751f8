//! A linear abuse model: logistic regression on hashed character n-grams and words.
//!
//! Features (on normalised, lower-cased text): each word, each pair of neighbouring words, and
//! the character 3-, 4- and 5-grams of each word padded with `<` and `>`; hashed (FNV-1a) into
//! 2^bits signed buckets, the vector scaled to unit length. Trained with AdaGrad and an L2
//! penalty; on a held-out share the scores are calibrated (Platt scaling: a logistic fit of the
//! held-out labels on the logits, folded into the weights, so `predict` is a probability) and the
//! decision threshold with the best macro-F1 is chosen (kept in the info block; the analysis
//! decides against it). Format version 1 (the first shipped model) hashed with FNV over the
//! bytes of each character and folded the threshold into the bias; it is still read.
//! `learn_one` takes a few plain SGD steps on one corrected example (the inbox's "abusive / not
//! abusive" buttons). Stored as a small versioned binary: weights quantised to i8.

use crate::error::TextError;
use serde::{Deserialize, Serialize};
use std::path::Path;

const MAGIC: &[u8; 8] = b"SGMABUSE";
const VERSION: u16 = 2;

/// What a model was trained on, and how well it did on its held-out share.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ModelInfo {
    /// File names (never contents) of the training data.
    pub trained_on: Vec<String>,
    /// Training rows.
    pub rows: usize,
    /// Of which abusive.
    pub positives: usize,
    /// Threshold found on the held-out share (already folded into the bias).
    pub threshold: f64,
    /// Macro-F1 on the held-out share at that threshold.
    pub heldout_macro_f1: Option<f64>,
    /// Corrections learned one by one since training.
    pub corrections: u64,
    /// Platt scaling found on the held-out share (slope, intercept on the raw logit), already
    /// folded into the weights; `None` for a model without a held-out share or of version 1.
    #[serde(default)]
    pub platt: Option<(f64, f64)>,
}

/// A trained model.
#[derive(Clone, Debug, PartialEq)]
pub struct Model {
    /// Format version: 1 hashes characters byte by byte and has its threshold in the bias.
    version: u16,
    bits: u8,
    weights: Vec<f32>,
    bias: f32,
    /// Provenance and quality.
    pub info: ModelInfo,
}

/// Hyper-parameters for training.
#[derive(Clone, Debug, PartialEq)]
pub struct Hyper {
    /// log2 of the number of weights (12..=24).
    pub bits: u8,
    /// Passes over the data.
    pub epochs: u32,
    /// AdaGrad learning rate.
    pub learning_rate: f32,
    /// L2 penalty per update.
    pub l2: f32,
    /// Share of rows held out to choose the threshold (0 disables).
    pub holdout: f64,
    /// Shuffling seed.
    pub seed: u64,
}

impl Default for Hyper {
    fn default() -> Self {
        Hyper {
            bits: 18,
            epochs: 6,
            learning_rate: 0.1,
            l2: 1e-7,
            holdout: 0.1,
            seed: 42,
        }
    }
}

#[inline]
fn fnv(mut h: u64, x: u32) -> u64 {
    for b in x.to_le_bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

const FNV_SEED: u64 = 0xcbf2_9ce4_8422_2325;

/// The hashed features of a normalised text: (bucket, value).
pub(crate) fn features(text: &str, version: u16, bits: u8, out: &mut Vec<(u32, f32)>) {
    word_features(&crate::abuse::words(text), version, bits, out);
}

/// FNV-1a over a whole character at once (format version 2): one multiply a character.
#[inline]
fn mix(h: u64, x: u32) -> u64 {
    (h ^ u64::from(x)).wrapping_mul(0x0000_0100_0000_01b3)
}

/// The hashed features of a normalised text's words ([`crate::abuse::words`]).
pub(crate) fn word_features(words: &[String], version: u16, bits: u8, out: &mut Vec<(u32, f32)>) {
    let step: fn(u64, u32) -> u64 = if version == 1 { fnv } else { mix };
    out.clear();
    let mask = (1u64 << bits) - 1;
    let mut push = |h: u64| {
        let h = h ^ (h >> 29);
        let h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
        let sign = if h >> 63 == 1 { -1.0 } else { 1.0 };
        out.push(((h >> 20) as u32 & mask as u32, sign));
    };
    let mut prev: Option<u64> = None;
    let mut chars: Vec<u32> = Vec::with_capacity(32);
    for w in words {
        let wh = w.chars().fold(step(FNV_SEED, 1), |h, c| step(h, c as u32));
        push(wh);
        if let Some(p) = prev {
            push(step(step(p, 2), (wh >> 32) as u32) ^ wh);
        }
        prev = Some(wh);
        chars.clear();
        chars.push('<' as u32);
        chars.extend(w.chars().take(24).map(|c| c as u32));
        chars.push('>' as u32);
        for s in 0..chars.len() {
            let mut h = step(FNV_SEED, 3);
            for (k, &c) in chars[s..].iter().take(5).enumerate() {
                h = step(h, c);
                if k >= 2 {
                    push(h);
                }
            }
        }
    }
    if words.is_empty() {
        return;
    }
    let norm = 1.0 / (out.len() as f32).sqrt();
    for f in out.iter_mut() {
        f.1 *= norm;
    }
}

fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// A small deterministic generator for shuffling (xorshift64*).
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

impl Model {
    /// An untrained model (all weights zero, probability 0.5 everywhere).
    pub fn empty(bits: u8) -> Self {
        let bits = bits.clamp(12, 24);
        Model {
            version: VERSION,
            bits,
            weights: vec![0.0; 1 << bits],
            bias: 0.0,
            info: ModelInfo::default(),
        }
    }

    /// log2 of the number of weights.
    pub fn bits(&self) -> u8 {
        self.bits
    }

    fn logit_of(&self, feats: &[(u32, f32)]) -> f64 {
        let mut z = f64::from(self.bias);
        for &(i, v) in feats {
            z += f64::from(self.weights[i as usize] * v);
        }
        z
    }

    /// Probability that a (raw) text is abusive; 0.5 is the decision line.
    pub fn predict(&self, text: &str) -> f64 {
        self.predict_normalised(&crate::normalise::normalise(text))
    }

    /// Probability for an already normalised text.
    pub fn predict_normalised(&self, text: &str) -> f64 {
        let mut feats = Vec::with_capacity(256);
        features(text, self.version, self.bits, &mut feats);
        sigmoid(self.logit_of(&feats))
    }

    /// The probability moved so that the model's decision threshold sits at 0.5 (what the
    /// analysis combines with the lexicons). A version 1 model has its threshold in the bias.
    pub fn decision_score(&self, probability: f64) -> f64 {
        if self.version == 1 {
            return probability;
        }
        let logit = |p: f64| {
            let p = p.clamp(1e-6, 1.0 - 1e-6);
            (p / (1.0 - p)).ln()
        };
        sigmoid(logit(probability) - logit(self.info.threshold))
    }

    /// Probability for the words of a normalised text ([`crate::abuse::words`]).
    pub fn predict_words(&self, words: &[String]) -> f64 {
        let mut feats = Vec::with_capacity(256);
        word_features(words, self.version, self.bits, &mut feats);
        sigmoid(self.logit_of(&feats))
    }

    /// Learn from one corrected example (raw text; `abusive` is the right answer).
    pub fn learn_one(&mut self, text: &str, abusive: bool) {
        let mut feats = Vec::with_capacity(256);
        features(
            &crate::normalise::normalise(text),
            self.version,
            self.bits,
            &mut feats,
        );
        let y = if abusive { 1.0 } else { 0.0 };
        let lr = 1.0f64;
        for step in 0..4 {
            let p = sigmoid(self.logit_of(&feats));
            let g = p - y;
            // At least one step; more until the example sits clearly on the right side.
            if step > 0 && ((abusive && p > 0.75) || (!abusive && p < 0.25)) {
                break;
            }
            for &(i, v) in &feats {
                self.weights[i as usize] -= (lr * g * f64::from(v)) as f32;
            }
            self.bias -= (0.05 * lr * g) as f32;
        }
        self.info.corrections += 1;
    }

    /// Train on (normalised text, abusive) pairs. `progress` is ticked once per example and epoch.
    pub fn train(
        examples: &[(String, bool)],
        hyper: &Hyper,
        progress: &indicatif::ProgressBar,
    ) -> Model {
        let bits = hyper.bits.clamp(12, 24);
        let mut feats: Vec<Vec<(u32, f32)>> = Vec::with_capacity(examples.len());
        let mut buf = Vec::with_capacity(256);
        for (text, _) in examples {
            features(text, VERSION, bits, &mut buf);
            feats.push(buf.clone());
        }
        let ys: Vec<bool> = examples.iter().map(|e| e.1).collect();
        let mut order: Vec<usize> = (0..examples.len()).collect();
        let mut rng = Rng(hyper.seed | 1);
        rng.shuffle(&mut order);
        let n_hold = ((examples.len() as f64) * hyper.holdout.clamp(0.0, 0.5)) as usize;
        let (held, fit) = order.split_at(n_hold);
        progress.set_length(
            (fit.len() as u64 + examples.len() as u64) * u64::from(hyper.epochs) + n_hold as u64,
        );
        let mut threshold = 0.5;
        let mut heldout_f1 = None;
        let mut platt = None;
        if n_hold > 0 {
            let m = Self::fit(&feats, &ys, fit, bits, hyper, progress);
            let held_logits: Vec<(f64, bool)> = held
                .iter()
                .map(|&i| (m.logit_of(&feats[i]), ys[i]))
                .collect();
            progress.inc(n_hold as u64);
            let (a, b) = platt_fit(&held_logits);
            let mut scored: Vec<(f64, bool)> = held_logits
                .iter()
                .map(|&(z, y)| (sigmoid(a * z + b), y))
                .collect();
            scored.sort_by(|a, b| a.0.total_cmp(&b.0));
            let (t, f1) = best_threshold(&scored);
            threshold = t;
            heldout_f1 = Some(f1);
            platt = Some((a, b));
        }
        let all: Vec<usize> = order.clone();
        let mut model = Self::fit(&feats, &ys, &all, bits, hyper, progress);
        if let Some((a, b)) = platt {
            for w in &mut model.weights {
                *w *= a as f32;
            }
            model.bias = (a * f64::from(model.bias) + b) as f32;
        }
        model.info = ModelInfo {
            trained_on: Vec::new(),
            rows: examples.len(),
            positives: ys.iter().filter(|y| **y).count(),
            threshold,
            heldout_macro_f1: heldout_f1,
            corrections: 0,
            platt,
        };
        model
    }

    fn fit(
        feats: &[Vec<(u32, f32)>],
        ys: &[bool],
        rows: &[usize],
        bits: u8,
        hyper: &Hyper,
        progress: &indicatif::ProgressBar,
    ) -> Model {
        let mut m = Model::empty(bits);
        let mut g2 = vec![1e-6f32; m.weights.len()];
        let mut bias_g2 = 1e-6f32;
        let mut order = rows.to_vec();
        let mut rng = Rng(hyper.seed.wrapping_add(7) | 1);
        let lr = hyper.learning_rate;
        for _ in 0..hyper.epochs {
            rng.shuffle(&mut order);
            for &r in &order {
                let x = &feats[r];
                let p = sigmoid(m.logit_of(x));
                let g = (p - if ys[r] { 1.0 } else { 0.0 }) as f32;
                for &(i, v) in x {
                    let i = i as usize;
                    let grad = g * v + hyper.l2 * m.weights[i];
                    g2[i] += grad * grad;
                    m.weights[i] -= lr * grad / g2[i].sqrt();
                }
                bias_g2 += g * g;
                m.bias -= lr * g / bias_g2.sqrt();
            }
            progress.inc(order.len() as u64);
        }
        m
    }

    /// Serialise: magic, version, bits, bias, i8 scale, info (JSON), i8 weights.
    pub fn to_bytes(&self) -> Vec<u8> {
        let max = self.weights.iter().fold(0f32, |a, w| a.max(w.abs()));
        let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
        let info = serde_json::to_vec(&self.info).unwrap_or_default();
        let mut out = Vec::with_capacity(32 + info.len() + self.weights.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&self.version.to_le_bytes());
        out.push(self.bits);
        out.push(1); // weight encoding: 1 = i8 times scale
        out.extend_from_slice(&self.bias.to_le_bytes());
        out.extend_from_slice(&scale.to_le_bytes());
        out.extend_from_slice(&(info.len() as u32).to_le_bytes());
        out.extend_from_slice(&info);
        for w in &self.weights {
            let q = (w / scale).round().clamp(-127.0, 127.0) as i8;
            out.push(q as u8);
        }
        out
    }

    /// Read what [`Model::to_bytes`] wrote.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model, TextError> {
        let bad = |m: &str| TextError::BadModel(m.to_owned());
        let take = |at: usize, n: usize| -> Result<&[u8], TextError> {
            bytes
                .get(at..at + n)
                .ok_or_else(|| bad("the file is cut short"))
        };
        if take(0, 8)? != MAGIC {
            return Err(bad("wrong magic bytes"));
        }
        let version = u16::from_le_bytes([take(8, 2)?[0], take(8, 2)?[1]]);
        if !(1..=VERSION).contains(&version) {
            return Err(TextError::BadModel(format!(
                "format version {version}, this build reads 1 to {VERSION}"
            )));
        }
        let bits = take(10, 1)?[0];
        if !(12..=24).contains(&bits) {
            return Err(bad("bits out of range"));
        }
        if take(11, 1)?[0] != 1 {
            return Err(bad("unknown weight encoding"));
        }
        let f32_at = |at: usize| -> Result<f32, TextError> {
            let b = take(at, 4)?;
            Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        let bias = f32_at(12)?;
        let scale = f32_at(16)?;
        let b = take(20, 4)?;
        let info_len = u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize;
        let info: ModelInfo = serde_json::from_slice(take(24, info_len)?)
            .map_err(|e| TextError::BadModel(format!("bad info block: {e}")))?;
        let n = 1usize << bits;
        let raw = take(24 + info_len, n)?;
        if bytes.len() != 24 + info_len + n {
            return Err(bad("trailing bytes"));
        }
        let weights = raw.iter().map(|&q| f32::from(q as i8) * scale).collect();
        Ok(Model {
            version,
            bits,
            weights,
            bias,
            info,
        })
    }

    /// Write to a file.
    pub fn save(&self, path: &Path) -> Result<(), TextError> {
        std::fs::write(path, self.to_bytes()).map_err(|e| TextError::io(path, e))
    }

    /// Read from a file.
    pub fn load(path: &Path) -> Result<Model, TextError> {
        let bytes = std::fs::read(path).map_err(|e| TextError::io(path, e))?;
        Model::from_bytes(&bytes)
    }
}

/// Platt scaling: the slope and intercept of a logistic fit of the labels on the logits (Newton's
/// method on the log-loss, with Platt's smoothed targets so a separable held-out share does not
/// send the slope to infinity).
fn platt_fit(scored: &[(f64, bool)]) -> (f64, f64) {
    let pos = scored.iter().filter(|s| s.1).count() as f64;
    let neg = scored.len() as f64 - pos;
    if pos == 0.0 || neg == 0.0 {
        return (1.0, 0.0);
    }
    let hi = (pos + 1.0) / (pos + 2.0);
    let lo = 1.0 / (neg + 2.0);
    let loss = |a: f64, b: f64| -> f64 {
        scored
            .iter()
            .map(|&(z, y)| {
                let t = if y { hi } else { lo };
                let m = a * z + b;
                // log(1 + e^m) - t m, written so that a large |m| does not overflow.
                m.max(0.0) + (-m.abs()).exp().ln_1p() - t * m
            })
            .sum()
    };
    let (mut a, mut b) = (1.0f64, 0.0f64);
    let mut current = loss(a, b);
    for _ in 0..100 {
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 1e-9, 0.0, 1e-9);
        for &(z, y) in scored {
            let t = if y { hi } else { lo };
            let p = sigmoid(a * z + b);
            let d = p - t;
            let w = p * (1.0 - p);
            ga += d * z;
            gb += d;
            haa += w * z * z;
            hab += w * z;
            hbb += w;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        // Newton's step, halved until the loss goes down (a separable share makes full steps
        // overshoot).
        let mut step = 1.0;
        let mut moved = false;
        while step > 1e-6 {
            let (na, nb) = (a - step * da, b - step * db);
            let l = loss(na, nb);
            if l.is_finite() && l < current {
                (a, b, current) = (na, nb, l);
                moved = true;
                break;
            }
            step /= 2.0;
        }
        if !moved || (step * da).abs() < 1e-9 && (step * db).abs() < 1e-9 {
            break;
        }
    }
    // A slope that is not positive would turn the ranking upside down: keep the raw scores.
    if a > 0.0 && a.is_finite() && b.is_finite() {
        (a, b)
    } else {
        (1.0, 0.0)
    }
}

/// The threshold with the best macro-F1 over sorted (score, label) pairs.
fn best_threshold(sorted: &[(f64, bool)]) -> (f64, f64) {
    let pos_total = sorted.iter().filter(|s| s.1).count() as f64;
    let neg_total = sorted.len() as f64 - pos_total;
    let mut best = (0.5, -1.0);
    // Predict positive for index >= k.
    let mut neg_below = 0.0; // true negatives
    let mut pos_below = 0.0; // false negatives
    for k in 0..=sorted.len() {
        if k > 0 {
            if sorted[k - 1].1 {
                pos_below += 1.0;
            } else {
                neg_below += 1.0;
            }
            if k < sorted.len() && sorted[k].0 == sorted[k - 1].0 {
                continue;
            }
        }
        let tp = pos_total - pos_below;
        let fp = neg_total - neg_below;
        let tn = neg_below;
        let fneg = pos_below;
        let f1p = if tp > 0.0 {
            2.0 * tp / (2.0 * tp + fp + fneg)
        } else {
            0.0
        };
        let f1n = if tn > 0.0 {
            2.0 * tn / (2.0 * tn + fneg + fp)
        } else {
            0.0
        };
        let macro_f1 = (f1p + f1n) / 2.0;
        if macro_f1 > best.1 {
            let t = if k == 0 {
                sorted.first().map_or(0.5, |s| s.0 / 2.0)
            } else if k == sorted.len() {
                (sorted[k - 1].0 + 1.0) / 2.0
            } else {
                (sorted[k - 1].0 + sorted[k].0) / 2.0
            };
            best = (t, macro_f1);
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> Vec<(String, bool)> {
        let bad = [
            "you are a stupid idiot",
            "shut up you moron",
            "what a pathetic loser you are",
            "idiot, go away",
            "you stupid clown",
            "nobody likes you, loser",
            "get lost moron",
            "you are trash",
        ];
        let good = [
            "thanks for the quick reply",
            "great service today",
            "when does the shop open",
            "love the new design",
            "my order arrived on time",
            "can you help me with my account",
            "have a nice weekend",
            "the update works well",
        ];
        let mut v = Vec::new();
        for _ in 0..5 {
            v.extend(bad.iter().map(|t| (t.to_string(), true)));
            v.extend(good.iter().map(|t| (t.to_string(), false)));
        }
        v
    }

    fn trained() -> Model {
        let hyper = Hyper {
            bits: 14,
            holdout: 0.0,
            ..Hyper::default()
        };
        Model::train(&toy(), &hyper, &indicatif::ProgressBar::hidden())
    }

    #[test]
    fn a_trained_model_separates_its_toy_data() {
        let m = trained();
        assert!(m.predict("you stupid moron") > 0.5);
        assert!(m.predict("thanks, great service") < 0.5);
    }

    #[test]
    fn a_trained_model_round_trips_through_bytes() {
        let m = trained();
        let bytes = m.to_bytes();
        assert_eq!(
            bytes.len(),
            24 + serde_json::to_vec(&m.info).map_or(0, |v| v.len()) + (1 << 14)
        );
        let back = Model::from_bytes(&bytes);
        assert!(back.is_ok(), "{back:?}");
        let Ok(back) = back else { return };
        assert_eq!(back.bits(), 14);
        assert_eq!(back.info, m.info);
        for t in ["you stupid moron", "thanks, great service", "hello"] {
            assert!((back.predict(t) - m.predict(t)).abs() < 0.02, "{t}");
        }
        // Bytes written again are identical (quantisation is stable).
        assert_eq!(back.to_bytes(), bytes);
        assert!(matches!(
            Model::from_bytes(&bytes[..100]),
            Err(TextError::BadModel(_))
        ));
        assert!(matches!(
            Model::from_bytes(b"not a model at all, sorry"),
            Err(TextError::BadModel(_))
        ));
    }

    #[test]
    fn a_correction_moves_the_score() {
        let mut m = trained();
        let text = "the parcel came in a brown box";
        let before = m.predict(text);
        m.learn_one(text, true);
        let after = m.predict(text);
        assert!(after > before + 0.05, "{before} -> {after}");
        assert!(after > 0.5);
        m.learn_one(text, false);
        assert!(m.predict(text) < after);
        assert_eq!(m.info.corrections, 2);
    }

    #[test]
    fn platt_scaling_recovers_a_known_slope() {
        // Labels drawn as if p = sigmoid(2z - 1): the fit finds a slope near 2, intercept near -1.
        let mut rng = Rng(7);
        let scored: Vec<(f64, bool)> = (0..20_000)
            .map(|i| {
                let z = (i % 400) as f64 / 50.0 - 4.0;
                let u = (rng.next() >> 11) as f64 / (1u64 << 53) as f64;
                (z, u < sigmoid(2.0 * z - 1.0))
            })
            .collect();
        let (a, b) = platt_fit(&scored);
        assert!((a - 2.0).abs() < 0.15 && (b + 1.0).abs() < 0.15, "{a} {b}");
    }

    #[test]
    fn a_calibrated_model_decides_at_its_threshold() {
        let hyper = Hyper {
            bits: 14,
            holdout: 0.25,
            ..Hyper::default()
        };
        let m = Model::train(&toy(), &hyper, &indicatif::ProgressBar::hidden());
        assert!(m.info.platt.is_some());
        let t = m.info.threshold;
        assert!((m.decision_score(t) - 0.5).abs() < 1e-6);
        assert!(m.decision_score(m.predict("you stupid moron")) > 0.5);
        assert!(m.decision_score(m.predict("thanks, great service")) < 0.5);
    }

    #[test]
    fn best_threshold_finds_the_gap() {
        let s = vec![(0.1, false), (0.2, false), (0.3, true), (0.9, true)];
        let (t, f1) = best_threshold(&s);
        assert!(t > 0.2 && t < 0.3, "{t}");
        assert!((f1 - 1.0).abs() < 1e-9);
    }
}
