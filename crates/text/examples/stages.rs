//! Time of each stage of the analysis on one core (where the time goes):
//!
//! ```text
//! cargo run --release -p sangam-text --example stages -- ../shared/data
//! ```

use sangam_text::{Analyzer, abuse, language, normalise, sentiment};
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let texts = sangam_text::eval::bench_texts(&data)?;
    let norm: Vec<String> = texts.iter().map(|t| normalise::normalise(t)).collect();
    let an = Analyzer::shipped();
    let lang = language::LanguageIdentifier::new();
    let vader = sentiment::shipped_vader();
    let model = Analyzer::shipped_model()?;
    let n = texts.len() as f64;
    let mut sink = 0usize;
    let mut time = |name: &str, f: &mut dyn FnMut(&str) -> usize| {
        let start = Instant::now();
        for t in &norm {
            sink = sink.wrapping_add(f(t));
        }
        let s = start.elapsed().as_secs_f64();
        println!("{name:<24} {:>10.0} texts/s", n / s);
    };
    time("language", &mut |t| lang.detect(t).lang.len());
    time("sentiment (en)", &mut |t| {
        sentiment::score(&vader, t, "en").compound.to_bits() as usize
    });
    time("words", &mut |t| abuse::words(t).len());
    time("model", &mut |t| {
        model.predict_normalised(t).to_bits() as usize
    });
    let english = abuse::AbuseLexicon::parse(include_str!("../lexicons/english.tsv"));
    time("english lexicon", &mut |t| {
        english.evidence(&abuse::words(t)).hits.len()
    });
    time("analyze", &mut |t| usize::from(an.analyze(t).abuse.abusive));
    std::hint::black_box(sink);
    Ok(())
}
