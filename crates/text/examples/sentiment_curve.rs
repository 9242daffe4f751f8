//! The sentiment model's learning curves (`sangam model curve` prints the same with the shipped tuning): TweetEval
//! sentiment val split in halves and the airline brand mentions split 70/30, each by a seeded shuffle; the team's
//! model learns 0, 100, 1,000 and all rows of the first part as corrections and macro-recall is measured on the rest.
//! With `--sweep`, every tuning model/README.md compares.
//!
//! ```text
//! cargo run --release -p sangam-text --example sentiment_curve -- ../shared/data [--sweep]
//! ```

use sangam_text::Analyzer;
use sangam_text::sentiment::learned::{Tuning, curves};
use std::path::PathBuf;

/// (bits, learning rate, dense rate, confidence) of each try; all with 20 corrections before the model decides.
const SWEEP: &[(u8, f32, f32, f64)] = &[
    (16, 0.5, 0.1, 0.5),
    (16, 0.1, 0.1, 0.5),
    (16, 1.0, 0.1, 0.5),
    (16, 0.5, 0.0, 0.5),
    (16, 0.5, 1.0, 0.5),
    (16, 0.5, 0.1, 0.0),
    (16, 0.5, 0.1, 0.6),
    (16, 0.5, 0.1, 0.7),
    (14, 0.5, 0.0, 0.6),
    (15, 0.5, 0.1, 0.6),
    (14, 0.5, 0.1, 0.6),
    (14, 0.5, 0.0, 0.7),
    (14, 1.0, 0.0, 0.7),
    (14, 0.5, 0.0, 0.8),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let sweep = args.next().as_deref() == Some("--sweep");
    let analyzer = Analyzer::shipped();
    let mut tunings = vec![Tuning::default()];
    if sweep {
        tunings.extend(
            SWEEP
                .iter()
                .map(|&(bits, learning_rate, dense_rate, confidence)| Tuning {
                    bits,
                    learning_rate,
                    dense_rate,
                    confidence,
                    ..Tuning::default()
                }),
        );
    }
    for tuning in tunings {
        println!("{tuning:?}");
        print!("{}", curves(&data, &analyzer, tuning)?);
    }
    Ok(())
}
