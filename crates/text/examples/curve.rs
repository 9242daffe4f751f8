//! `sangam model curve` without building the whole binary (the same function):
//!
//! ```text
//! cargo run --release -p sangam-text --example curve -- ../shared/data
//! ```

use sangam_text::Analyzer;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let data = PathBuf::from(
        std::env::args()
            .nth(1)
            .unwrap_or_else(|| "../shared/data".into()),
    );
    let shipped = Analyzer::shipped_model()?;
    print!(
        "{}",
        sangam_text::learning::learning_curve(&data, &shipped)?
    );
    Ok(())
}
