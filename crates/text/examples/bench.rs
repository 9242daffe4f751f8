//! Analysis throughput on one core against normalisation alone, in the same run:
//!
//! ```text
//! cargo run --release -p sangam-text --example bench -- ../shared/data [passes]
//! ```

use sangam_text::Analyzer;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let data = PathBuf::from(args.next().unwrap_or_else(|| "../shared/data".into()));
    let passes: usize = args.next().and_then(|p| p.parse().ok()).unwrap_or(3);
    let texts = sangam_text::eval::bench_texts(&data)?;
    let analyzer = Analyzer::shipped();
    print!("{}", sangam_text::eval::bench(&analyzer, &texts, passes));
    let short = sangam_text::eval::short_texts(&texts, 100);
    print!("{}", sangam_text::eval::bench(&analyzer, &short, passes));
    Ok(())
}
