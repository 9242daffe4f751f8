//! `sangam demo`: a seeded workspace on a local SQLite file, with 90 days of made-up history that reads like a real
//! team's (posts with campaigns, approvals decided by the approver, an inbox answered by several people, check-ins,
//! focus time, after-hours work and shield openings, goals), and live sandbox traffic from then on. Running it again
//! reuses the same files. Every figure in it is made up, and the start-up banner says so.

use crate::config::Config;
use crate::runtime;
use anyhow::Context;
use indicatif::{ProgressBar, ProgressStyle};
use sangam_domain::PostStatus;
use sangam_domain::approval::{Decision, Needs};
use sangam_domain::business_hours::BusinessHours;
use sangam_domain::care::FocusKind;
use sangam_domain::{Millis, NetworkKind, Role, now_millis};
use sangam_engine::ingester::Ingester;
use sangam_engine::{Networks, TextModel};
use sangam_networks::sandbox::{ManualClock, Sandbox};
use sangam_networks::{Account, Network, Outbound};
use sangam_store::approvals::{self, NewReview};
use sangam_store::inbox;
use sangam_store::posts::{self, NewPost};
use sangam_store::profiles::{self, NewProfile, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::seed::{self, PastAction, PastFocus};
use sangam_store::snapshots::{self, PostSnapshot, ProfileSnapshot};
use sangam_store::users::{self, NewUser};
use sangam_store::{Db, workspaces};
use std::path::Path;
use std::sync::Arc;

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
    ("zoya@demo.sangam", "Zoya Khan", Role::Member),
    ("arjun@demo.sangam", "Arjun Mehta", Role::Member),
];

/// The team works from India: everyone's pages and business hours are in this zone.
const TEAM_ZONE: &str = "Asia/Kolkata";
/// Days of inbox history the demo brings in (the sandbox keeps a month of notifications, like real networks).
const INBOX_DAYS: i64 = 14;
const MINUTE: Millis = 60_000;
const HOUR: Millis = 60 * MINUTE;
const DAY: Millis = 24 * HOUR;

/// Campaign and topic tags for each of [`POST_TEXTS`], so the tag report has something to compare.
const POST_TAGS: &[&[&str]] = &[
    &["monsoon-menu"],
    &["new-launch", "single-origin"],
    &["community"],
    &["farmers", "sustainability"],
    &["community"],
    &["store-news"],
    &["events"],
    &["monsoon-menu"],
    &["sustainability"],
    &["coffee-tips"],
    &["anniversary"],
    &["community"],
    &["app-launch"],
    &["store-news", "new-launch"],
    &["events"],
];

/// What the team answers, by the message's language.
const REPLIES_EN: &[&str] = &[
    "Thank you so much! We'll pass this on to the team at the cafe.",
    "Sorry to hear that. Could you DM us your order number? We'll make it right today.",
    "Great question! The Monsoon Malabar is available in all our cafes and on the app.",
    "We're so glad you enjoyed it. See you again soon!",
    "Thanks for flagging this. Our store team is looking into it right now.",
    "Yes! The masterclass is free for members; just show your app at the counter.",
];
const REPLIES_HI: &[&str] = &[
    "बहुत-बहुत धन्यवाद! हम यह बात कैफ़े की टीम तक पहुँचा देंगे।",
    "इसके लिए माफ़ी चाहते हैं। कृपया अपना ऑर्डर नंबर DM करें, हम आज ही ठीक करेंगे।",
    "अच्छा सवाल! मॉनसून मालाबार हमारे सभी कैफ़े और ऐप पर मिलता है।",
];
const REPLIES_HINGLISH: &[&str] = &[
    "Thank you ji! Aapka feedback team tak pahuncha diya hai.",
    "Sorry for the trouble! Order number DM kar dijiye, hum turant dekhte hain.",
    "Bilkul try kijiye, monsoon special sirf is mahine hai!",
];

/// A small deterministic mixer (splitmix64): the demo's made-up history is the same on every first start.
fn mix(x: u64) -> u64 {
    let mut z = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// A made-up number in `0..n` for `(salt, i)`.
fn pick(salt: u64, i: i64, n: u64) -> u64 {
    mix(salt ^ mix(i as u64)) % n.max(1)
}

/// Who is who in the demo team.
struct Team {
    admin: i64,
    manager: i64,
    approver: i64,
    viewer: i64,
    /// The people who write posts and answer the inbox, with how much of the inbox each one takes (in tenths).
    answerers: Vec<(i64, u64)>,
    /// Author ids of the back-filled posts, in turn.
    authors: Vec<i64>,
}

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
            // About 70 messages a day across the three profiles: a busy coffee brand, not a firehose.
            messages_per_hour: 1.0,
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
    println!("Everything in it (people, posts, messages, figures) is made up for the demo.");
    println!("Sign in with any of these (password for all: {DEMO_PASSWORD}):");
    for (email, name, role) in PEOPLE {
        println!("  {email:<24} {name:<14} {role}");
    }
    let sandbox = runtime::open_sandbox(&config).await?;
    runtime::serve(config, db, secrets, sandbox).await
}

async fn seed(db: &Db, secrets: &SecretBox, config: &Config, days: i64) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let now = now_millis();
    // The team has existed as long as its history, so last week has a review to draft.
    let ws = workspaces::create(db, "Monsoon Coffee (demo)", now - days * DAY).await?;
    let hash =
        sangam_web::auth::password::hash(DEMO_PASSWORD).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut ids = Vec::new();
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
        users::set_preferences(db, u.id, "en-US", TEAM_ZONE).await?;
        ids.push((u.id, *role, *email));
    }
    let team = team_of(&ids)?;
    let author = team.authors[0];
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
    let start = (now - days * DAY) / DAY * DAY;
    let clock = ManualClock::at(start);
    let past = Arc::new(
        Sandbox::open(
            &config.sandbox.path,
            runtime::sandbox_config(config).with_clock(clock.clone()),
        )
        .await
        .context("Opening the sandbox for the back-fill")?,
    );
    backfill(db, &past, &clock, ws.id, &team, &profiles, now, days).await?;
    schedule_upcoming(db, ws.id, author, &profiles, now).await?;
    approvals_for_members(db, ws.id, author, &profiles, now).await?;
    past_checkins(db, ws.id, now).await?;
    inbox_history(db, secrets, &past, &clock, ws.id, &team, now).await?;
    audience_history(db, secrets, &past, &clock, now, days).await?;
    working_days(db, ws.id, &team, now).await?;
    goals(db, ws.id, &team, &profiles, now).await?;
    return_history(db, ws.id, &team, now).await?;
    competitor_history(db, &past, &clock, ws.id, team.manager, now, days).await?;
    clock.set(now);
    listening_topics(db, &past, ws.id, team.manager, now).await?;
    tracing::info!(
        seconds = started.elapsed().as_secs_f64(),
        "seeded the demo workspace"
    );
    Ok(())
}

/// The sandbox's simulated competitor brands, watched since the demo's history began: their follower counts read from
/// the simulated network every six hours of the past (it answers for any moment, as it does for our profiles), then
/// their recent posts read back as the engine does when a competitor is added. Nothing is made up here: every row is
/// the network's answer.
async fn competitor_history(
    db: &Db,
    sandbox: &Arc<Sandbox>,
    clock: &ManualClock,
    workspace_id: i64,
    manager: i64,
    now: Millis,
    days: i64,
) -> anyhow::Result<()> {
    use sangam_networks::public::PublicProfiles;
    use sangam_store::competitors::{self, NewCompetitor};
    let start = (now - days * DAY) / DAY * DAY;
    for handle in sangam_networks::sandbox::competitor_handles() {
        clock.set(now);
        let Some(account) = sandbox.lookup(handle).await? else {
            continue;
        };
        let new = NewCompetitor {
            workspace_id,
            network: NetworkKind::Sandbox,
            handle: &account.handle,
            remote_id: &account.remote_id,
            display_name: &account.display_name,
            url: &account.url,
            added_by: Some(manager),
        };
        let competitor = competitors::add(db, new, start).await?;
        let mut at = start;
        while at < now {
            clock.set(at);
            if let Some(then) = sandbox.lookup(handle).await? {
                sangam_engine::competitors::snapshot(db, competitor.id, &then, at).await?;
            }
            at += 6 * HOUR;
        }
        clock.set(now);
        sangam_engine::competitors::read(db, sandbox.as_ref(), &competitor, now, true).await?;
        competitors::mark_read(db, competitor.id, now, true, None).await?;
    }
    Ok(())
}

/// Listening topics on the sandbox's simulated public chatter: our brand, a competitor (one of the sandbox's
/// simulated brands) and a plain topic, with the last two days heard already (the engine goes on from there).
async fn listening_topics(
    db: &Db,
    sandbox: &Arc<Sandbox>,
    workspace_id: i64,
    manager: i64,
    now: Millis,
) -> anyhow::Result<()> {
    use sangam_store::listening::{self, TopicFields, Voice};
    let topics = [
        (
            "Monsoon Coffee",
            "\"monsoon coffee\" OR #monsooncoffee",
            Voice::Ours,
            "",
        ),
        ("Brewhaus", "brewhaus", Voice::Competitor, "Brewhaus"),
        ("Cold brew talk", "\"cold brew\" -recipe", Voice::None, ""),
    ];
    let listeners = sangam_networks::listen::Listeners::default().with(sandbox.clone());
    let text = sangam_engine::TextModel::default();
    let listening = sangam_engine::listening::Listening {
        db,
        listeners: &listeners,
        text: &text,
        mailer: None,
        public_url: "",
    };
    let mut heard = sangam_engine::listening::Heard::default();
    for (name, query, voice, competitor) in topics {
        let fields = TopicFields {
            name,
            query,
            networks: &[NetworkKind::Sandbox],
            voice,
            competitor,
            paused: false,
        };
        let topic = listening::create(db, workspace_id, &fields, Some(manager), now).await?;
        // Two days of chatter are a few runs' worth of pages.
        for _ in 0..3 {
            listening.listen(&topic, now, &mut heard).await?;
        }
    }
    tracing::info!(posts = heard.stored, "listening topics heard the sandbox");
    Ok(())
}

fn team_of(ids: &[(i64, Role, &str)]) -> anyhow::Result<Team> {
    let by_email = |e: &str| {
        ids.iter()
            .find(|(_, _, email)| *email == e)
            .map(|(id, _, _)| *id)
            .with_context(|| format!("the demo has {e}"))
    };
    let member = by_email("member@demo.sangam")?;
    let zoya = by_email("zoya@demo.sangam")?;
    let arjun = by_email("arjun@demo.sangam")?;
    let manager = by_email("manager@demo.sangam")?;
    Ok(Team {
        admin: by_email("admin@demo.sangam")?,
        manager,
        approver: by_email("approver@demo.sangam")?,
        viewer: by_email("viewer@demo.sangam")?,
        answerers: vec![(member, 4), (zoya, 3), (arjun, 2), (manager, 1)],
        authors: vec![member, zoya, member, arjun, manager, zoya],
    })
}

/// Collects the audience as the engine would have, once a week across the history (a run reads the lists of the last
/// two weeks' posts and takes a follower list), then once at the present: the sandbox's own likers, reposters,
/// quoters, followers and the inbox's writers, nothing written by hand.
async fn audience_history(
    db: &Db,
    secrets: &SecretBox,
    past: &Arc<Sandbox>,
    clock: &ManualClock,
    now: Millis,
    days: i64,
) -> anyhow::Result<()> {
    let networks = Networks::default().with(past.clone() as Arc<dyn Network>);
    let collector = sangam_engine::audience::AudienceCollector {
        db,
        secrets,
        networks: &networks,
        until: Millis::MAX,
    };
    let start = (now - days * DAY) / DAY * DAY;
    let mut at = start + 7 * DAY;
    let mut stored = 0;
    while at < now {
        clock.set(at);
        stored += collector.collect_all(at).await?.engagements;
        at += 7 * DAY;
    }
    clock.set(now);
    stored += collector.collect_all(now).await?.engagements;
    tracing::info!(
        engagements = stored,
        "collected the demo's audience from the sandbox"
    );
    Ok(())
}

/// Publishes past posts on a sandbox whose clock is turned back, and stores the snapshots a collector would have
/// taken: every six hours for followers, daily for each post's engagement.
#[allow(clippy::too_many_arguments)]
async fn backfill(
    db: &Db,
    past: &Sandbox,
    clock: &ManualClock,
    workspace_id: i64,
    team: &Team,
    profiles: &[Profile],
    now: Millis,
    days: i64,
) -> anyhow::Result<()> {
    let start = (now - days * DAY) / DAY * DAY;
    clock.set(start);
    let mut decisions = Vec::new();
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
            let which = (day as usize) % POST_TEXTS.len();
            let text = POST_TEXTS[which];
            let tags: Vec<String> = POST_TAGS[which].iter().map(|t| t.to_string()).collect();
            let author = team.authors[(day as usize) % team.authors.len()];
            clock.set(at);
            let targets = [profile.id];
            let new = NewPost {
                tags: &tags,
                ..NewPost::text(workspace_id, author, text, at, &targets)
            };
            let post = posts::create(db, new, at).await?;
            if author != team.manager {
                decisions.push((post.id, author, at));
            }
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
    past_approvals(db, team, &decisions).await
}

/// Members' past posts went through approval: submitted the day before, decided by the approver (Priya) or, now
/// and then, by the marketing lead; one in six was sent back for a change first.
async fn past_approvals(
    db: &Db,
    team: &Team,
    decisions: &[(i64, i64, Millis)],
) -> anyhow::Result<()> {
    let people = users::list(db, team_workspace(db, team).await?).await?;
    let name = |id: i64| {
        people
            .iter()
            .find(|u| u.id == id)
            .map(|u| u.name.clone())
            .unwrap_or_default()
    };
    for (i, (post_id, author, at)) in decisions.iter().enumerate() {
        let i = i as i64;
        let submitted = at - DAY - (pick(11, i, 180) as i64) * MINUTE;
        let decider = if pick(12, i, 5) == 0 {
            team.manager
        } else {
            team.approver
        };
        let mut trail = vec![(Some(*author), Decision::Submitted, "", submitted)];
        let mut decided = submitted + (20 + pick(13, i, 300) as i64) * MINUTE;
        if pick(14, i, 6) == 0 {
            trail.push((
                Some(decider),
                Decision::ChangesRequested,
                "Can we add the cafe timings? (made-up demo note)",
                decided,
            ));
            decided += 2 * HOUR;
            trail.push((Some(*author), Decision::Submitted, "", decided - HOUR));
        }
        trail.push((
            Some(decider),
            Decision::Approved,
            "",
            decided.min(at - 10 * MINUTE),
        ));
        for (user, decision, note, when) in trail {
            let reviewer = user.map(name).unwrap_or_default();
            let review = NewReview {
                post_id: *post_id,
                step_position: (decision != Decision::Submitted).then_some(1),
                user_id: user,
                reviewer_name: &reviewer,
                decision,
                note,
            };
            approvals::add_review(db, review, when).await?;
        }
    }
    Ok(())
}

async fn team_workspace(db: &Db, team: &Team) -> anyhow::Result<i64> {
    Ok(users::get(db, team.admin).await?.workspace_id)
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

/// Brings in the last [`INBOX_DAYS`] of the public's messages, day by day as the ingester would have, then has the
/// team answer them the way a real one does: most messages answered, by several people, in minutes during business
/// hours and the next morning otherwise (now and then late at night); complaints tagged and assigned; abusive ones
/// opened through the shield by the people who opted in; recent ones still open.
async fn inbox_history(
    db: &Db,
    secrets: &SecretBox,
    past: &Arc<Sandbox>,
    clock: &ManualClock,
    workspace_id: i64,
    team: &Team,
    now: Millis,
) -> anyhow::Result<()> {
    let networks = Networks::default().with(past.clone() as Arc<dyn Network>);
    let text = TextModel::default();
    let ingester = Ingester {
        db,
        secrets,
        networks: &networks,
        text: &text,
    };
    for day in (0..=INBOX_DAYS).rev() {
        clock.set(now - day * DAY);
        ingester
            .ingest_all()
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
    }
    let shield_people = [team.answerers[1].0, team.answerers[0].0];
    for (n, (person, _)) in team.answerers.iter().enumerate() {
        let opted_in = shield_people.contains(person);
        // Zoya works the late shift (12:00 to 21:00); the others 09:00 to 18:00.
        let (start, end) = if n == 1 {
            (12 * 60, 21 * 60)
        } else {
            (9 * 60, 18 * 60)
        };
        inbox::save_person(db, *person, opted_in, start, end).await?;
    }
    let mut actions = Vec::new();
    let mut openings = Vec::new();
    let total_weight: u64 = team.answerers.iter().map(|(_, w)| w).sum();
    for (i, m) in seed::messages(db, workspace_id).await?.iter().enumerate() {
        let i = i as i64;
        if m.abusive {
            let who = shield_people[(i % 2) as usize];
            let at = next_covered_minute(
                m.received_at + (15 + pick(21, i, 90) as i64) * MINUTE,
                pick(20, i, 40) as i64,
            );
            if at < now - 10 * MINUTE {
                openings.push((m.id, who, at));
                actions.push(past_action(who, "opened", m.id, "shielded", at));
            }
            continue;
        }
        let answer_share = match m.kind.as_str() {
            "quote" => 3,
            "direct_message" => 9,
            _ => 8,
        };
        let mut roll = pick(22, i, total_weight);
        let who = team
            .answerers
            .iter()
            .find(|(_, w)| {
                let hit = roll < *w;
                roll = roll.saturating_sub(*w);
                hit
            })
            .map_or(team.answerers[0].0, |(id, _)| *id);
        let late_night = who == team.answerers[0].0 && pick(23, i, 8) == 0;
        let delay = if pick(24, i, 5) == 0 {
            (60 + pick(25, i, 180) as i64) * MINUTE
        } else {
            (4 + pick(26, i, 50) as i64) * MINUTE
        };
        let reply_at = if late_night {
            m.received_at + delay
        } else {
            next_covered_minute(m.received_at + delay, pick(29, i, 45) as i64)
        };
        let message = inbox::get(db, workspace_id, m.id).await?;
        let tag = match m.sentiment_label.as_str() {
            "negative" => Some("complaint"),
            "positive" if pick(27, i, 3) == 0 => Some("praise"),
            _ if message.text.contains('?') => Some("question"),
            _ => None,
        };
        if let Some(tag) = tag {
            let tag_at = (m.received_at + 2 * MINUTE).min(reply_at);
            if tag_at < now {
                inbox::add_tag(db, workspace_id, m.id, tag).await?;
                actions.push(past_action(who, "tagged", m.id, tag, tag_at));
            }
        }
        let answered = pick(28, i, 10) < answer_share && reply_at < now - 15 * MINUTE;
        if !answered {
            continue;
        }
        if tag == Some("complaint") {
            let assign_at = reply_at - 2 * MINUTE;
            inbox::assign(db, workspace_id, m.id, Some(who)).await?;
            actions.push(past_action(team.manager, "assigned", m.id, "", assign_at));
        }
        actions.push(past_action(who, "viewed", m.id, "", reply_at - MINUTE));
        let body = reply_text(&message.lang, &message.script, i);
        let reply = inbox::create_reply(
            db,
            workspace_id,
            &message,
            who,
            body,
            PostStatus::Approved,
            reply_at,
        )
        .await?;
        publish_reply(db, past, clock, &message, reply.delivery_id, body, reply_at).await?;
        actions.push(past_action(who, "replied", m.id, "", reply_at));
        inbox::set_done(db, workspace_id, m.id, true, reply_at + MINUTE).await?;
        actions.push(past_action(who, "closed", m.id, "", reply_at + MINUTE));
    }
    clock.set(now);
    seed::openings(db, &openings).await?;
    seed::activity(db, workspace_id, &actions).await?;
    Ok(())
}

/// A reply goes out through the same delivery the composer's posts use, to the sandbox, at its time.
async fn publish_reply(
    db: &Db,
    past: &Sandbox,
    clock: &ManualClock,
    message: &inbox::Message,
    delivery_id: i64,
    body: &str,
    at: Millis,
) -> anyhow::Result<()> {
    let delivery = posts::delivery(db, delivery_id).await?;
    clock.set(at);
    posts::record_intent(db, delivery_id, at).await?;
    let account = Account {
        profile_id: message.profile_id,
        handle: message.profile_handle.clone(),
        credentials: serde_json::json!({}),
    };
    let out = Outbound {
        idempotency_key: delivery.idempotency_key.clone(),
        text: body.into(),
        in_reply_to: Some(message.remote_id.clone()),
        ..Default::default()
    };
    let p = past
        .publish(&account, &out)
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    posts::mark_published(db, delivery_id, &p.remote_id, &p.url, p.published_at, at).await?;
    Ok(())
}

fn reply_text(lang: &str, script: &str, i: i64) -> &'static str {
    let from = match (lang, script) {
        ("hi", "devanagari" | "Deva") => REPLIES_HI,
        ("hi", _) => REPLIES_HINGLISH,
        _ => REPLIES_EN,
    };
    from[pick(31, i, from.len() as u64) as usize]
}

fn past_action(
    user_id: i64,
    action: &'static str,
    message_id: i64,
    detail: &str,
    at: Millis,
) -> PastAction {
    PastAction {
        user_id,
        action,
        object_kind: "message",
        object_id: Some(message_id),
        detail: detail.to_string(),
        at,
    }
}

/// India is UTC+05:30 all year (no daylight saving), so the demo's local hours are plain arithmetic.
const INDIA_OFFSET: Millis = 5 * HOUR + 30 * MINUTE;

/// `at` if the inbox is covered then (08:00 to 22:00 in India, every day: the team shares evenings and weekends),
/// else 08:00 the next morning plus `settle` minutes.
fn next_covered_minute(at: Millis, settle: i64) -> Millis {
    let local = at + INDIA_OFFSET;
    let hour = (local.rem_euclid(DAY)) / HOUR;
    if (8..22).contains(&hour) {
        return at;
    }
    let local_midnight = local - local.rem_euclid(DAY);
    let morning = if hour >= 22 {
        local_midnight + DAY + 8 * HOUR
    } else {
        local_midnight + 8 * HOUR
    };
    morning - INDIA_OFFSET + settle * MINUTE
}

/// Six weeks of ordinary working days: people sign in, compose, review and read reports (focus time by kind), the
/// manager and the viewer look at reports on Mondays, and Kabir works late now and then (after-hours actions the
/// team care page shows).
async fn working_days(db: &Db, workspace_id: i64, team: &Team, now: Millis) -> anyhow::Result<()> {
    let hours = BusinessHours::new(9 * 60, 18 * 60, TEAM_ZONE);
    let mut focus = Vec::new();
    let mut actions = Vec::new();
    let everyone = [
        team.admin,
        team.manager,
        team.approver,
        team.viewer,
        team.answerers[0].0,
        team.answerers[1].0,
        team.answerers[2].0,
    ];
    let today = now / DAY * DAY;
    for day in 1..=42 {
        let midnight = today - day * DAY;
        // 09:00 in India is 03:30 UTC.
        let opening = midnight + 3 * HOUR + 30 * MINUTE;
        if !hours.is_open(opening + HOUR) {
            continue;
        }
        for (p, person) in everyone.iter().enumerate() {
            let salt = (day * 16 + p as i64) as u64;
            let arrive = opening + (pick(41, salt as i64, 50) as i64) * MINUTE;
            actions.push(PastAction {
                user_id: *person,
                action: "signed_in",
                object_kind: "session",
                object_id: None,
                detail: String::new(),
                at: arrive,
            });
            let mut span = |kind: FocusKind, start: Millis, minutes: i64| {
                focus.push(PastFocus {
                    user_id: *person,
                    kind,
                    started_at: start,
                    ended_at: start + minutes * MINUTE,
                });
            };
            let writer = team.answerers.iter().any(|(id, _)| id == person);
            if writer {
                span(
                    FocusKind::Compose,
                    arrive + HOUR,
                    35 + pick(42, salt as i64, 80) as i64,
                );
            }
            if *person == team.manager || *person == team.approver {
                span(
                    FocusKind::Review,
                    arrive + 2 * HOUR,
                    15 + pick(43, salt as i64, 35) as i64,
                );
            }
            if *person == team.manager || *person == team.viewer || *person == team.admin {
                span(
                    FocusKind::Report,
                    arrive + 5 * HOUR,
                    10 + pick(44, salt as i64, 30) as i64,
                );
                if pick(45, salt as i64, 3) == 0 {
                    actions.push(PastAction {
                        user_id: *person,
                        action: "report_viewed",
                        object_kind: "report",
                        object_id: None,
                        detail: "profiles".to_string(),
                        at: arrive + 5 * HOUR,
                    });
                }
            }
        }
        // Late evenings for Kabir on some days: 21:30 to 23:00 in India.
        if pick(46, day, 4) == 0 {
            let kabir = team.answerers[0].0;
            for k in 0..6 {
                actions.push(PastAction {
                    user_id: kabir,
                    action: "edited",
                    object_kind: "post",
                    object_id: None,
                    detail: "made-up demo history".to_string(),
                    at: midnight + 16 * HOUR + k * 15 * MINUTE,
                });
            }
        }
    }
    seed::focus(db, workspace_id, &focus).await?;
    seed::activity(db, workspace_id, &actions).await?;
    Ok(())
}

/// Two goals the marketing lead set this quarter (made up for the demo, and named so).
async fn goals(
    db: &Db,
    workspace_id: i64,
    team: &Team,
    profiles: &[Profile],
    now: Millis,
) -> anyhow::Result<()> {
    let ids: Vec<i64> = profiles.iter().map(|p| p.id).collect();
    let quarter = [
        (
            "Grow the audience by 600 followers this quarter (made-up demo goal)",
            "net_follower_growth",
            0.0,
            600.0,
            team.manager,
        ),
        (
            "Answer at least 80% of messages (made-up demo goal)",
            "response_rate",
            65.0,
            80.0,
            team.answerers[0].0,
        ),
    ];
    for (objective, metric, baseline, target, owner) in quarter {
        let goal = sangam_store::goals::NewGoal {
            workspace_id,
            objective,
            metric_id: metric,
            profile_ids: &ids,
            tags: &[],
            baseline,
            target,
            starts_at: now - 45 * DAY,
            ends_at: now + 45 * DAY,
            owner_id: owner,
            created_by: team.manager,
        };
        sangam_store::goals::create(db, goal, now - 45 * DAY).await?;
    }
    Ok(())
}

/// What the return on the demo's campaigns is measured against: the team's hourly costs (as an Admin would enter
/// them), money spent per campaign, and a made-up shop's weekly conversions per campaign (as its CSV export would
/// bring them). The time side of the cost comes from the seeded activity log, as it would for a real team.
async fn return_history(
    db: &Db,
    workspace_id: i64,
    team: &Team,
    now: Millis,
) -> anyhow::Result<()> {
    use sangam_store::conversions::{self, NewConversion, Source};
    use sangam_store::roi;
    roi::set_currency(db, workspace_id, "INR", now).await?;
    // Rupees per hour, in paise.
    let mut costs = vec![(team.manager, 1_400 * 100), (team.approver, 1_100 * 100)];
    costs.extend(team.answerers.iter().map(|&(id, _)| (id, 650 * 100)));
    for (user_id, paise) in costs {
        roi::set_hourly_cost(db, workspace_id, user_id, Some(paise), now).await?;
    }
    // (campaign, weekly promoted-post spend in rupees, weekly orders, average order in rupees): one campaign that
    // pays, one that about breaks even, one that does not.
    let campaigns = [
        ("monsoon-menu", 3_500, 14, 420),
        ("new-launch", 6_500, 9, 780),
        ("anniversary", 2_500, 6, 350),
    ];
    let weeks = 12;
    let mut rows = Vec::new();
    for (c, (campaign, spend, orders, order_value)) in campaigns.into_iter().enumerate() {
        let note = "Promoted posts (made-up demo spend)";
        for week in 0..weeks {
            let spent_at = now - (week * 7 + 4) * DAY;
            roi::add_spend(
                db,
                workspace_id,
                campaign,
                spent_at,
                spend * 100,
                note,
                team.admin,
                now,
            )
            .await?;
            let count = orders + pick(c as u64, week, 7) as i64 - 3;
            rows.push(NewConversion {
                at: now - (week * 7 + 2) * DAY,
                campaign: Some(campaign.to_string()),
                link_id: None,
                click_token: None,
                count,
                value_minor: count * order_value * 100,
                currency: "INR".into(),
                external_id: Some(format!("demo-{campaign}-week-{week}")),
            });
        }
    }
    conversions::record(db, workspace_id, &rows, Source::Csv, Some(team.admin), now).await?;
    Ok(())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    async fn scalar(db: &Db, sql: &str) -> f64 {
        let (value,): (f64,) = db
            .fetch_one(sangam_store::Sql::assembled(sql.to_string()))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
        value
    }

    /// What a manager evaluating Sangam opens first: an inbox answered by several people at a believable rate,
    /// campaigns in the tag report, approvals the approver decided, care figures that are not zero, goals.
    #[tokio::test(flavor = "multi_thread")]
    async fn the_demo_reads_like_a_working_team() {
        let dir = tempfile::tempdir().unwrap();
        let db = sangam_store::testing::sqlite().await.unwrap();
        let secrets = SecretBox::from_hex(&SecretBox::generate_hex()).unwrap();
        let config = Config {
            sandbox: crate::config::SandboxSettings {
                path: dir.path().join("sandbox.db"),
                messages_per_hour: 1.0,
                ..Default::default()
            },
            ..Config::default()
        };
        seed(&db, &secrets, &config, 30).await.unwrap();

        // The sandbox's competitor brands, with a month of follower history and their posts read back.
        let watched = scalar(
            &db,
            "SELECT CAST(COUNT(DISTINCT competitor_id) AS REAL) FROM competitor_snapshots",
        )
        .await;
        assert!(watched >= 4.0, "{watched} competitors with history");
        let days_of_history = scalar(
            &db,
            "SELECT (MAX(taken_at) - MIN(taken_at)) / 86400000.0 FROM competitor_snapshots",
        )
        .await;
        assert!(
            days_of_history >= 29.0,
            "{days_of_history} days of competitor history"
        );
        let read_back = scalar(&db, "SELECT CAST(COUNT(*) AS REAL) FROM competitor_posts").await;
        assert!(read_back >= 80.0, "{read_back} competitor posts read back");

        // Messages older than a day, not abusive: the ones a team would have answered by now.
        let settled = "FROM messages WHERE abusive = 0 AND received_at < (SELECT MAX(received_at) FROM messages) - 86400000";
        let answered = scalar(
            &db,
            &format!("SELECT CAST(SUM(first_reply_at IS NOT NULL) AS REAL) / COUNT(*) {settled}"),
        )
        .await;
        assert!((0.6..=0.9).contains(&answered), "response rate {answered}");
        let repliers = scalar(
            &db,
            "SELECT CAST(COUNT(DISTINCT user_id) AS REAL) FROM message_replies",
        )
        .await;
        assert!(repliers >= 3.0, "{repliers} people answer the inbox");
        let median_minutes = scalar(
            &db,
            &format!(
                "SELECT (first_reply_at - received_at) / 60000.0 {settled} AND first_reply_at IS NOT NULL
                 ORDER BY first_reply_at - received_at LIMIT 1 OFFSET (SELECT COUNT(*) / 2 {settled} AND first_reply_at IS NOT NULL)"
            ),
        )
        .await;
        assert!(
            (5.0..=600.0).contains(&median_minutes),
            "median first response {median_minutes} min"
        );
        let tags = scalar(
            &db,
            "SELECT CAST(COUNT(DISTINCT tag) AS REAL) FROM post_tags",
        )
        .await;
        assert!(tags >= 5.0, "{tags} campaign tags");
        let by_approver = scalar(
            &db,
            "SELECT CAST(COUNT(*) AS REAL) FROM post_reviews r JOIN users u ON u.id = r.user_id
             WHERE u.role = 'approver' AND r.decision = 'approved'",
        )
        .await;
        assert!(
            by_approver >= 5.0,
            "{by_approver} approvals by the approver"
        );
        for kind in ["compose", "review", "report"] {
            let minutes = scalar(
                &db,
                &format!("SELECT COALESCE(SUM(ended_at - started_at), 0) / 60000.0 FROM focus_sessions WHERE kind = '{kind}'"),
            )
            .await;
            assert!(minutes > 60.0, "{minutes} min of {kind}");
        }
        let openings = scalar(&db, "SELECT CAST(COUNT(*) AS REAL) FROM shield_openings").await;
        assert!(
            openings > 0.0,
            "abusive messages were opened through the shield"
        );
        // After 21:00 in India is after 15:30 UTC.
        let late = scalar(
            &db,
            "SELECT CAST(COUNT(*) AS REAL) FROM activity WHERE (at % 86400000) >= 55800000",
        )
        .await;
        assert!(late > 0.0, "someone worked late");
        let goals = scalar(&db, "SELECT CAST(COUNT(*) AS REAL) FROM goals").await;
        assert_eq!(goals, 2.0);
        let made_up = scalar(
            &db,
            "SELECT CAST(COUNT(*) AS REAL) FROM goals WHERE objective LIKE '%made-up%'",
        )
        .await;
        assert_eq!(made_up, 2.0, "the goals say they are made up");
    }
}
