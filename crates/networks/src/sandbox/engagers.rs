//! Who the sandbox's engagement is: the accounts behind each post's likes, reposts and quotes, a profile's followers,
//! and their profiles (bio, language, follower count). All pure functions of the seed, the post and the time, like the
//! counts in `engagement.rs`, so every process agrees and the lists match the counts: the i-th of a post's L likers
//! liked it when the post's like count reached i + 1.
//!
//! The people are the ones who write to the inbox (`voices::PUBLIC`, so a person who replied and liked is one
//! engager) and a few hundred more, with bios in English, Hindi and Hinglish naming the places they live in.

use sangam_domain::Millis;

use super::clock::{DAY, HOUR};
use super::engagement;
use super::ledger::SandboxPost;
use super::mix::Mix;
use super::voices::PUBLIC;
use crate::audience::{AccountProfile, Member, MemberPage, Reaction};

/// People beyond the inbox's writers.
const MORE_PEOPLE: usize = 400;
/// Accounts per page of a list, as real networks page them.
pub(crate) const LIST_PAGE: usize = 50;

const FIRST: [&str; 20] = [
    "aarav", "diya", "kabir", "isha", "reyansh", "saanvi", "vihaan", "anika", "arnav", "myra",
    "farhan", "zoya", "gurpreet", "tanvi", "nikhil", "ritu", "emma", "oliver", "yusuf", "leela",
];
const LAST: [&str; 10] = [
    "patel",
    "das",
    "khan",
    "pillai",
    "bose",
    "malhotra",
    "fernandes",
    "chauhan",
    "smith",
    "nair",
];
const PLACES: [&str; 10] = [
    "Pune",
    "Mumbai",
    "Delhi",
    "Bengaluru",
    "Chennai",
    "Kolkata",
    "Hyderabad",
    "Jaipur",
    "London",
    "Dubai",
];
const PLACES_HI: [&str; 10] = [
    "पुणे",
    "मुंबई",
    "दिल्ली",
    "बेंगलुरु",
    "चेन्नई",
    "कोलकाता",
    "हैदराबाद",
    "जयपुर",
    "लंदन",
    "दुबई",
];
const WORK_EN: [&str; 8] = [
    "Food blogger",
    "Software engineer",
    "Teacher",
    "Home chef",
    "Student",
    "Travel photographer",
    "Café owner",
    "Marketing manager",
];
const LIKES_EN: [&str; 6] = [
    "Chai, books and long walks.",
    "Always hunting for the best biryani.",
    "Weekend cyclist and coffee snob.",
    "Cricket fan, street food explorer.",
    "Plants, music and good bakeries.",
    "Opinions are my own.",
];
const BIO_HI: [&str; 5] = [
    "से हूँ। खाना बनाना और किताबें पढ़ना पसंद है।",
    "में रहती हूँ। चाय और संगीत की दीवानी।",
    "का रहने वाला। क्रिकेट और सफ़र का शौक़ है।",
    "से शिक्षक। बच्चों को पढ़ाना अच्छा लगता है।",
    "में छोटा सा कैफ़े चलाते हैं। सबका स्वागत है।",
];
const BIO_HINGLISH: [&str; 4] = [
    "se hoon, khane ka bahut shauk hai aur chai toh roz chahiye",
    "mein rehti hoon, weekend pe nayi jagah try karna pasand hai yaar",
    "wala banda, cricket dekhna aur dosto ke saath ghoomna",
    "se hoon, ghar ka khana sabse accha lagta hai",
];

/// One simulated person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Someone {
    pub handle: String,
    pub name: String,
    pub bio: String,
    pub followers: i64,
}

fn person_at(seed: u64, index: usize) -> Someone {
    let (handle, name, followers) = match PUBLIC.get(index) {
        Some(p) => (
            p.handle.to_string(),
            p.name.to_string(),
            super::traffic::author_followers(seed, *p),
        ),
        None => {
            let n = index - PUBLIC.len();
            let first = FIRST[n % FIRST.len()];
            let last = LAST[(n / FIRST.len()) % LAST.len()];
            let handle = format!("{first}.{last}{}", n / (FIRST.len() * LAST.len()) + 1);
            let name = format!(
                "{}{} {}{}",
                &first[..1].to_uppercase(),
                &first[1..],
                &last[..1].to_uppercase(),
                &last[1..]
            );
            let mix = Mix::new(seed).text("engager-followers").int(n as i64);
            let size = 15 + (mix.finish() % 1_500) as i64;
            let followers = if mix.text("big").unit() < 0.06 {
                size * 40
            } else {
                size
            };
            (handle, name, followers)
        }
    };
    let dice = |what: &str| Mix::new(seed).text(what).text(&handle);
    let place = dice("place").below(PLACES.len());
    let bio = match dice("bio-language").below(4) {
        0 => format!(
            "{} {}",
            PLACES_HI[place],
            BIO_HI[dice("bio-hi").below(BIO_HI.len())]
        ),
        1 => format!(
            "{} {}",
            PLACES[place],
            BIO_HINGLISH[dice("bio-hinglish").below(BIO_HINGLISH.len())]
        ),
        _ => format!(
            "{} in {}. {}",
            WORK_EN[dice("work").below(WORK_EN.len())],
            PLACES[place],
            LIKES_EN[dice("likes").below(LIKES_EN.len())]
        ),
    };
    Someone {
        handle,
        name,
        bio,
        followers,
    }
}

fn population() -> usize {
    PUBLIC.len() + MORE_PEOPLE
}

/// The person with this handle, when the sandbox has one.
pub(crate) fn someone(seed: u64, handle: &str) -> Option<Someone> {
    let handle = handle.trim_start_matches('@');
    (0..population())
        .map(|i| person_at(seed, i))
        .find(|p| p.handle == handle)
}

/// The post's engagers of one kind up to `now`, in the order they came, each with when.
fn reactors(
    seed: u64,
    post: &SandboxPost,
    reaction: Reaction,
    now: Millis,
) -> Vec<(usize, Millis)> {
    // The settled counts: a month after the post, growth is complete to the last whole engagement.
    let settled = engagement::post_counts(seed, post, post.published_at + 60 * DAY, false);
    let total = match reaction {
        Reaction::Like => settled.likes,
        Reaction::Repost => settled.reposts,
        Reaction::Quote => settled.quotes,
    }
    .clamp(0, population() as i64) as usize;
    let what = match reaction {
        Reaction::Like => "liker",
        Reaction::Repost => "reposter",
        Reaction::Quote => "quoter",
    };
    let mut order: Vec<(u64, usize)> = (0..population())
        .map(|i| {
            let dice = Mix::new(seed)
                .text(what)
                .int(post.id)
                .int(i as i64)
                .finish();
            // The inbox's writers are the profile's regulars: they come first more often.
            let regular = if i < PUBLIC.len() { dice / 3 } else { dice };
            (regular, i)
        })
        .collect();
    order.sort_unstable();
    order
        .into_iter()
        .take(total)
        .enumerate()
        .map(|(n, (_, who))| {
            // Counts grow as 1 - e^(-hours / 12); the n-th of `total` arrives when that share reaches (n + 1/2) / total.
            let share = (n as f64 + 0.5) / total as f64;
            let hours = -12.0 * (1.0 - share).ln();
            (who, post.published_at + (hours * HOUR as f64) as Millis)
        })
        .filter(|(_, at)| *at <= now)
        .collect()
}

fn page_of<T: Clone>(all: &[T], cursor: Option<&str>) -> (Vec<T>, Option<String>) {
    let start = cursor.and_then(|c| c.parse::<usize>().ok()).unwrap_or(0);
    let end = (start + LIST_PAGE).min(all.len());
    let items = all.get(start..end).map(<[T]>::to_vec).unwrap_or_default();
    (items, (end < all.len()).then(|| end.to_string()))
}

/// One page of the post's likers, reposters or quoters as of `now`.
pub(crate) fn engagers_page(
    seed: u64,
    post: &SandboxPost,
    reaction: Reaction,
    cursor: Option<&str>,
    now: Millis,
) -> MemberPage {
    let all = reactors(seed, post, reaction, now);
    let (items, next_cursor) = page_of(&all, cursor);
    let members = items
        .into_iter()
        .map(|(who, at)| {
            let p = person_at(seed, who);
            let own_post = (reaction == Reaction::Quote).then(|| {
                (
                    format!("sbx-quote-{}-{}", post.id, p.handle),
                    quote_text(seed, &p, post.id),
                )
            });
            Member {
                bio: Some(p.bio),
                followers: Some(p.followers),
                at: Some(at),
                own_post,
                handle: p.handle,
                name: p.name,
            }
        })
        .collect();
    MemberPage {
        members,
        next_cursor,
    }
}

fn quote_text(seed: u64, p: &Someone, post: i64) -> String {
    const QUOTES: [&str; 4] = [
        "Look at this, we have to go!",
        "यह तो बहुत बढ़िया है, ज़रूर जाएँगे।",
        "Yeh dekho yaar, is weekend chalte hain",
        "Sharing this with everyone I know.",
    ];
    QUOTES[Mix::new(seed)
        .text("quote")
        .text(&p.handle)
        .int(post)
        .below(QUOTES.len())]
    .to_string()
}

/// Whether person `index` follows `handle` at `at`: everyone comes and goes in a cycle of their own (30 to 120 days,
/// following for about 85% of it), so each day some follow and some leave.
fn follows(seed: u64, handle: &str, index: usize, at: Millis) -> bool {
    let mix = Mix::new(seed)
        .text("follow-cycle")
        .text(handle)
        .int(index as i64);
    let cycle = (30 + mix.below(91) as i64) * DAY;
    let phase = (mix.text("phase").unit() * cycle as f64) as Millis;
    let into = (at + phase).rem_euclid(cycle);
    // Two in five of the people never follow this profile at all.
    let ever = Mix::new(seed)
        .text("ever-follows")
        .text(handle)
        .int(index as i64)
        .unit()
        < 0.6;
    ever && (into as f64) < cycle as f64 * 0.85
}

/// One page of the accounts following `handle` at `at`.
pub(crate) fn followers_page(
    seed: u64,
    handle: &str,
    cursor: Option<&str>,
    at: Millis,
) -> MemberPage {
    let all: Vec<usize> = (0..population())
        .filter(|i| follows(seed, handle, *i, at))
        .collect();
    let (items, next_cursor) = page_of(&all, cursor);
    MemberPage {
        members: items
            .into_iter()
            .map(|i| {
                let p = person_at(seed, i);
                Member {
                    handle: p.handle,
                    name: p.name,
                    bio: Some(p.bio),
                    followers: Some(p.followers),
                    at: None,
                    own_post: None,
                }
            })
            .collect(),
        next_cursor,
    }
}

/// The profiles of the accounts named, leaving out handles the sandbox has no person for.
pub(crate) fn profiles(seed: u64, handles: &[String]) -> Vec<AccountProfile> {
    handles
        .iter()
        .filter_map(|h| someone(seed, h))
        .map(|p| AccountProfile {
            handle: p.handle,
            name: p.name,
            bio: Some(p.bio),
            followers: Some(p.followers),
        })
        .collect()
}
