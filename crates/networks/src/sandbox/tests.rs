//! Promises the sandbox makes to the rest of Sangam, one test each.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::sync::Arc;

use super::*;
use crate::InboundKind;
use clock::{DAY, HOUR};

/// 2025-03-03T09:30:00Z, a Monday morning.
const MONDAY_MORNING: Millis = 1_740_994_200_000;
/// 2025-03-09T02:00:00Z, a Sunday night.
const SUNDAY_NIGHT: Millis = 1_741_485_600_000;

fn account(handle: &str) -> Account {
    Account {
        profile_id: 1,
        handle: handle.to_string(),
        credentials: serde_json::Value::Null,
    }
}

fn post(key: &str, text: &str) -> Outbound {
    Outbound {
        idempotency_key: key.to_string(),
        text: text.to_string(),
        in_reply_to: None,
        ..Default::default()
    }
}

/// A calm sandbox whose clock the test turns by hand.
async fn sandbox_at(seed: u64, now: Millis) -> (Sandbox, Arc<ManualClock>) {
    let clock = ManualClock::at(now);
    let sandbox = Sandbox::in_memory(SandboxConfig::seeded(seed).with_clock(clock.clone()))
        .await
        .unwrap();
    (sandbox, clock)
}

async fn sandbox_with_faults(faults: Faults) -> Sandbox {
    let config = SandboxConfig::seeded(7)
        .with_faults(faults)
        .with_clock(ManualClock::at(MONDAY_MORNING));
    Sandbox::in_memory(config).await.unwrap()
}

// --- Publishing: never twice ---

#[tokio::test]
async fn a_repeated_key_returns_the_first_post_and_stores_nothing_new() {
    let (sandbox, clock) = sandbox_at(1, MONDAY_MORNING).await;
    let acme = account("acme");
    let first = sandbox
        .publish(&acme, &post("k1", "Hello world"))
        .await
        .unwrap();
    clock.advance(HOUR);
    let again = sandbox
        .publish(&acme, &post("k1", "Hello world, edited"))
        .await
        .unwrap();
    assert_eq!(again, first);
    assert_eq!(first.published_at, MONDAY_MORNING);
    assert!(
        first
            .url
            .starts_with("https://sandbox.sangam.invalid/@acme/sbx-")
    );
    assert_eq!(sandbox.posts_with_key_count("acme", "k1").await.unwrap(), 1);
    assert_eq!(sandbox.all_posts().await.unwrap().len(), 1);
    assert_eq!(sandbox.all_posts().await.unwrap()[0].text, "Hello world");
    assert_eq!(
        sandbox.find_published(&acme, "k1").await.unwrap(),
        Some(first)
    );
}

#[tokio::test]
async fn without_dedupe_a_repeated_key_makes_a_second_post_that_the_ledger_counts() {
    let config = SandboxConfig::seeded(1)
        .without_dedupe()
        .with_clock(ManualClock::at(MONDAY_MORNING));
    let sandbox = Sandbox::in_memory(config).await.unwrap();
    assert!(!sandbox.dedupes_repeats());
    let acme = account("acme");
    let first = sandbox.publish(&acme, &post("k1", "Hello")).await.unwrap();
    let again = sandbox.publish(&acme, &post("k1", "Hello")).await.unwrap();
    assert_ne!(again.remote_id, first.remote_id, "a repeat is a new post");
    assert_eq!(sandbox.posts_with_key_count("acme", "k1").await.unwrap(), 2);
    assert_eq!(sandbox.repeated_texts().await.unwrap(), 1);
    assert_eq!(
        sandbox.find_published(&acme, "k1").await.unwrap(),
        Some(first),
        "the lookup finds the key's first post"
    );
    assert_eq!(sandbox.posts_with_key_count("acme", "k").await.unwrap(), 0);
}

#[tokio::test]
async fn find_published_is_sure_when_nothing_was_published() {
    let (sandbox, _) = sandbox_at(1, MONDAY_MORNING).await;
    assert_eq!(
        sandbox
            .find_published(&account("acme"), "never-sent")
            .await
            .unwrap(),
        None
    );
    assert!(sandbox.dedupes_repeats());
    assert_eq!(sandbox.kind(), NetworkKind::Sandbox);
}

#[tokio::test]
async fn a_timeout_after_accept_leaves_the_post_on_the_network() {
    let sandbox = sandbox_with_faults(Faults {
        timeout_after_accept: 1.0,
        ..Faults::NONE
    })
    .await;
    let acme = account("acme");
    let outcome = sandbox
        .publish(&acme, &post("k1", "Did this go out?"))
        .await;
    assert_eq!(outcome, Err(NetworkError::Timeout));
    let found = sandbox
        .find_published(&acme, "k1")
        .await
        .unwrap()
        .expect("the post exists remotely");
    // Resending with the same key (safe: the sandbox dedupes) still finds only the one post.
    assert_eq!(
        sandbox
            .publish(&acme, &post("k1", "Did this go out?"))
            .await,
        Err(NetworkError::Timeout)
    );
    assert_eq!(sandbox.posts_with_key_count("acme", "k1").await.unwrap(), 1);
    assert_eq!(
        sandbox.find_published(&acme, "k1").await.unwrap(),
        Some(found)
    );
}

#[tokio::test]
async fn rate_limited_and_server_errors_store_nothing() {
    let acme = account("acme");
    let busy = sandbox_with_faults(Faults {
        rate_limited: 1.0,
        retry_after_ms: 1_234,
        ..Faults::NONE
    })
    .await;
    let outcome = busy.publish(&acme, &post("k1", "Hello")).await;
    assert_eq!(
        outcome,
        Err(NetworkError::RateLimited {
            retry_after_ms: 1_234
        })
    );
    assert_eq!(busy.find_published(&acme, "k1").await.unwrap(), None);
    assert_eq!(busy.posts_with_key_count("acme", "k1").await.unwrap(), 0);

    let broken = sandbox_with_faults(Faults {
        server_error: 1.0,
        ..Faults::NONE
    })
    .await;
    let outcome = broken.publish(&acme, &post("k1", "Hello")).await;
    assert!(
        matches!(outcome, Err(NetworkError::Unavailable { .. })),
        "{outcome:?}"
    );
    assert!(outcome.unwrap_err().is_retryable());
    assert!(broken.all_posts().await.unwrap().is_empty());
}

#[tokio::test]
async fn two_handles_do_not_share_idempotency_keys() {
    let (sandbox, _) = sandbox_at(1, MONDAY_MORNING).await;
    let acme = sandbox
        .publish(&account("acme"), &post("same-key", "From Acme"))
        .await
        .unwrap();
    let bolt = sandbox
        .publish(&account("bolt"), &post("same-key", "From Bolt"))
        .await
        .unwrap();
    assert_ne!(acme.remote_id, bolt.remote_id);
    assert_eq!(
        sandbox
            .posts_with_key_count("acme", "same-key")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        sandbox
            .posts_with_key_count("bolt", "same-key")
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        sandbox
            .find_published(&account("acme"), "same-key")
            .await
            .unwrap(),
        Some(acme)
    );
}

#[tokio::test]
async fn empty_overlong_and_keyless_posts_are_refused_for_good() {
    let (sandbox, _) = sandbox_at(1, MONDAY_MORNING).await;
    let acme = account("acme");
    for refused in [
        post("k", "   "),
        post("k", &"a".repeat(501)),
        post("", "Hello"),
    ] {
        let outcome = sandbox.publish(&acme, &refused).await;
        let Err(NetworkError::Rejected { detail: reason, .. }) = outcome else {
            panic!("expected a refusal, got {outcome:?}");
        };
        assert!(reason.contains("sandbox"), "{reason}");
    }
    assert!(sandbox.all_posts().await.unwrap().is_empty());
    // Exactly 500 is fine, and a long link counts as 23 characters, as on Mastodon.
    let long_link = format!(
        "{} https://example.com/{}",
        "a".repeat(470),
        "b".repeat(100)
    );
    sandbox
        .publish(&acme, &post("full", &"a".repeat(500)))
        .await
        .unwrap();
    sandbox
        .publish(&acme, &post("link", &long_link))
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn eight_publishers_racing_on_200_keys_leave_exactly_200_posts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let sandbox = Arc::new(
        Sandbox::open(&path, SandboxConfig::seeded(3))
            .await
            .unwrap(),
    );
    let mut publishers = Vec::new();
    for publisher in 0..8u64 {
        let sandbox = sandbox.clone();
        publishers.push(tokio::spawn(async move {
            let acme = account("acme");
            let mut seen = Vec::new();
            // Each publisher walks the keys from a different starting point, so they collide everywhere.
            for i in 0..200u64 {
                let key = format!("key-{}", (i + publisher * 25) % 200);
                let published = sandbox
                    .publish(&acme, &post(&key, &format!("Post {key}")))
                    .await
                    .unwrap();
                seen.push((key, published.remote_id));
            }
            seen
        }));
    }
    let mut remote_id_of_key = std::collections::HashMap::new();
    for publisher in publishers {
        for (key, remote_id) in publisher.await.unwrap() {
            let first = remote_id_of_key.entry(key).or_insert(remote_id.clone());
            assert_eq!(
                *first, remote_id,
                "every publisher learns the same post for a key"
            );
        }
    }
    assert_eq!(sandbox.all_posts().await.unwrap().len(), 200);
    assert_eq!(sandbox.repeated_keys().await.unwrap(), 0);
    assert_eq!(sandbox.repeated_texts().await.unwrap(), 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_processes_on_one_file_see_one_network_and_it_survives_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sandbox.db");
    let first = Sandbox::open(&path, SandboxConfig::seeded(3))
        .await
        .unwrap();
    let second = Sandbox::open(&path, SandboxConfig::seeded(3))
        .await
        .unwrap();
    let acme = account("acme");
    let content = post("shared", "Once only");
    let (a, b) = tokio::join!(
        first.publish(&acme, &content),
        second.publish(&acme, &content)
    );
    assert_eq!(a.unwrap(), b.clone().unwrap());
    drop(first);
    drop(second);
    let reopened = Sandbox::open(&path, SandboxConfig::seeded(3))
        .await
        .unwrap();
    assert_eq!(
        reopened.find_published(&acme, "shared").await.unwrap(),
        Some(b.unwrap())
    );
    assert_eq!(
        reopened
            .posts_with_key_count("acme", "shared")
            .await
            .unwrap(),
        1
    );
}

#[tokio::test]
async fn a_chaos_run_reconciled_by_key_publishes_everything_exactly_once() {
    let config = SandboxConfig::chaos(11).with_clock(ManualClock::at(MONDAY_MORNING));
    let sandbox = Sandbox::in_memory(config).await.unwrap();
    let acme = account("acme");
    let (mut timeouts, mut refusals) = (0, 0);
    for i in 0..100 {
        let content = post(&format!("delivery-{i}"), &format!("Post number {i}"));
        // What the publisher does: retry what is retryable, with the same key, until the network answers.
        loop {
            match sandbox.publish(&acme, &content).await {
                Ok(_) => break,
                Err(NetworkError::Timeout) => timeouts += 1,
                Err(error) if error.is_retryable() => refusals += 1,
                Err(error) => panic!("{error}"),
            }
        }
    }
    assert!(
        timeouts > 0 && refusals > 0,
        "chaos should bite: {timeouts} timeouts, {refusals} refusals"
    );
    assert_eq!(sandbox.all_posts().await.unwrap().len(), 100);
    assert_eq!(sandbox.repeated_keys().await.unwrap(), 0);
    assert_eq!(sandbox.repeated_texts().await.unwrap(), 0);
}

#[tokio::test]
async fn a_misconfigured_sandbox_says_what_is_wrong() {
    let mut config = SandboxConfig::seeded(1);
    config.abusive_share = 1.5;
    let error = Sandbox::in_memory(config).await.unwrap_err();
    assert!(
        error.to_string().contains("abusive_share is 1.5"),
        "{error}"
    );
    let config = SandboxConfig::seeded(1).with_faults(Faults {
        timeout_after_accept: 0.6,
        rate_limited: 0.6,
        ..Faults::NONE
    });
    assert!(matches!(
        Sandbox::in_memory(config).await,
        Err(SandboxError::Config(_))
    ));
}

// --- Inbound traffic: deterministic, stable ids ---

/// Fetches pages until the sandbox has no more right now, as the poller does; returns the messages and the cursor.
async fn drain(
    sandbox: &Sandbox,
    account: &Account,
    mut cursor: Option<String>,
) -> (Vec<Inbound>, Option<String>) {
    let mut all = Vec::new();
    loop {
        let page = sandbox.inbound(account, cursor.as_deref()).await.unwrap();
        assert!(page.messages.len() <= 50);
        all.extend(page.messages);
        cursor = page.next_cursor.or(cursor);
        if !page.more {
            return (all, cursor);
        }
    }
}

#[tokio::test]
async fn same_seed_same_traffic() {
    let (one, _) = sandbox_at(5, MONDAY_MORNING).await;
    let (two, _) = sandbox_at(5, MONDAY_MORNING).await;
    let (other, _) = sandbox_at(6, MONDAY_MORNING).await;
    let acme = account("acme");
    let page = one.inbound(&acme, None).await.unwrap();
    assert!(!page.messages.is_empty());
    assert_eq!(page, two.inbound(&acme, None).await.unwrap());
    let other_page = other.inbound(&acme, None).await.unwrap();
    let texts = |p: &InboundPage| {
        p.messages
            .iter()
            .map(|m| m.text.clone())
            .collect::<Vec<_>>()
    };
    assert_ne!(texts(&page), texts(&other_page));
}

#[tokio::test]
async fn a_fresh_inbox_reaches_back_a_day_and_pages_hold_at_most_fifty() {
    let (sandbox, _) = sandbox_at(5, MONDAY_MORNING).await;
    let acme = account("acme");
    let (all, cursor) = drain(&sandbox, &acme, None).await;
    // Six an hour for a day, give or take the slots cut at each end.
    assert!((143..=145).contains(&all.len()), "{} messages", all.len());
    assert!(
        all.iter()
            .all(|m| m.received_at >= MONDAY_MORNING - DAY && m.received_at <= MONDAY_MORNING)
    );
    assert!(
        all.windows(2).all(|w| w[0].received_at < w[1].received_at),
        "oldest first"
    );
    let ids: HashSet<_> = all.iter().map(|m| m.remote_id.clone()).collect();
    assert_eq!(ids.len(), all.len());
    // Nothing new until time passes.
    let idle = sandbox.inbound(&acme, cursor.as_deref()).await.unwrap();
    assert!(idle.messages.is_empty() && !idle.more && idle.next_cursor.is_none());
}

#[tokio::test]
async fn overlapping_inbound_pages_repeat_the_same_ids() {
    let (sandbox, clock) = sandbox_at(5, MONDAY_MORNING).await;
    let acme = account("acme");
    let first = sandbox.inbound(&acme, None).await.unwrap();
    // A process that died after storing the page but before saving the cursor asks again from an older cursor.
    let older: i64 = first.next_cursor.unwrap().parse::<i64>().unwrap() - 10;
    clock.advance(2 * HOUR);
    let second = sandbox
        .inbound(&acme, Some(&older.to_string()))
        .await
        .unwrap();
    let overlap: Vec<_> = second
        .messages
        .iter()
        .filter(|m| first.messages.iter().any(|f| f.remote_id == m.remote_id))
        .collect();
    assert_eq!(overlap.len(), 10);
    for message in overlap {
        let earlier = first
            .messages
            .iter()
            .find(|f| f.remote_id == message.remote_id)
            .unwrap();
        assert_eq!(earlier, message);
    }
}

#[tokio::test]
async fn replies_and_quotes_answer_the_profiles_own_posts() {
    let (sandbox, clock) = sandbox_at(5, MONDAY_MORNING).await;
    let acme = account("acme");
    let (before, cursor) = drain(&sandbox, &acme, None).await;
    let answering = |m: &&Inbound| matches!(m.kind, InboundKind::Reply | InboundKind::Quote);
    assert_eq!(
        before.iter().filter(answering).count(),
        0,
        "no posts yet, nothing to reply to"
    );

    let mut ours = HashSet::new();
    for i in 0..3 {
        let published = sandbox
            .publish(&acme, &post(&format!("k{i}"), "Our news"))
            .await
            .unwrap();
        ours.insert(published.remote_id);
    }
    clock.advance(6 * HOUR);
    let (after, _) = drain(&sandbox, &acme, cursor).await;
    let answers: Vec<_> = after.iter().filter(answering).collect();
    assert!(!answers.is_empty());
    assert!(
        answers
            .iter()
            .all(|m| ours.contains(m.in_reply_to.as_deref().unwrap()))
    );
    let dms = after
        .iter()
        .filter(|m| m.kind == InboundKind::DirectMessage);
    assert!(dms.clone().count() > 0);
    assert!(
        dms.clone()
            .all(|m| m.url.is_none() && m.conversation_id.starts_with("dm-acme-"))
    );
}

#[tokio::test]
async fn about_a_tenth_is_abusive_and_all_three_languages_are_spoken() {
    let (sandbox, _) = sandbox_at(5, MONDAY_MORNING).await;
    let stream = sandbox.stream("acme").unwrap();
    let truths: Vec<_> = (0..5_000).map(|slot| stream.truth(slot)).collect();
    let abusive = truths.iter().filter(|t| t.is_abusive()).count();
    assert!((400..600).contains(&abusive), "{abusive} of 5000 abusive");
    for language in [Language::English, Language::Hindi, Language::Hinglish] {
        assert!(truths.iter().any(|t| t.language == language));
    }
    let page = sandbox.inbound(&account("acme"), None).await.unwrap();
    let message = &page.messages[0];
    let truth = sandbox.message_truth("acme", &message.remote_id).unwrap();
    assert_eq!(
        truth,
        stream.truth(
            message
                .remote_id
                .rsplit('-')
                .next()
                .unwrap()
                .parse()
                .unwrap()
        )
    );
    assert!(page.messages.iter().any(|m| {
        m.text
            .chars()
            .any(|c| ('\u{0900}'..='\u{097F}').contains(&c))
    }));
}

#[tokio::test]
async fn an_ancient_cursor_resumes_a_month_back() {
    let (sandbox, _) = sandbox_at(5, MONDAY_MORNING).await;
    let page = sandbox.inbound(&account("acme"), Some("0")).await.unwrap();
    assert!(page.more);
    assert!(page.messages[0].received_at >= MONDAY_MORNING - 30 * DAY);
    // An unreadable cursor starts over from the fresh-inbox window rather than failing the poll.
    let restart = sandbox
        .inbound(&account("acme"), Some("not-a-cursor"))
        .await
        .unwrap();
    assert_eq!(
        restart,
        sandbox.inbound(&account("acme"), None).await.unwrap()
    );
}

#[tokio::test]
async fn a_silent_sandbox_sends_nothing() {
    let mut config = SandboxConfig::seeded(5).with_clock(ManualClock::at(MONDAY_MORNING));
    config.messages_per_hour = 0.0;
    let sandbox = Sandbox::in_memory(config).await.unwrap();
    let page = sandbox.inbound(&account("acme"), None).await.unwrap();
    assert!(page.messages.is_empty() && !page.more);
}

// --- Audience: followers as a function of time ---

#[tokio::test]
async fn followers_are_a_function_of_time() {
    let (one, _) = sandbox_at(9, MONDAY_MORNING).await;
    let (two, _) = sandbox_at(9, SUNDAY_NIGHT).await;
    let at = MONDAY_MORNING - 30 * DAY;
    assert_eq!(
        one.profile_counts_at("acme", at).await.unwrap(),
        two.profile_counts_at("acme", at).await.unwrap()
    );
    // Back-filling a quarter, one snapshot a day, as the demo does.
    let mut followers = Vec::new();
    for day in (0..90).rev() {
        followers.push(
            one.profile_counts_at("acme", MONDAY_MORNING - day * DAY)
                .await
                .unwrap()
                .followers,
        );
    }
    assert!(
        followers[89] > followers[0],
        "a quarter of growth: {followers:?}"
    );
    assert_eq!(
        followers[89],
        one.profile_counts(&account("acme"))
            .await
            .unwrap()
            .followers
    );
    let handles = ["acme", "bolt", "chai_co", "dhaba", "ekta"];
    let mut dips = 0;
    for handle in handles {
        for day in 0..90 {
            let later = one
                .profile_counts_at(handle, MONDAY_MORNING - day * DAY)
                .await
                .unwrap();
            let earlier = one
                .profile_counts_at(handle, MONDAY_MORNING - (day + 1) * DAY)
                .await
                .unwrap();
            dips += i32::from(later.followers < earlier.followers);
        }
    }
    assert!(dips > 0, "audiences sometimes shrink");
    assert!(dips < 5 * 90 / 4, "but mostly they grow: {dips} dips");
}

#[tokio::test]
async fn posts_lift_followers_and_the_post_count() {
    let (sandbox, clock) = sandbox_at(9, MONDAY_MORNING).await;
    let acme = account("acme");
    let quiet = sandbox
        .profile_counts_at("acme", MONDAY_MORNING + DAY)
        .await
        .unwrap();
    sandbox.publish(&acme, &post("k1", "Hello")).await.unwrap();
    sandbox
        .publish(&acme, &post("k2", "Hello again"))
        .await
        .unwrap();
    clock.advance(DAY);
    let busy = sandbox.profile_counts(&acme).await.unwrap();
    assert_eq!(busy.posts, quiet.posts + 2);
    assert!(
        busy.followers >= quiet.followers + 4,
        "{busy:?} vs {quiet:?}"
    );
    assert_eq!(busy.following, quiet.following);
    // The past does not change: before the posts went out, the counts are as they were.
    let before = sandbox
        .profile_counts_at("acme", MONDAY_MORNING - HOUR)
        .await
        .unwrap();
    let (other, _) = sandbox_at(9, MONDAY_MORNING).await;
    assert_eq!(
        before,
        other
            .profile_counts_at("acme", MONDAY_MORNING - HOUR)
            .await
            .unwrap()
    );
}

// --- Engagement ---

#[tokio::test]
async fn engagement_grows_then_settles() {
    let (sandbox, clock) = sandbox_at(9, MONDAY_MORNING).await;
    let acme = account("acme");
    let ids: Vec<String> = {
        let mut ids = Vec::new();
        for i in 0..10 {
            let text = format!("Launch day {i}! What do you think? #launch");
            ids.push(
                sandbox
                    .publish(&acme, &post(&format!("k{i}"), &text))
                    .await
                    .unwrap()
                    .remote_id,
            );
        }
        ids
    };
    let likes_at = |counts: &[PostCounts]| {
        counts
            .iter()
            .map(|c| c.likes + c.reposts + c.replies)
            .sum::<i64>()
    };
    let fresh = sandbox.post_counts(&acme, &ids).await.unwrap();
    assert_eq!(fresh.len(), 10);
    assert_eq!(likes_at(&fresh), 0);
    let mut totals = Vec::new();
    for hours in [1, 6, 24, 48, 24 * 30] {
        clock.set(MONDAY_MORNING + hours * HOUR);
        totals.push(likes_at(&sandbox.post_counts(&acme, &ids).await.unwrap()));
    }
    assert!(totals.windows(2).all(|w| w[0] <= w[1]), "{totals:?}");
    assert!(
        totals[0] < totals[2] / 2,
        "most engagement comes after the first hour: {totals:?}"
    );
    assert!(
        totals[3] as f64 >= totals[4] as f64 * 0.97,
        "settled after two days: {totals:?}"
    );
    let counts = sandbox.post_counts(&acme, &ids).await.unwrap();
    assert!(
        counts.iter().all(|c| c.impressions.is_none()),
        "the sandbox reports no impressions"
    );
}

async fn settled_likes(
    sandbox: &Sandbox,
    clock: &ManualClock,
    at: Millis,
    text: &str,
    tag: &str,
) -> i64 {
    clock.set(at);
    let acme = account("acme");
    let mut ids = Vec::new();
    for i in 0..60 {
        ids.push(
            sandbox
                .publish(&acme, &post(&format!("{tag}-{i}"), text))
                .await
                .unwrap()
                .remote_id,
        );
    }
    let counts = sandbox
        .post_counts_at("acme", &ids, at + 7 * DAY)
        .await
        .unwrap();
    counts.iter().map(|c| c.likes).sum()
}

#[tokio::test]
async fn weekday_mornings_beat_weekend_nights() {
    let (sandbox, clock) = sandbox_at(9, MONDAY_MORNING).await;
    let text = "Our new menu is out";
    let morning = settled_likes(&sandbox, &clock, MONDAY_MORNING, text, "morning").await;
    let night = settled_likes(&sandbox, &clock, SUNDAY_NIGHT, text, "night").await;
    assert!(morning > 2 * night, "morning {morning}, night {night}");
}

#[tokio::test]
async fn longer_posts_that_ask_or_tag_do_a_little_better() {
    let (sandbox, clock) = sandbox_at(9, MONDAY_MORNING).await;
    let plain = settled_likes(&sandbox, &clock, MONDAY_MORNING, "New menu.", "plain").await;
    let rich = "Our new monsoon menu is out today, with six dishes from the coast and two from the hills. \
                Which one should we add for good? #monsoon";
    let asking = settled_likes(&sandbox, &clock, MONDAY_MORNING, rich, "rich").await;
    assert!(asking > plain, "asking {asking}, plain {plain}");
    assert!(
        asking < 2 * plain,
        "a little better, not a different league: {asking} vs {plain}"
    );
}

#[tokio::test]
async fn post_counts_leave_out_posts_the_network_does_not_know() {
    let (sandbox, clock) = sandbox_at(9, MONDAY_MORNING).await;
    let ours = sandbox
        .publish(&account("acme"), &post("k", "Ours"))
        .await
        .unwrap();
    let theirs = sandbox
        .publish(&account("bolt"), &post("k", "Theirs"))
        .await
        .unwrap();
    clock.advance(DAY);
    let ids = vec![
        ours.remote_id.clone(),
        theirs.remote_id,
        "sbx-999".into(),
        "not-ours".into(),
    ];
    let counts = sandbox.post_counts(&account("acme"), &ids).await.unwrap();
    assert_eq!(counts.len(), 1);
    assert_eq!(counts[0].remote_id, ours.remote_id);
    // Nor before it was published.
    let before = sandbox
        .post_counts_at("acme", &ids, MONDAY_MORNING - HOUR)
        .await
        .unwrap();
    assert!(before.is_empty());
}

/// A PNG of `size` bytes with alt text `alt` (the sandbox only counts the bytes).
fn image(alt: &str, size: usize) -> crate::Image {
    crate::Image {
        bytes: vec![7; size],
        mime: "image/png".into(),
        alt: alt.into(),
    }
}

#[tokio::test]
async fn the_sandbox_keeps_everything_a_post_brought_in_order() {
    let (sandbox, _) = sandbox_at(3, MONDAY_MORNING).await;
    let content = Outbound {
        images: vec![image("First <b>pixel</b>", 10), image("Second", 20)],
        language: Some("hi".into()),
        content_warning: Some("spoilers".into()),
        link_card: Some(crate::LinkCard {
            url: "https://sangam.example/".into(),
            title: "Title".into(),
            description: "Description".into(),
            thumb: Some(image("", 5)),
        }),
        ..post("full", "नमस्ते https://sangam.example/")
    };
    sandbox.publish(&account("acme"), &content).await.unwrap();
    // A repeat under the same key stores nothing more.
    sandbox.publish(&account("acme"), &content).await.unwrap();
    let posts = sandbox.all_posts().await.unwrap();
    assert_eq!(posts.len(), 1);
    let got = &posts[0];
    let alts: Vec<(&str, i64)> = got
        .images
        .iter()
        .map(|i| (i.alt.as_str(), i.size))
        .collect();
    assert_eq!(alts, [("First <b>pixel</b>", 10), ("Second", 20)]);
    assert_eq!(got.images[0].mime, "image/png");
    assert_eq!(got.language.as_deref(), Some("hi"));
    assert_eq!(got.content_warning.as_deref(), Some("spoilers"));
    let card = got.link_card.as_ref().unwrap();
    assert_eq!((card.title.as_str(), card.thumb_size), ("Title", Some(5)));
}

/// The post the ledger answers a publish with is built from what came in; it must be exactly what a later read of
/// the same key finds, images, language, warning and link card included.
#[tokio::test]
async fn the_post_a_publish_is_answered_with_is_the_one_stored() {
    let (sandbox, _) = sandbox_at(3, MONDAY_MORNING).await;
    let content = Outbound {
        images: vec![image("one", 3), image("", 4)],
        language: Some("en".into()),
        content_warning: None,
        link_card: Some(crate::LinkCard {
            url: "https://sangam.example/a".into(),
            title: String::new(),
            description: "D".into(),
            thumb: None,
        }),
        in_reply_to: Some("sbx-9".into()),
        ..post("built", "Hello")
    };
    let extras = super::extras(&content);
    let ledger = &sandbox.ledger;
    let accepted = ledger
        .accept("acme", "built", "Hello", Some("sbx-9"), &extras, 42)
        .await
        .unwrap();
    let read = ledger.by_key("acme", "built").await.unwrap().unwrap();
    assert_eq!(accepted, read);
    let plain = ledger
        .accept("acme", "plain", "Bare", None, &Default::default(), 43)
        .await
        .unwrap();
    assert_eq!(
        plain,
        ledger.by_key("acme", "plain").await.unwrap().unwrap()
    );
    // A repeat is answered with the stored post, not with what the repeat brought.
    let repeat = ledger
        .accept("acme", "built", "Changed", None, &Default::default(), 44)
        .await
        .unwrap();
    assert_eq!(repeat, read);
}

#[tokio::test]
async fn images_over_the_sandboxs_limits_are_refused() {
    let (sandbox, _) = sandbox_at(3, MONDAY_MORNING).await;
    let big = crate::Image {
        bytes: vec![0; MEDIA_LIMITS.max_image_bytes + 1],
        mime: "image/png".into(),
        alt: String::new(),
    };
    let content = Outbound {
        images: vec![big],
        ..post("big", "hello")
    };
    let err = sandbox
        .publish(&account("acme"), &content)
        .await
        .unwrap_err();
    assert!(
        matches!(&err, NetworkError::Rejected { detail: m, .. } if m.contains("Image 1")),
        "{err:?}"
    );
    assert!(sandbox.all_posts().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_published_post_has_a_public_page_with_everything_it_came_with() {
    let (sandbox, _) = sandbox_at(3, MONDAY_MORNING).await;
    let content = Outbound {
        images: vec![crate::Image {
            bytes: vec![1; 3],
            mime: "image/png".into(),
            alt: "alt".into(),
        }],
        ..post("page", "hello")
    };
    let published = sandbox.publish(&account("acme"), &content).await.unwrap();
    assert_eq!(
        public_path(&published.url).as_deref(),
        Some(format!("/sandbox/@acme/{}", published.remote_id).as_str())
    );
    let post = sandbox
        .public_post("acme", &published.remote_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(post.images[0].alt, "alt");
    assert!(
        sandbox
            .public_post("other", &published.remote_id)
            .await
            .unwrap()
            .is_none()
    );
    assert!(
        sandbox
            .public_post("acme", "nonsense")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(public_path("https://elsewhere.example/@acme/1"), None);
}

#[tokio::test]
async fn replies_win_no_followers_only_posts_do() {
    let (sandbox, clock) = sandbox_at(9, MONDAY_MORNING).await;
    let before = sandbox
        .profile_counts(&account("acme"))
        .await
        .unwrap()
        .followers;
    for n in 0..20 {
        let reply = Outbound {
            idempotency_key: format!("reply-{n}"),
            text: "Thanks, we are on it.".into(),
            in_reply_to: Some("sbx-someone".into()),
            ..Default::default()
        };
        sandbox.publish(&account("acme"), &reply).await.unwrap();
    }
    clock.set(MONDAY_MORNING + 2 * DAY);
    let replies_only = sandbox
        .profile_counts(&account("acme"))
        .await
        .unwrap()
        .followers;
    let (fresh, fresh_clock) = sandbox_at(9, MONDAY_MORNING).await;
    fresh_clock.set(MONDAY_MORNING + 2 * DAY);
    let nothing = fresh
        .profile_counts(&account("acme"))
        .await
        .unwrap()
        .followers;
    assert_eq!(
        replies_only, nothing,
        "twenty replies changed nothing (before: {before})"
    );
    let post = Outbound {
        idempotency_key: "post-1".into(),
        text: "New blend out today".into(),
        ..Default::default()
    };
    fresh.publish(&account("acme"), &post).await.unwrap();
    fresh_clock.set(MONDAY_MORNING + 4 * DAY);
    let after_post = fresh
        .profile_counts(&account("acme"))
        .await
        .unwrap()
        .followers;
    clock.set(MONDAY_MORNING + 4 * DAY);
    let replies_later = sandbox
        .profile_counts(&account("acme"))
        .await
        .unwrap()
        .followers;
    assert!(
        after_post > replies_later,
        "a post lifts followers: {after_post} vs {replies_later}"
    );
}
