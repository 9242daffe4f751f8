//! Evaluate on the shared data and report throughput:
//!
//! ```text
//! cargo run --release -p sangam-text --example eval -- ../shared/data [--model FILE | --no-model]
//! ```

use sangam_text::{Analyzer, Model};
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let analyzer = match args.iter().position(|a| a == "--model") {
        Some(i) => {
            let path = args.get(i + 1).ok_or("--model needs a file")?;
            Analyzer::with_model(Model::load(&PathBuf::from(path))?)
        }
        None if args.iter().any(|a| a == "--no-model") => Analyzer::without_model(),
        None => Analyzer::shipped(),
    };
    let report = sangam_text::cli::eval(&data, &analyzer)?;
    print!("{report}");
    Ok(())
}
