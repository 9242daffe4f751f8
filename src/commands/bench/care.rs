//! `sangam bench care`: what care costs. (1) The activity log on the hot path: one logged action against a bare
//! insert of the same row into an unindexed table, and one editor heartbeat. (2) The team page's figures with a year
//! of activity for a team, against only reading the rows those figures need. SQLite, one run, ratios printed.

use anyhow::Context;
use sangam_domain::care::{DAY, FocusKind};
use sangam_domain::{NetworkKind, Role, now_millis};
use sangam_store::activity::{self, NewActivity};
use sangam_store::profiles::{self, NewProfile};
use sangam_store::secrets::SecretBox;
use sangam_store::users::{self, NewUser, User};
use sangam_store::{Db, care, workspaces};
use sangam_web::AppState;
use std::time::Instant;

const MINUTE: i64 = 60_000;

pub async fn run(actions: usize, people: usize, days: i64) -> anyhow::Result<()> {
    let (db, path) = super::inbound::fresh_db("care").await?;
    let ws = workspaces::create(&db, "Bench", 0).await?.id;
    let manager = add(&db, ws, "manager", Role::Manager).await?;
    let mut team = Vec::with_capacity(people);
    for i in 0..people {
        team.push(add(&db, ws, &format!("person{i}"), Role::Member).await?);
    }

    // (1) The hot path.
    let Db::Sqlite(pool) = &db else {
        anyhow::bail!("the bench runs on SQLite")
    };
    sqlx::query(
        "CREATE TABLE bench_bare (id INTEGER PRIMARY KEY, workspace_id INTEGER, user_id INTEGER, action TEXT,
         object_kind TEXT, object_id INTEGER, detail TEXT, at INTEGER)",
    )
    .execute(pool)
    .await?;
    let now = now_millis();
    let started = Instant::now();
    for i in 0..actions {
        let entry = NewActivity {
            workspace_id: ws,
            user_id: Some(manager.id),
            action: "viewed",
            object_kind: "message",
            object_id: Some(i as i64),
            detail: "",
        };
        activity::record(&db, entry, now + i as i64).await?;
    }
    let logged = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for i in 0..actions {
        sqlx::query(
            "INSERT INTO bench_bare (workspace_id, user_id, action, object_kind, object_id, detail, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(ws)
        .bind(manager.id)
        .bind("viewed")
        .bind("message")
        .bind(i as i64)
        .bind("")
        .bind(now + i as i64)
        .execute(pool)
        .await?;
    }
    let bare = started.elapsed().as_secs_f64();
    let started = Instant::now();
    for i in 0..actions {
        // One beat every 15 s: each extends the session the previous one started.
        care::heartbeat(
            &db,
            ws,
            manager.id,
            FocusKind::Compose,
            now + i as i64 * 15_000,
        )
        .await?;
    }
    let beats = started.elapsed().as_secs_f64();
    let per = |s: f64| s / actions as f64 * 1e6;
    println!(
        "activity log: {actions} logged actions, {:.1} us each (indexed activity table)",
        per(logged)
    );
    println!(
        "bare insert of the same row into an unindexed table: {:.1} us each",
        per(bare)
    );
    println!("ratio logged / bare: {:.2}", logged / bare.max(1e-9));
    println!(
        "focus heartbeat (extend the session): {:.1} us each, {:.2} x a bare insert",
        per(beats),
        beats / bare.max(1e-9)
    );

    // (2) A year of activity for the team.
    let started = Instant::now();
    let rows = seed_year(&db, ws, &team, days, now).await?;
    println!(
        "seeded {rows} activity rows, focus sessions and shield openings for {people} people over {days} days in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let state = AppState::new(
        db.clone(),
        SecretBox::from_hex(&SecretBox::generate_hex())?,
        sangam_web::WebConfig::default(),
        sangam_web::observe::Observe::new(),
    );
    // Warm the page cache once, then take the median of five.
    sangam_web::care::actions::team_week(&state, &manager).await?;
    let mut page = Vec::new();
    let mut reads = Vec::new();
    for _ in 0..5 {
        let started = Instant::now();
        let week = sangam_web::care::actions::team_week(&state, &manager).await?;
        page.push(started.elapsed().as_secs_f64());
        anyhow::ensure!(
            week.people.len() == people + 1,
            "every person is on the page"
        );
        // The baseline: only reading the rows the figures need (the same windows), no arithmetic.
        let started = Instant::now();
        let t = now_millis();
        for p in &team {
            care::actions(&db, p.id, t - 15 * DAY, t + 1).await?;
            care::focus_spans(&db, p.id, t - 15 * DAY, t + 1).await?;
            care::openings(&db, p.id, t - 15 * DAY, t + 1).await?;
        }
        reads.push(started.elapsed().as_secs_f64());
    }
    page.sort_by(f64::total_cmp);
    reads.sort_by(f64::total_cmp);
    let (page, reads) = (page[2], reads[2]);
    println!(
        "team page figures (median of 5): {:.1} ms; reading the same rows only: {:.1} ms; ratio {:.2}",
        page * 1e3,
        reads * 1e3,
        page / reads.max(1e-9)
    );
    let started = Instant::now();
    sangam_web::care::actions::my_week(&state, &team[0]).await?;
    println!(
        "my week with its 12-week trend, one person: {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );
    db.close().await;
    let _ = std::fs::remove_file(&path);
    Ok(())
}

async fn add(db: &Db, ws: i64, name: &str, role: Role) -> anyhow::Result<User> {
    let email = format!("{name}@bench.invalid");
    Ok(users::create(
        db,
        NewUser {
            workspace_id: ws,
            email: &email,
            name,
            password_hash: "x",
            role,
        },
        0,
    )
    .await?)
}

/// Each working day per person: 20 messages opened and answered (40 actions), 4 other actions, 3 of them after
/// hours, two 25-minute composing sessions, 5 abusive messages opened; weekends get a few actions.
async fn seed_year(db: &Db, ws: i64, team: &[User], days: i64, now: i64) -> anyhow::Result<usize> {
    let Db::Sqlite(pool) = db else {
        anyhow::bail!("the bench runs on SQLite")
    };
    let secrets = SecretBox::from_hex(&SecretBox::generate_hex())?;
    let new = NewProfile {
        workspace_id: ws,
        network: NetworkKind::Sandbox,
        handle: "bench",
        display_name: "Bench",
        credentials: &serde_json::json!({}),
    };
    let profile = profiles::create(db, &secrets, new, 0).await?;
    let message: i64 = sqlx::query_scalar(
        "INSERT INTO messages (workspace_id, profile_id, remote_id, kind, author_handle, author_name, text,
         conversation_id, received_at, ingested_at, lang, script, sentiment_compound, sentiment_label, abusive)
         VALUES ($1, $2, 'm', 'mention', 'troll', 'troll', 'abuse', 'c', 0, 0, 'en', 'Latn', 0, 'negative', 1)
         RETURNING id",
    )
    .bind(ws)
    .bind(profile.id)
    .fetch_one(pool)
    .await
    .context("the abusive message")?;
    let mut rows = 0;
    let start = now - days * DAY;
    let start = start - start.rem_euclid(DAY);
    let mut tx = pool.begin().await?;
    for p in team {
        for d in 0..days {
            let day = start + d * DAY;
            let weekday = (day / DAY + 3).rem_euclid(7) < 5; // 1970-01-01 was a Thursday.
            let act = |at: i64, action: &'static str, object: i64| (at, action, object);
            let mut day_actions = Vec::new();
            if weekday {
                for m in 0..20 {
                    let at = day + 9 * 60 * MINUTE + m * 20 * MINUTE;
                    let object = d * 100 + m;
                    day_actions.push(act(at, "viewed", object));
                    day_actions.push(act(at + 4 * MINUTE, "replied", object));
                }
                day_actions.push(act(day + 8 * 60 * MINUTE, "drafted", d));
                for h in [19, 20, 21] {
                    day_actions.push(act(day + h * 60 * MINUTE, "tagged", d));
                }
            } else {
                day_actions.push(act(day + 11 * 60 * MINUTE, "viewed", d));
            }
            for (at, action, object) in day_actions {
                sqlx::query(
                    "INSERT INTO activity (workspace_id, user_id, action, object_kind, object_id, detail, at)
                     VALUES ($1, $2, $3, 'message', $4, '', $5)",
                )
                .bind(ws)
                .bind(p.id)
                .bind(action)
                .bind(object)
                .bind(at)
                .execute(&mut *tx)
                .await?;
                rows += 1;
            }
            if weekday {
                for s in [10, 14] {
                    let at = day + s * 60 * MINUTE;
                    sqlx::query(
                        "INSERT INTO focus_sessions (workspace_id, user_id, kind, started_at, ended_at)
                         VALUES ($1, $2, 'compose', $3, $4)",
                    )
                    .bind(ws)
                    .bind(p.id)
                    .bind(at)
                    .bind(at + 25 * MINUTE)
                    .execute(&mut *tx)
                    .await?;
                }
                for o in 0..5 {
                    sqlx::query(
                        "INSERT INTO shield_openings (message_id, user_id, opened_at) VALUES ($1, $2, $3)",
                    )
                    .bind(message)
                    .bind(p.id)
                    .bind(day + 12 * 60 * MINUTE + o * MINUTE)
                    .execute(&mut *tx)
                    .await?;
                }
            }
        }
    }
    tx.commit().await?;
    Ok(rows)
}
