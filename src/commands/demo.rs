//! `sangam demo`: a seeded workspace on a local SQLite file, with 90 days of history so the charts have shape, and
//! live sandbox traffic from then on. Running it again reuses the same files.

use crate::config::Config;
use crate::runtime;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use sangam_domain::PostStatus;
use sangam_domain::approval::{Decision, Needs};
use sangam_domain::{Millis, NetworkKind, Role, now_millis};
use sangam_networks::sandbox::{ManualClock, Sandbox};
use sangam_networks::{Account, Network, Outbound};
use sangam_store::approvals::{self, NewReview};
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::snapshots::{self, PostSnapshot, ProfileSnapshot};
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, workspaces};
use std::path::Path;

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Address to listen on (default 127.0.0.1:8080).
    #[arg(long, env = "SANGAM_LISTEN")]
    pub listen: Option<String>,
    /// Database URL (default sqlite://sangam-demo.db).
    #[arg(long, env = "SANGAM_DATABASE_URL")]
    pub database: Option<String>,
    /// Days of history to back-fill on first start.
    #[arg(long, default_value_t = 90)]
    pub days: i64,
}

/// The demo's sign-in password, printed at start. The demo listens on loopback by default.
pub const DEMO_PASSWORD: &str = "sangam-demo-2026";

const PEOPLE: &[(&str, &str, Role)] = &[
    ("admin@demo.sangam", "Asha Rao", Role::Admin),
    ("manager@demo.sangam", "Meera Iyer", Role::Manager),
    ("member@demo.sangam", "Kabir Singh", Role::Member),
    ("approver@demo.sangam", "Priya Nair", Role::Approver),
    ("viewer@demo.sangam", "Dev Malhotra", Role::Viewer),
];

const PROFILES: &[(&str, &str)] = &[
    ("monsooncoffee", "Monsoon Coffee"),
    ("monsooncoffee_in", "Monsoon Coffee India"),
    ("monsoon_baristas", "Monsoon Baristas"),
];

/// Posts a coffee brand's team might write; the back-fill picks from them.
const POST_TEXTS: &[&str] = &[
    "Monsoon is here and so is our Malabar cold brew. Which one are you trying first?",
    "New single-origin from Chikmagalur lands in stores this Friday #coffee #specialty",
    "What's your go-to order on a rainy morning? Tell us below!",
    "Behind the beans: meet the farmers of Coorg who grow our Monsoon blend https://monsoon.example/farmers",
    "बारिश, अदरक वाली कॉफ़ी और एक अच्छी किताब। आपका परफ़ेक्ट संडे कैसा होता है?",
    "Weekend hours: we're open 7am to 11pm at every cafe this week.",
    "Filter kaapi masterclass this Saturday, 4pm, at our Indiranagar cafe. Free for members!",
    "Aaj ka special: hazelnut mocha with jaggery. Try kiya kya?",
    "We are switching to fully compostable cups in all cafes from next month #sustainability",
    "Tip from our baristas: grind just before brewing for the best cup.",
    "Thank you for 10 years of mornings together. Here's to the next ten!",
    "Which should we bring back: the cardamom latte or the coconut cold coffee?",
    "Our app now lets you pre-order and skip the queue https://monsoon.example/app",
    "नई दुकान, नया स्वाद: पुणे में हमारा पहला कैफ़े अब खुला है!",
    "Coffee and code night for developers, Thursday 7pm. Bring your laptop.",
];

pub async fn run(file: Option<&Path>, args: Args) -> anyhow::Result<()> {
    let base = Config {
        database_url: "sqlite://sangam-demo.db".into(),
        secret_key_file: "sangam-demo.key".into(),
        sandbox: crate::config::SandboxSettings {
            path: "sangam-demo-sandbox.db".into(),
            ..Default::default()
        },
        engine: crate::config::EngineSettings {
            collect_every_secs: 60,
            ..Default::default()
        },
        ..Config::default()
    };
    let mut config = super::load_config(file, base, args.database.as_deref())?;
    if let Some(listen) = args.listen {
        config.listen = listen;
    }
    runtime::init_logging(&config);
    let db = runtime::open_db(&config).await?;
    let secrets = runtime::secret_box(&config, &db).await?;
    if workspaces::first(&db).await?.is_none() {
        seed(&db, &secrets, &config, args.days)
            .await
            .context("Seeding the demo workspace")?;
    }
    println!();
    println!(
        "Sangam demo: a coffee brand's social team, three sandbox profiles, {} days of history.",
        args.days
    );
    println!("Sign in with any of these (password for all: {DEMO_PASSWORD}):");
    for (email, name, role) in PEOPLE {
        println!("  {email:<24} {name:<14} {role}");
    }
    let sandbox = runtime::open_sandbox(&config).await?;
    runtime::serve(config, db, secrets, sandbox).await
}

async fn seed(db: &Db, secrets: &SecretBox, config: &Config, days: i64) -> anyhow::Result<()> {
    let now = now_millis();
    let ws = workspaces::create(db, "Monsoon Coffee", now).await?;
    let hash =
        sangam_web::auth::password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut author = None;
    for (email, name, role) in PEOPLE {
        let u = users::create(
            db,
            NewUser {
                workspace_id: ws.id,
                email,
                name,
                password_hash: &hash,
                role: *role,
            },
            now,
        )
        .await?;
        if *role == Role::Member {
            author = Some(u.id);
        }
    }
    let author = author.context("the demo has a member")?;
    let mut profiles = Vec::new();
    for (handle, name) in PROFILES {
        let new = NewProfile {
            workspace_id: ws.id,
            network: NetworkKind::Sandbox,
            handle,
            display_name: name,
            credentials: &serde_json::json!({}),
        };
        profiles.push(profiles::create(db, secrets, new, now).await?);
    }
    backfill(db, config, ws.id, author, &profiles, now, days).await?;
    schedule_upcoming(db, ws.id, author, &profiles, now).await?;
    approvals_for_members(db, ws.id, author, &profiles, now).await?;
    past_checkins(db, ws.id, now).await
}

/// Publishes past posts on a sandbox whose clock is turned back, and stores the snapshots a collector would have
/// taken: every six hours for followers, daily for each post's engagement.
async fn backfill(
    db: &Db,
    config: &Config,
    workspace_id: i64,
    author: i64,
    profiles: &[Profile],
    now: Millis,
    days: i64,
) -> anyhow::Result<()> {
    const HOUR: Millis = 3_600_000;
    const DAY: Millis = 24 * HOUR;
    let start = (now - days * DAY) / DAY * DAY;
    let clock = ManualClock::at(start);
    let past = Sandbox::open(
        &config.sandbox.path,
        runtime::sandbox_config(config).with_clock(clock.clone()),
    )
    .await
    .context("Opening the sandbox for the back-fill")?;
    let bar = ProgressBar::new(days as u64).with_style(
        ProgressStyle::with_template("back-filling {bar:40} {pos}/{len} days {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let mut published: Vec<(i64, String, String, Millis)> = Vec::new();
    for day in 0..days {
        let midnight = start + day * DAY;
        // One post most days, at a morning or evening hour, rotating through the profiles.
        if day % 7 != 6 {
            let hour = [8, 9, 12, 18, 20][(day % 5) as usize];
            let at = midnight + hour * HOUR + (day * 7 % 60) * 60_000;
            let profile = &profiles[(day as usize) % profiles.len()];
            let text = POST_TEXTS[(day as usize) % POST_TEXTS.len()];
            clock.set(at);
            let post = posts::create(
                db,
                NewPost::text(workspace_id, author, text, at, &[profile.id]),
                at,
            )
            .await?;
            for d in &post.deliveries {
                posts::record_intent(db, d.id, at).await?;
                let account = Account {
                    profile_id: profile.id,
                    handle: profile.handle.clone(),
                    credentials: serde_json::json!({}),
                };
                let out = Outbound {
                    idempotency_key: d.idempotency_key.clone(),
                    text: text.into(),
                    in_reply_to: None,
                    ..Default::default()
                };
                let p = past
                    .publish(&account, &out)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                posts::mark_published(db, d.id, &p.remote_id, &p.url, p.published_at, at).await?;
                published.push((d.id, profile.handle.clone(), p.remote_id, p.published_at));
            }
        }
        for quarter in 0..4 {
            let at = midnight + quarter * 6 * HOUR;
            for profile in profiles {
                let c = past
                    .profile_counts_at(&profile.handle, at)
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                let snap = ProfileSnapshot {
                    profile_id: profile.id,
                    taken_at: at,
                    followers: c.followers,
                    following: c.following,
                    posts: c.posts,
                };
                snapshots::record_profile(db, &snap).await?;
            }
        }
        let evening = midnight + 23 * HOUR;
        for (delivery_id, handle, remote_id, at) in &published {
            if *at > evening || evening - at > 30 * DAY {
                continue;
            }
            let counts = past
                .post_counts_at(handle, std::slice::from_ref(remote_id), evening)
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            for c in counts {
                let snap = PostSnapshot {
                    delivery_id: *delivery_id,
                    taken_at: evening,
                    likes: c.likes,
                    reposts: c.reposts,
                    replies: c.replies,
                    quotes: c.quotes,
                    impressions: c.impressions,
                };
                snapshots::record_post(db, &snap).await?;
            }
        }
        bar.inc(1);
    }
    bar.finish_with_message("done");
    Ok(())
}

/// Members' posts go to the marketing lead for approval; one is waiting, so the approvals queue has something in it.
async fn approvals_for_members(
    db: &Db,
    workspace_id: i64,
    author: i64,
    profiles: &[Profile],
    now: Millis,
) -> anyhow::Result<()> {
    let lead = users::list(db, workspace_id)
        .await?
        .into_iter()
        .find(|u| u.role == Role::Manager)
        .context("the demo has a manager")?;
    // The approver (Priya) shares the step with the lead, so either can approve and the Approver role has work.
    let approver = users::list(db, workspace_id)
        .await?
        .into_iter()
        .find(|u| u.role == Role::Approver)
        .context("the demo has an approver")?;
    workspaces::set_approval_roles(db, workspace_id, &[Role::Member]).await?;
    approvals::replace_steps(
        db,
        workspace_id,
        &[(
            "Marketing lead".to_string(),
            Needs::Any,
            vec![lead.id, approver.id],
        )],
    )
    .await?;
    let ids = [profiles[0].id];
    let text = "Festive menu reveal: five new drinks, one for every night of Diwali week. Which one first? #monsoonfestive";
    let new = NewPost {
        status: PostStatus::PendingApproval,
        ..NewPost::text(workspace_id, author, text, now + 20 * 3_600_000, &ids)
    };
    let post = posts::create(db, new, now).await?;
    let submitted = NewReview {
        post_id: post.id,
        step_position: None,
        user_id: Some(author),
        reviewer_name: "Kabir Singh",
        decision: Decision::Submitted,
        note: "",
    };
    approvals::add_review(db, submitted, now).await?;
    Ok(())
}

/// Six past weeks of check-ins from everyone, so My week has a history and the team page an average (it needs three
/// people or more, and only for weeks that have ended). The figures are made up for the demo and say so.
async fn past_checkins(db: &Db, workspace_id: i64, now: Millis) -> anyhow::Result<()> {
    let hours = sangam_domain::business_hours::BusinessHours::default();
    let weeks = sangam_domain::care::week_starts(&hours, now, 7);
    for (p, person) in users::list(db, workspace_id).await?.iter().enumerate() {
        // The running week is left for people to fill in themselves.
        for (w, week) in weeks.iter().take(weeks.len() - 1).enumerate() {
            let energy = 2 + ((p + w) % 4) as i64;
            let workload = 5 - ((p * 2 + w) % 4) as i64;
            let note = if w % 3 == 0 {
                "Demo check-in (made-up data for the demo)."
            } else {
                ""
            };
            sangam_store::care::save_checkin(
                db,
                workspace_id,
                person.id,
                *week,
                energy,
                workload,
                note,
                *week + 86_400_000,
            )
            .await?;
        }
    }
    Ok(())
}

/// A few posts waiting in the queue, so the team sees what is coming.
async fn schedule_upcoming(
    db: &Db,
    workspace_id: i64,
    author: i64,
    profiles: &[Profile],
    now: Millis,
) -> anyhow::Result<()> {
    let ids: Vec<i64> = profiles.iter().map(|p| p.id).collect();
    let upcoming = [
        (
            2 * 3_600_000,
            "Fresh batch of Monsoon Malabar roasting today. Smell it from the street?",
        ),
        (
            26 * 3_600_000,
            "Tomorrow: buy one filter kaapi, get one free at every cafe. See you there!",
        ),
        (50 * 3_600_000, "इस हफ़्ते का सवाल: चाय या कॉफ़ी? जवाब कमेंट में दें!"),
    ];
    for (ahead, text) in upcoming {
        let new = NewPost::text(workspace_id, author, text, now + ahead, &ids);
        posts::create(db, new, now).await?;
    }
    Ok(())
}
