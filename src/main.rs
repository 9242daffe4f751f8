//! `sangam`: the social team's command centre in one binary.

mod commands;
mod config;
mod runtime;

use clap::{Parser, Subcommand};

/// mimalloc returns freed memory to the system soon after a busy hour; glibc's malloc kept a thread arena per worker
/// that never shrank (README, "Memory").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "sangam",
    version,
    about = "Publish, engage, measure and care: a self-hosted social media command centre."
)]
struct Cli {
    /// A TOML config file (default: ./sangam.toml when present).
    #[arg(long, global = true, env = "SANGAM_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server and the engine.
    Serve(commands::serve::Args),
    /// Run a seeded demo workspace on a local SQLite file, with live sandbox traffic.
    Demo(commands::demo::Args),
    /// Bring the database schema up to date and exit.
    Migrate(commands::DbArgs),
    /// A consistent copy of the database while the server runs (SQLite: VACUUM INTO; PostgreSQL: an export).
    Backup(commands::archive::OutArgs),
    /// Write the whole database (media included, secrets still sealed) to one portable archive.
    Export(commands::archive::OutArgs),
    /// Read an archive into an empty SQLite or PostgreSQL database, in one transaction.
    Import(commands::archive::InArgs),
    /// Manage people.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// The report rollups: rebuild them from the raw snapshots, or check that they agree.
    #[command(subcommand)]
    Rollups(commands::rollups::RollupsCommand),
    /// When the secret key is lost for good: wipe the stored network credentials, mark every profile "needs
    /// reconnect", and make the current key the database's key.
    ForgetCredentials(ForgetArgs),
    /// Print a commented example config file (with a freshly generated secret key).
    GenConfig,
    /// Analyse texts: one per line on stdin, one JSON object per line on stdout.
    Analyze(commands::text::AnalyzeArgs),
    /// Evaluate the text analysis on labelled sets: macro-F1 (abuse), macro-recall (sentiment), throughput.
    Eval(commands::text::EvalArgs),
    /// Train the abuse model.
    #[command(subcommand)]
    Model(commands::text::ModelCommand),
    /// Measurements with a baseline taken in the same run.
    #[command(subcommand)]
    #[cfg(feature = "bench")]
    Bench(commands::bench::BenchCommand),
}

#[derive(clap::Args)]
struct ForgetArgs {
    #[command(flatten)]
    db: commands::DbArgs,
    /// Yes, wipe the credentials: every profile must then be reconnected.
    #[arg(long)]
    yes: bool,
}

async fn forget_credentials(
    file: Option<&std::path::Path>,
    args: ForgetArgs,
) -> anyhow::Result<()> {
    anyhow::ensure!(
        args.yes,
        "This wipes every profile's stored credentials, so each must be reconnected. Run it again with --yes to go ahead."
    );
    let config =
        commands::load_config(file, config::Config::default(), args.db.database.as_deref())?;
    let db = runtime::open_db(&config).await?;
    let marked = runtime::forget_credentials(&config, &db).await?;
    println!(
        "The stored credentials are wiped and {marked} profile(s) are marked \"needs reconnect\": an Admin reconnects \
         each one from Settings. The current secret key is now this database's key."
    );
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: could not start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::run(cli.config.as_deref(), args).await,
            Command::Demo(args) => commands::demo::run(cli.config.as_deref(), args).await,
            Command::Migrate(args) => commands::migrate(cli.config.as_deref(), args).await,
            Command::Backup(args) => commands::archive::backup(cli.config.as_deref(), args).await,
            Command::Export(args) => commands::archive::export(cli.config.as_deref(), args).await,
            Command::Import(args) => commands::archive::import(cli.config.as_deref(), args).await,
            Command::User(cmd) => commands::user::run(cli.config.as_deref(), cmd).await,
            Command::Rollups(cmd) => commands::rollups::run(cli.config.as_deref(), cmd).await,
            Command::Analyze(args) => commands::text::analyze(args),
            Command::Eval(args) => commands::text::eval(args),
            Command::Model(cmd) => commands::text::model(cli.config.as_deref(), cmd).await,
            #[cfg(feature = "bench")]
            Command::Bench(cmd) => commands::bench::run(cmd).await,
            Command::ForgetCredentials(args) => {
                forget_credentials(cli.config.as_deref(), args).await
            }
            Command::GenConfig => {
                print!(
                    "{}",
                    config::EXAMPLE
                        .replace("{KEY}", &sangam_store::secrets::SecretBox::generate_hex())
                );
                Ok(())
            }
        }
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // A sentence and its causes, never a backtrace.
            eprintln!("error: {e}");
            for cause in e.chain().skip(1) {
                eprintln!("  because: {cause}");
            }
            if e.downcast_ref::<runtime::StartRefused>().is_some() {
                ExitCode::from(runtime::StartRefused::EXIT_CODE)
            } else {
                ExitCode::FAILURE
            }
        }
    }
}
