//! `sangam bench ...`: measurements that print ratios against a baseline run in the same process. Timings never go in
//! tests; they live here.

pub mod audience;
pub mod care;
pub mod competitors;
pub mod inbound;
pub mod inbox;
pub mod links;
pub mod listening;
pub mod publish;
pub mod reports;
pub mod review;
pub mod webhooks;

#[derive(clap::Subcommand)]
pub enum BenchCommand {
    /// The audience report for N profiles with a year of engagement (engagers with bios and languages, follower lists,
    /// two target segments) against one hand-written aggregate SQL query for its per-profile engagements and
    /// engagers: median, p95 and the ratio (SQLite by default; `--database postgres://...` uses a fresh schema there).
    Audience {
        #[arg(long, default_value_t = 50)]
        profiles: usize,
        /// Days of history.
        #[arg(long, default_value_t = 365)]
        days: i64,
        /// Engagements per profile per day.
        #[arg(long, default_value_t = 30)]
        engagements_per_day: i64,
        /// Engagers per profile.
        #[arg(long, default_value_t = 1_000)]
        engagers: i64,
        /// The report's period, in days up to today.
        #[arg(long, default_value_t = 365)]
        period_days: i64,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[arg(long)]
        database: Option<String>,
    },
    /// The activity log on the hot path against a bare insert, and the team care page's figures with a year of
    /// activity against reading the same rows (SQLite).
    Care {
        /// How many actions and heartbeats to write.
        #[arg(long, default_value_t = 5000)]
        actions: usize,
        /// People on the team.
        #[arg(long, default_value_t = 20)]
        people: usize,
        /// Days of history.
        #[arg(long, default_value_t = 365)]
        days: i64,
    },
    /// The competitor report for up to 20 competitors with generated history (a year by default) against one
    /// hand-written aggregate SQL query for the same numbers: median, p95 and the ratio (SQLite by default;
    /// `--database postgres://...` uses a fresh schema there).
    Competitors {
        #[arg(long, default_value_t = 20)]
        competitors: usize,
        /// Days of history.
        #[arg(long, default_value_t = 365)]
        days: i64,
        /// Follower snapshots per competitor per day.
        #[arg(long, default_value_t = 4)]
        snapshots_per_day: i64,
        /// Posts per competitor per day.
        #[arg(long, default_value_t = 3)]
        posts_per_day: i64,
        /// The report's period, in days up to today.
        #[arg(long, default_value_t = 365)]
        period_days: i64,
        #[arg(long, default_value_t = 20)]
        runs: usize,
        #[arg(long)]
        database: Option<String>,
    },
    /// The inbox at scale: the inbox page and its JSON served by the real router in-process to many clients at once,
    /// against a bare handler reading and rendering the same 50 rows (SQLite by default; `--database postgres://...`
    /// uses a fresh schema there).
    Inbox {
        /// Messages in the workspace.
        #[arg(long, default_value_t = 100_000)]
        messages: usize,
        /// Clients asking at once.
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// Seconds each target is loaded for.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
        #[arg(long)]
        database: Option<String>,
    },
    /// The short-link redirect (`/l/{code}`, clicks counted) under many clients against a bare axum 302 from memory:
    /// p50, p99 and throughput, in-process (SQLite).
    Links {
        /// Clients following links at once.
        #[arg(long, default_value_t = 50)]
        clients: usize,
        /// Seconds each target is loaded for.
        #[arg(long, default_value_t = 10)]
        seconds: u64,
    },
    /// Listening throughput (search the sandbox's chatter, match, analyse, store once) against a bare insert of the
    /// same rows (SQLite).
    Listening {
        /// Topics listened to (each hears two days of simulated chatter).
        #[arg(long, default_value_t = 20)]
        topics: usize,
    },
    /// Inbound pipeline throughput against a bare batched insert of the same rows (SQLite).
    Inbound {
        /// How many messages to push through.
        #[arg(long, default_value_t = 5000)]
        messages: usize,
    },
    /// The scheduler: posts all due at once to the sandbox (no faults), time from due to published, against the bare
    /// database work of the same state changes in the same database; then posts due over one minute, due to published.
    Publish {
        /// How many posts are due at once.
        #[arg(long, default_value_t = 100_000)]
        posts: usize,
        /// Sandbox profiles the posts are spread over.
        #[arg(long, default_value_t = 10)]
        profiles: usize,
        /// Posts of the second run, due one after another over one minute from its start.
        #[arg(long, default_value_t = 1_000)]
        spread: usize,
        /// `postgres://...` runs in a fresh schema there; SQLite by default.
        #[arg(long)]
        database: Option<String>,
    },
    /// Text analysis (language, sentiment, lexicons, model) on one core against normalisation alone, over the texts
    /// of the labelled sets in the data folder.
    Text {
        /// The folder of labelled sets (see ../shared/data/README.md).
        #[arg(long)]
        data: std::path::PathBuf,
        /// Passes over the texts (the best is kept).
        #[arg(long, default_value_t = 3)]
        passes: usize,
    },
    /// The profile performance report on generated history against one hand-written aggregate SQL query for the same
    /// numbers (SQLite by default; `--database postgres://...` uses a fresh schema there).
    Reports {
        #[arg(long, default_value_t = 50)]
        profiles: usize,
        /// Days of history.
        #[arg(long, default_value_t = 730)]
        days: i64,
        /// Follower snapshots per profile per day.
        #[arg(long, default_value_t = 24)]
        profile_snapshots_per_day: i64,
        /// Posts per profile per day.
        #[arg(long, default_value_t = 2)]
        posts_per_day: i64,
        /// Engagement snapshots per post.
        #[arg(long, default_value_t = 10)]
        snapshots_per_post: i64,
        /// The report's period, in days up to today.
        #[arg(long, default_value_t = 30)]
        period_days: i64,
        #[arg(long, default_value_t = 30)]
        runs: usize,
        #[arg(long)]
        database: Option<String>,
    },
    /// The weekly review drafted for a workspace with generated history (the reports bench's, plus inbound messages
    /// every day) against the profile performance report alone for the same week: medians (SQLite by default;
    /// `--database postgres://...` uses a fresh schema there).
    Review {
        #[arg(long, default_value_t = 50)]
        profiles: usize,
        /// Days of history.
        #[arg(long, default_value_t = 365)]
        days: i64,
        /// Follower snapshots per profile per day.
        #[arg(long, default_value_t = 24)]
        profile_snapshots_per_day: i64,
        /// Posts per profile per day.
        #[arg(long, default_value_t = 2)]
        posts_per_day: i64,
        /// Engagement snapshots per post.
        #[arg(long, default_value_t = 10)]
        snapshots_per_post: i64,
        /// Inbound messages per day, across the profiles.
        #[arg(long, default_value_t = 300)]
        messages_per_day: i64,
        #[arg(long, default_value_t = 5)]
        runs: usize,
        #[arg(long)]
        database: Option<String>,
    },
    /// Outgoing webhooks to a receiver on loopback: N events delivered by the real engine against a bare reqwest POST
    /// loop of the same bodies (same concurrency), and one-at-a-time latency (median, p99) of the sender against a
    /// bare POST (SQLite).
    Webhooks {
        #[arg(long, default_value_t = 2_000)]
        events: usize,
        /// Deliveries at once (the engine's concurrency, and the bare loop's).
        #[arg(long, default_value_t = 16)]
        concurrency: usize,
        /// One-at-a-time deliveries timed for the latency figures.
        #[arg(long, default_value_t = 500)]
        samples: usize,
    },
}

pub async fn run(cmd: BenchCommand) -> anyhow::Result<()> {
    match cmd {
        BenchCommand::Audience {
            profiles,
            days,
            engagements_per_day,
            engagers,
            period_days,
            runs,
            database,
        } => {
            audience::run(audience::Scale {
                profiles,
                days,
                engagements_per_day,
                engagers,
                period_days,
                runs,
                database,
            })
            .await
        }
        BenchCommand::Care {
            actions,
            people,
            days,
        } => care::run(actions, people, days).await,
        BenchCommand::Inbox {
            messages,
            clients,
            seconds,
            database,
        } => {
            inbox::run(inbox::Scale {
                messages,
                clients,
                seconds,
                database,
            })
            .await
        }
        BenchCommand::Inbound { messages } => inbound::run(messages).await,
        BenchCommand::Listening { topics } => listening::run(topics).await,
        BenchCommand::Competitors {
            competitors,
            days,
            snapshots_per_day,
            posts_per_day,
            period_days,
            runs,
            database,
        } => {
            competitors::run(competitors::Scale {
                competitors,
                days,
                snapshots_per_day,
                posts_per_day,
                period_days,
                runs,
                database,
            })
            .await
        }
        BenchCommand::Text { data, passes } => {
            let texts = sangam_text::eval::bench_texts(&data)
                .map_err(|e| anyhow::anyhow!("Reading the texts in {}: {e}", data.display()))?;
            let analyzer = sangam_text::Analyzer::shipped();
            print!("{}", sangam_text::eval::bench(&analyzer, &texts, passes));
            // The short messages of an inbox (the figure the 50,000 texts/s target is for).
            let short = sangam_text::eval::short_texts(&texts, 100);
            print!("{}", sangam_text::eval::bench(&analyzer, &short, passes));
            Ok(())
        }
        BenchCommand::Links { clients, seconds } => links::run(clients, seconds).await,
        BenchCommand::Publish {
            posts,
            profiles,
            spread,
            database,
        } => publish::run(posts, profiles, spread, database).await,
        BenchCommand::Webhooks {
            events,
            concurrency,
            samples,
        } => webhooks::run(events, concurrency, samples).await,
        BenchCommand::Review {
            profiles,
            days,
            profile_snapshots_per_day,
            posts_per_day,
            snapshots_per_post,
            messages_per_day,
            runs,
            database,
        } => {
            let scale = reports::Scale {
                profiles,
                days,
                profile_snapshots_per_day,
                posts_per_day,
                snapshots_per_post,
                period_days: 7,
                runs,
                database,
            };
            review::run(scale, messages_per_day).await
        }
        BenchCommand::Reports {
            profiles,
            days,
            profile_snapshots_per_day,
            posts_per_day,
            snapshots_per_post,
            period_days,
            runs,
            database,
        } => {
            reports::run(reports::Scale {
                profiles,
                days,
                profile_snapshots_per_day,
                posts_per_day,
                snapshots_per_post,
                period_days,
                runs,
                database,
            })
            .await
        }
    }
}

/// Runs `report` and `baseline` one after the other `runs` times; their times in microseconds, each sorted.
pub async fn interleaved<R, B, FR, FB, TR, TB>(
    runs: usize,
    report: R,
    baseline: B,
) -> anyhow::Result<(Vec<i64>, Vec<i64>)>
where
    R: Fn() -> FR,
    B: Fn() -> FB,
    FR: std::future::Future<Output = anyhow::Result<TR>>,
    FB: std::future::Future<Output = anyhow::Result<TB>>,
{
    let (mut rep, mut base) = (vec![], vec![]);
    for _ in 0..runs {
        let t = std::time::Instant::now();
        report().await?;
        rep.push(t.elapsed().as_micros() as i64);
        let t = std::time::Instant::now();
        baseline().await?;
        base.push(t.elapsed().as_micros() as i64);
    }
    rep.sort_unstable();
    base.sort_unstable();
    Ok((rep, base))
}

/// Prints a report's median and p95 against its baseline's, and their ratio.
pub fn print_against(rep: &[i64], base: &[i64], runs: usize) {
    let ms = |us: i64| us as f64 / 1000.0;
    println!(
        "  report (store rows + domain):   median {:.1} ms, p95 {:.1} ms",
        ms(quantile(rep, 0.5)),
        ms(quantile(rep, 0.95))
    );
    println!(
        "  one aggregate SQL query:        median {:.1} ms, p95 {:.1} ms",
        ms(quantile(base, 0.5)),
        ms(quantile(base, 0.95))
    );
    println!(
        "  ratio (report / baseline, medians): {:.2}x over {runs} interleaved runs",
        quantile(rep, 0.5) as f64 / quantile(base, 0.5).max(1) as f64,
    );
}

/// The value at quantile `q` (0..=1) of sorted `values`.
pub fn quantile(sorted: &[i64], q: f64) -> i64 {
    if sorted.is_empty() {
        return 0;
    }
    let i = ((sorted.len() - 1) as f64 * q).round() as usize;
    sorted[i.min(sorted.len() - 1)]
}

/// The cores this process may run on.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// The CPU seconds this process has used so far (user and system, all threads), from `/proc/self/stat`: set against
/// a phase's wall time, it says whether the phase kept the cores busy or waited.
pub fn cpu_secs() -> Option<f64> {
    cpu_secs_in(&std::fs::read_to_string("/proc/self/stat").ok()?)
}

/// The user and system time in a `/proc/<pid>/stat` line (fields 14 and 15, in clock ticks of 1/100 s, the Linux
/// default), in seconds.
fn cpu_secs_in(stat: &str) -> Option<f64> {
    // The command name (field 2, in parentheses) may hold spaces and parentheses; the fields after its last
    // closing parenthesis are plain, the state (field 3) first.
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// The CPU seconds used since `before`, where the process's counters are readable.
pub fn cpu_used(before: Option<f64>) -> Option<f64> {
    Some(cpu_secs()? - before?)
}

/// "1.52 CPU s (76% of 2 core(s))": how busy the machine was during a phase of `wall` seconds.
pub fn cpu_line(cpu: Option<f64>, wall: f64) -> String {
    let cores = cores();
    match cpu {
        Some(cpu) => format!(
            "{cpu:.2} CPU s ({:.0}% of {cores} core(s))",
            100.0 * cpu / (wall * cores as f64).max(1e-9)
        ),
        None => "CPU time not readable here".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cpu_time_is_read_past_a_command_name_with_spaces_and_parentheses() {
        // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
        let stat =
            "4242 (sangam (bench) x) R 1 4242 4242 0 -1 4194560 900 0 0 0 152 48 0 0 20 0 9 0";
        assert_eq!(cpu_secs_in(stat), Some(2.0));
        assert_eq!(cpu_secs_in("4242 (sangam) R 1"), None);
        assert_eq!(cpu_secs_in("no parenthesis here"), None);
    }
}
