//! The sentiment model's learning curve: the TweetEval sentiment dev set split in two by a fixed shuffle (seed 42),
//! the team's model learning 0, 100, 1,000 and all rows of the first half as corrections, macro-recall measured on
//! the second half (rows it never saw).
//!
//! ```text
//! cargo run -p sangam-text --example sentiment_curve -- ../shared/data
//! ```

use sangam_text::sentiment::learned::learning_curve;
use sangam_text::{Analyzer, SentimentLabel};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let dir = data.join("sentiment");
    let rows = sangam_text::dataset::read_tweeteval(
        &dir.join("tweeteval_sentiment_val_text.txt"),
        &dir.join("tweeteval_sentiment_val_labels.txt"),
    )?;
    let mut rows: Vec<(String, SentimentLabel)> = rows
        .into_iter()
        .map(|r| {
            let label = match r.label.as_str() {
                "0" => SentimentLabel::Negative,
                "2" => SentimentLabel::Positive,
                _ => SentimentLabel::Neutral,
            };
            (r.text, label)
        })
        .collect();
    // A fixed shuffle (xorshift, seed 42), so the halves are the same on every run.
    let mut state: u64 = 42;
    for i in (1..rows.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        rows.swap(i, (state % (i as u64 + 1)) as usize);
    }
    let (learn, eval) = rows.split_at(rows.len() / 2);
    println!(
        "tweeteval_sentiment_val: learning from {} rows, measured on the other {}",
        learn.len(),
        eval.len()
    );
    println!("{:>12}  macro-recall", "corrections");
    for (n, recall) in learning_curve(&Analyzer::shipped(), learn, eval) {
        println!("{n:>12}  {recall:.3}");
    }
    Ok(())
}
