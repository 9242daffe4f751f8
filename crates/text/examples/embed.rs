//! Prints the all-MiniLM-L6-v2 embedding of each line of stdin (as JSON arrays), to check the
//! encoder against another implementation, and the time it took on stderr:
//!
//! ```text
//! echo "you are an idiot" | cargo run --release -p sangam-text --features encoder --example embed -- ENCODER_DIR
//! ```

use sangam_text::encoder::Encoder;
use std::io::BufRead;
use std::path::PathBuf;
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .ok_or("usage: embed ENCODER_DIR < lines")?;
    let start = Instant::now();
    let encoder = Encoder::load(&PathBuf::from(dir))?;
    eprintln!("loaded in {:.2}s", start.elapsed().as_secs_f64());
    let lines: Vec<String> = std::io::stdin().lock().lines().collect::<Result<_, _>>()?;
    let start = Instant::now();
    for line in &lines {
        println!("{}", serde_json::to_string(&encoder.embed(line)?)?);
    }
    eprintln!(
        "{} texts one at a time in {:.3}s ({:.1} texts/s)",
        lines.len(),
        start.elapsed().as_secs_f64(),
        lines.len() as f64 / start.elapsed().as_secs_f64().max(1e-9)
    );
    Ok(())
}
