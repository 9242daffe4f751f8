//! `sangam analyze`, `sangam eval` and `sangam model train`: the text analysis from the command line, for scripting
//! and outside evaluation.

use anyhow::Context;
use sangam_text::{Analyzer, Column, Hyper, Model, TrainOptions};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct AnalyzeArgs {
    /// A model trained with `sangam model train` instead of the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct EvalArgs {
    /// The folder of labelled sets (see ../shared/data/README.md).
    #[arg(long)]
    pub data: PathBuf,
    /// A model trained with `sangam model train` instead of the shipped one.
    #[arg(long)]
    pub model: Option<PathBuf>,
}

#[derive(clap::Subcommand)]
pub enum ModelCommand {
    /// Train an abuse model from a labelled CSV or TSV file.
    Train(TrainArgs),
    /// The learning curve: Hindi and Hinglish dev figures after the shipped model learns 0, 100, 1,000 and all of a
    /// pool of corrections, the way the inbox's corrections teach a workspace's model.
    Curve(CurveArgs),
}

#[derive(clap::Args)]
pub struct CurveArgs {
    /// The folder of labelled sets (see ../shared/data/README.md).
    #[arg(long)]
    pub data: PathBuf,
}

#[derive(clap::Args)]
pub struct TrainArgs {
    /// The labelled file; with --shipped, the folder of labelled sets (../shared/data).
    #[arg(long)]
    pub data: PathBuf,
    /// Train the shipped model from the "ship: yes" sets in the --data folder (reproduces
    /// crates/text/model/abuse.bin with the default hyper-parameters).
    #[arg(long)]
    pub shipped: bool,
    /// log2 of the number of weights.
    #[arg(long, default_value_t = Hyper::default().bits)]
    pub bits: u8,
    /// Passes over the data.
    #[arg(long, default_value_t = Hyper::default().epochs)]
    pub epochs: u32,
    /// L2 penalty per update.
    #[arg(long, default_value_t = Hyper::default().l2)]
    pub l2: f32,
    /// Shuffling seed.
    #[arg(long, default_value_t = Hyper::default().seed)]
    pub seed: u64,
    /// Where to write the model.
    #[arg(long)]
    pub out: PathBuf,
    /// The text column (header name or zero-based index).
    #[arg(long)]
    pub text_column: Option<String>,
    /// The label column (header name or zero-based index).
    #[arg(long)]
    pub label_column: Option<String>,
    /// A label value that counts as abusive; repeat for several.
    #[arg(long)]
    pub positive: Vec<String>,
}

fn analyzer(model: Option<&Path>) -> anyhow::Result<Analyzer> {
    Ok(match model {
        Some(path) => Analyzer::with_model(
            Model::load(path).with_context(|| format!("Loading the model {}", path.display()))?,
        ),
        None => Analyzer::shipped(),
    })
}

/// One text per line on stdin, one JSON object per line on stdout.
pub fn analyze(args: AnalyzeArgs) -> anyhow::Result<()> {
    let analyzer = analyzer(args.model.as_deref())?;
    let stdin = std::io::stdin().lock();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    sangam_text::analyze_lines(&analyzer, stdin, stdout).context("Analysing standard input")?;
    Ok(())
}

pub fn eval(args: EvalArgs) -> anyhow::Result<()> {
    let analyzer = analyzer(args.model.as_deref())?;
    let report = sangam_text::run_eval(&args.data, &analyzer)
        .with_context(|| format!("Evaluating on {}", args.data.display()))?;
    print!("{report}");
    Ok(())
}

pub fn model(cmd: ModelCommand) -> anyhow::Result<()> {
    match cmd {
        ModelCommand::Curve(args) => {
            let shipped = Analyzer::shipped_model().context("Loading the shipped model")?;
            let curve = sangam_text::learning::learning_curve(&args.data, &shipped)
                .with_context(|| format!("Reading {}", args.data.display()))?;
            print!("{curve}");
            Ok(())
        }
        ModelCommand::Train(args) => {
            let hyper = Hyper {
                bits: args.bits,
                epochs: args.epochs,
                l2: args.l2,
                seed: args.seed,
                ..Hyper::default()
            };
            let model = if args.shipped {
                sangam_text::cli::train_shipped(&args.data, &hyper, true)
            } else {
                let parse = |c: Option<String>| c.and_then(|c| c.parse::<Column>().ok());
                let options = TrainOptions {
                    text_column: parse(args.text_column),
                    label_column: parse(args.label_column),
                    positive: args.positive,
                    progress: true,
                    hyper,
                };
                sangam_text::train(&args.data, options)
            }
            .with_context(|| format!("Training on {}", args.data.display()))?;
            model
                .save(&args.out)
                .with_context(|| format!("Writing the model to {}", args.out.display()))?;
            println!(
                "Wrote {} ({} bytes): {} rows, {} abusive; held-out macro-F1 {} at threshold {:.3}",
                args.out.display(),
                model.to_bytes().len(),
                model.info.rows,
                model.info.positives,
                model
                    .info
                    .heldout_macro_f1
                    .map_or_else(|| "-".to_owned(), |f| format!("{f:.3}")),
                model.info.threshold
            );
            Ok(())
        }
    }
}
