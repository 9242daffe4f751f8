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
    /// pool of corrections, the way the inbox's corrections teach a workspace's model; then sentiment macro-recall
    /// after a workspace's sentiment model learns as many "wrong sentiment?" corrections.
    Curve(CurveArgs),
    /// The shipped model's confusion table on each abuse dev set at every threshold from 0.05 to 0.95, the figures
    /// the Shield threshold page shows until a team has its own (writes crates/text/model/thresholds.tsv).
    Thresholds(ThresholdsArgs),
}

#[derive(clap::Args)]
pub struct ThresholdsArgs {
    /// The folder of labelled sets (see ../shared/data/README.md).
    #[arg(long)]
    pub data: PathBuf,
    /// Where to write the table.
    #[arg(long, default_value = "crates/text/model/thresholds.tsv")]
    pub out: PathBuf,
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
    #[arg(long, required_unless_present = "workspace")]
    pub data: Option<PathBuf>,
    /// Teach this workspace's own Shield model (in the database, as the inbox's corrections do) the rows of --csv.
    #[arg(long, requires = "csv", conflicts_with_all = ["data", "shipped", "out"])]
    pub workspace: Option<i64>,
    /// With --workspace: the team's CSV, with a header and the columns text and label (1 or yes: abusive; 0 or no:
    /// not abusive). Nothing is learned when a row is wrong; each wrong row is named with its line.
    #[arg(long, requires = "workspace")]
    pub csv: Option<PathBuf>,
    #[command(flatten)]
    pub db: super::DbArgs,
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
    #[arg(long, required_unless_present = "workspace")]
    pub out: Option<PathBuf>,
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

/// `sangam model train --workspace ID --csv FILE`: the workspace's model learns the team's rows and is stored; a server
/// running on the same database takes it up at its next look at the inbox.
async fn train_workspace(
    config_file: Option<&Path>,
    workspace_id: i64,
    csv: &Path,
    db: &super::DbArgs,
) -> anyhow::Result<()> {
    let rows = sangam_text::team_labels::read_team_csv(csv)
        .with_context(|| format!("Reading {}", csv.display()))?;
    let config = super::load_config(
        config_file,
        crate::config::Config::default(),
        db.database.as_deref(),
    )?;
    let db = crate::runtime::open_db(&config).await?;
    sangam_store::workspaces::get(&db, workspace_id)
        .await
        .with_context(|| format!("There is no workspace {workspace_id} in this database"))?;
    let bar = sangam_text::cli::progress_bar(rows.len() as u64, "learning");
    let text = sangam_engine::TextModel::default();
    let done = text
        .train_workspace(&db, workspace_id, &rows, &|n| bar.set_position(n as u64))
        .await
        .context("Storing the workspace's model")?;
    bar.finish_and_clear();
    let abusive = rows.iter().filter(|(_, a)| *a).count();
    println!(
        "Workspace {workspace_id}'s Shield model learned {} rows ({abusive} abusive) from {}: {} rows of labelled \
         files in all, besides {} inbox corrections; stored ({} bytes).",
        done.rows,
        csv.display(),
        done.trained_rows,
        done.corrections,
        done.model_bytes
    );
    Ok(())
}

pub async fn model(config_file: Option<&Path>, cmd: ModelCommand) -> anyhow::Result<()> {
    if let ModelCommand::Train(TrainArgs {
        workspace: Some(workspace_id),
        csv: Some(csv),
        db,
        ..
    }) = &cmd
    {
        return train_workspace(config_file, *workspace_id, csv, db).await;
    }
    match cmd {
        ModelCommand::Thresholds(args) => {
            let curves = sangam_text::calibration::dev_curves(&args.data, &Analyzer::shipped())
                .with_context(|| format!("Reading {}", args.data.display()))?;
            std::fs::write(&args.out, sangam_text::calibration::format_curves(&curves))
                .with_context(|| format!("Writing {}", args.out.display()))?;
            println!("Wrote {} ({} dev sets)", args.out.display(), curves.len());
            Ok(())
        }
        ModelCommand::Curve(args) => {
            let shipped = Analyzer::shipped_model().context("Loading the shipped model")?;
            let curve = sangam_text::learning::learning_curve(&args.data, &shipped)
                .with_context(|| format!("Reading {}", args.data.display()))?;
            print!("{curve}");
            let sentiment = sangam_text::sentiment::learned::curves(
                &args.data,
                &Analyzer::shipped(),
                sangam_text::sentiment::learned::Tuning::default(),
            )
            .with_context(|| format!("Reading {}", args.data.display()))?;
            print!("{sentiment}");
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
            let (Some(data), Some(out)) = (args.data, args.out) else {
                anyhow::bail!("Pass --data and --out (or --workspace and --csv)");
            };
            let model = if args.shipped {
                sangam_text::cli::train_shipped(&data, &hyper, true)
            } else {
                let parse = |c: Option<String>| c.and_then(|c| c.parse::<Column>().ok());
                let options = TrainOptions {
                    text_column: parse(args.text_column),
                    label_column: parse(args.label_column),
                    positive: args.positive,
                    progress: true,
                    hyper,
                };
                sangam_text::train(&data, options)
            }
            .with_context(|| format!("Training on {}", data.display()))?;
            model
                .save(&out)
                .with_context(|| format!("Writing the model to {}", out.display()))?;
            println!(
                "Wrote {} ({} bytes): {} rows, {} abusive; held-out macro-F1 {} at threshold {:.3}",
                out.display(),
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
