//! The sandbox's competitor accounts: a few brands that post by themselves, so a team can practise watching the
//! competition. Like the rest of the sandbox, everything is a pure function of the seed, the handle and the moment
//! asked about: when each post went out (one to three a day at plausible hours, fewer at weekends), what it said (with
//! the brand's hashtags), its engagement (the same curve our own sandbox posts follow, [`super::engagement`]) and the
//! account's followers ([`super::audience`]). Asking about the past gives the past, which is how the demo back-fills a
//! year of competitor history honestly: from the simulated network, not from made-up rows.

use super::SANDBOX_ORIGIN;
use super::audience;
use super::clock::{DAY, MINUTE, day_of, weekday_of};
use super::engagement;
use super::ledger::SandboxPost;
use super::mix::Mix;
use crate::public::{PublicAccount, PublicPage, PublicPost};
use sangam_domain::Millis;

/// A simulated competitor: handle, name, posts on a busy day, and what it talks about.
struct Brand {
    handle: &'static str,
    name: &'static str,
    per_day: i64,
    lines: &'static [&'static str],
}

const BRANDS: &[Brand] = &[
    Brand {
        handle: "@brewhaus",
        name: "Brewhaus Coffee",
        per_day: 2,
        lines: &[
            "Cold brew season is here. Which roast should we bottle next? #coldbrew #coffee",
            "Behind the bar: our head barista on milk texture. #latteart #coffee",
            "Weekend special: cardamom mocha, only till Sunday. #weekend #coffee",
            "We planted 2,000 shade trees with our growers this year. #sustainability",
            "New store in Indiranagar opens Friday! #bengaluru #coffee",
        ],
    },
    Brand {
        handle: "@chai_collective",
        name: "Chai Collective",
        per_day: 3,
        lines: &[
            "Masala chai or ginger chai for this rain? #chai #monsoon",
            "बारिश और चाय, इससे अच्छा क्या? #chai #मानसून",
            "Our kulhad is back. Tag a friend who misses it. #chai #kulhad",
            "Tea estate diaries: second flush picking has begun. #darjeeling #tea",
            "Office chai subscriptions now in Pune. #chai #pune",
        ],
    },
    Brand {
        handle: "@bean_street",
        name: "Bean Street Roasters",
        per_day: 1,
        lines: &[
            "Single origin of the month: Chikmagalur washed arabica. #specialtycoffee #singleorigin",
            "Pour-over class this Saturday, six seats left. What would you ask? #brewing",
            "Roast day. The whole street smells of caramel. #roastery #specialtycoffee",
        ],
    },
    Brand {
        handle: "@filter_kaapi_co",
        name: "Filter Kaapi Co.",
        per_day: 2,
        lines: &[
            "Decoction at 6 am, just like home. #filterkaapi #chennai",
            "Steel tumbler or ceramic cup? Settle it below. #filterkaapi",
            "Chicory or no chicory? The great debate. #filterkaapi #coffee",
            "Now delivering in Hyderabad. #filterkaapi #hyderabad",
        ],
    },
];

/// The day competitor accounts start posting (2024-01-01), as audiences start moving.
const FIRST_DAY: i64 = 19_723;
/// Posts per page of a competitor's feed.
const PAGE: usize = 20;
/// Posting hours (UTC) a social team would choose, morning to evening in India.
const HOURS: [i64; 8] = [2, 3, 4, 6, 8, 11, 13, 14];

/// The handles of the sandbox's competitors, for the demo and the add page's hint.
pub fn handles() -> Vec<&'static str> {
    BRANDS.iter().map(|b| b.handle).collect()
}

fn brand(handle: &str) -> Option<&'static Brand> {
    let wanted = format!("@{}", handle.trim().trim_start_matches('@'));
    BRANDS
        .iter()
        .find(|b| b.handle.eq_ignore_ascii_case(&wanted))
}

/// One slot of a brand's schedule: day and number within the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Slot {
    day: i64,
    n: i64,
}

impl Slot {
    fn parse(raw: &str) -> Option<Slot> {
        let (day, n) = raw.split_once(':')?;
        Some(Slot {
            day: day.parse().ok()?,
            n: n.parse().ok()?,
        })
    }

    fn render(self) -> String {
        format!("{}:{}", self.day, self.n)
    }
}

/// When the brand's post in `slot` goes out, or `None` when it skips that slot.
fn post_time(seed: u64, brand: &Brand, slot: Slot) -> Option<Millis> {
    let dice = |what: &str| {
        Mix::new(seed)
            .text("competitor")
            .text(what)
            .text(brand.handle)
            .int(slot.day)
            .int(slot.n)
    };
    let weekend = weekday_of(slot.day * DAY) >= 5;
    let keep = if weekend { 0.45 } else { 0.85 };
    if dice("posts").unit() >= keep {
        return None;
    }
    // Slots of a day take hours in order, so a day's posts never swap places.
    let span = HOURS.len() as i64 / brand.per_day.max(1);
    let index = slot.n * span + dice("hour").below(span.max(1) as usize) as i64;
    let hour = HOURS[index.clamp(0, HOURS.len() as i64 - 1) as usize];
    let minute = dice("minute").below(60) as i64;
    Some(slot.day * DAY + hour * 3_600_000 + minute * MINUTE)
}

fn sandbox_post(seed: u64, brand: &Brand, slot: Slot, at: Millis) -> SandboxPost {
    let pick = Mix::new(seed)
        .text("competitor-line")
        .text(brand.handle)
        .int(slot.day)
        .int(slot.n)
        .below(brand.lines.len());
    // A stable numeric id per slot, far from the ledger's row numbers, so the engagement dice differ per post.
    let id = (1_i64 << 40)
        + (Mix::new(seed).text(brand.handle).finish() % 1_000) as i64 * 10_000_000
        + slot.day * 8
        + slot.n;
    SandboxPost {
        id,
        handle: brand.handle.to_string(),
        idempotency_key: String::new(),
        text: brand.lines[pick].to_string(),
        in_reply_to: None,
        published_at: at,
        images: Vec::new(),
        language: None,
        content_warning: None,
        link_card: None,
    }
}

fn remote_id(brand: &Brand, slot: Slot) -> String {
    format!(
        "cmp-{}-{}-{}",
        brand.handle.trim_start_matches('@'),
        slot.day,
        slot.n
    )
}

/// Posts the brand had made by `at`.
fn posts_until(seed: u64, brand: &Brand, at: Millis) -> i64 {
    let mut n = 0;
    for day in FIRST_DAY..=day_of(at) {
        for k in 0..brand.per_day {
            if post_time(seed, brand, Slot { day, n: k }).is_some_and(|t| t <= at) {
                n += 1;
            }
        }
    }
    n
}

/// The competitor `handle` as the public sees it at `at`, or `None` for a handle the sandbox has no such account for.
pub(crate) fn lookup(seed: u64, handle: &str, at: Millis) -> Option<PublicAccount> {
    let brand = brand(handle)?;
    Some(PublicAccount {
        remote_id: brand.handle.to_string(),
        handle: brand.handle.to_string(),
        display_name: brand.name.to_string(),
        url: format!("{SANDBOX_ORIGIN}/{}", brand.handle),
        followers: audience::followers(seed, brand.handle, at, &[]),
        following: audience::following(seed, brand.handle, at),
        posts: audience::earlier_posts(seed, brand.handle) + posts_until(seed, brand, at),
    })
}

/// One page of the competitor's posts, newest first, as they stood at `at`.
pub(crate) fn page(seed: u64, handle: &str, cursor: Option<&str>, at: Millis) -> PublicPage {
    let Some(brand) = brand(handle) else {
        return PublicPage {
            posts: Vec::new(),
            next_cursor: None,
        };
    };
    let before = cursor.and_then(Slot::parse).unwrap_or(Slot {
        day: day_of(at) + 1,
        n: 0,
    });
    let mut posts = Vec::with_capacity(PAGE);
    let mut last = None;
    let mut day = before.day;
    'days: while day >= FIRST_DAY {
        for n in (0..brand.per_day).rev() {
            let slot = Slot { day, n };
            if slot >= before {
                continue;
            }
            let Some(published_at) = post_time(seed, brand, slot).filter(|t| *t <= at) else {
                continue;
            };
            let post = sandbox_post(seed, brand, slot, published_at);
            let counts = engagement::post_counts(seed, &post, at, false);
            posts.push(PublicPost {
                remote_id: remote_id(brand, slot),
                url: format!(
                    "{SANDBOX_ORIGIN}/{}/{}",
                    brand.handle,
                    remote_id(brand, slot)
                ),
                hashtags: sangam_domain::competitors::hashtags_in(&post.text),
                text: post.text,
                published_at,
                likes: counts.likes,
                reposts: counts.reposts,
                replies: counts.replies,
                quotes: counts.quotes,
            });
            last = Some(slot);
            if posts.len() == PAGE {
                break 'days;
            }
        }
        day -= 1;
    }
    let next_cursor = (posts.len() == PAGE)
        .then(|| last.map(Slot::render))
        .flatten();
    PublicPage { posts, next_cursor }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// Monday 2 November 2026, 12:00 UTC.
    const NOW: Millis = 1_793_577_600_000 + 12 * 3_600_000;

    #[test]
    fn competitors_are_known_by_handle_and_others_are_not() {
        let a = lookup(7, "brewhaus", NOW).unwrap();
        assert_eq!(a.display_name, "Brewhaus Coffee");
        assert_eq!(lookup(7, "@Brewhaus", NOW).unwrap().remote_id, "@brewhaus");
        assert!(lookup(7, "@nobody_here", NOW).is_none());
        let later = lookup(7, "brewhaus", NOW + 30 * DAY).unwrap();
        assert!(later.posts > a.posts, "the brand keeps posting");
    }

    #[test]
    fn pages_run_newest_first_without_overlap_and_the_past_is_the_past() {
        let first = page(7, "@chai_collective", None, NOW);
        assert_eq!(first.posts.len(), PAGE);
        let second = page(7, "@chai_collective", first.next_cursor.as_deref(), NOW);
        let mut all: Vec<&PublicPost> = first.posts.iter().chain(&second.posts).collect();
        assert!(
            all.windows(2)
                .all(|w| w[0].published_at >= w[1].published_at)
        );
        let before = all.len();
        all.dedup_by(|a, b| a.remote_id == b.remote_id);
        assert_eq!(all.len(), before, "no post on two pages");
        assert!(all.iter().all(|p| p.published_at <= NOW));
        // A week ago the newest post was older, and had fewer likes than it has now.
        let then = page(7, "@chai_collective", None, NOW - 7 * DAY);
        assert!(then.posts[0].published_at <= NOW - 7 * DAY);
        let p = &second.posts[0];
        let again = page(
            7,
            "@chai_collective",
            first.next_cursor.as_deref(),
            NOW + DAY,
        );
        let later = again
            .posts
            .iter()
            .find(|q| q.remote_id == p.remote_id)
            .unwrap();
        assert!(later.likes >= p.likes);
        assert!(!p.hashtags.is_empty());
    }
}
