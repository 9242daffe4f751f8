//! The inbox: messages from the public with their analysis, grouped in conversations, and what the team does with
//! them. One module per idea: the message and its reads ([`message`]), ingesting pages of them ([`ingest`]), the
//! list with its filters, pages and counts ([`paging`]), assignment and status ([`assignment`]), tags and notes
//! ([`tags`]), replies and saved replies ([`replies`]), the shield and exposure ([`shield`]), mutes and blocks
//! ([`mutes`]), moderation rules ([`rules`]), who else is on a conversation ([`presence`]), and the settings behind
//! reply timers and the exposure budget ([`settings`]), and what the inbox page reads around its list in one
//! statement ([`surroundings`]). Everything is re-exported here, so callers say
//! `inbox::get`, `inbox::Message`.

pub mod assignment;
pub mod ingest;
pub mod message;
pub mod mutes;
pub mod paging;
pub mod presence;
pub mod replies;
pub mod rules;
pub mod settings;
pub mod shield;
pub mod surroundings;
pub mod tags;

pub use assignment::{assign, set_done, set_hidden};
#[cfg(feature = "bench")]
pub use ingest::insert_batch;
pub use ingest::{
    NewMessage, PageLookup, conversations_of, cursor, ingest_page, known_remote_ids, look_up_page,
};
#[cfg(feature = "testing")]
pub use message::count_for_profile;
pub use message::{Message, conversation, get, unanswered};
pub use mutes::{OnNetwork, mark_mute_done, mute_author, muted_authors};
#[cfg(feature = "testing")]
pub use paging::page_plan;
pub use paging::{COUNT_BOUND, Count, Cursor, Direction, Filter, Page, count, list, page};
#[cfg(feature = "testing")]
pub use presence::presence_plan;
pub use presence::{Presence, others_on_conversation};
pub use replies::{
    Reply, SavedReply, create_reply, create_saved_reply, delete_saved_reply, replies, reply_target,
    saved_replies,
};
pub use rules::{StoredRule, create_rule, delete_rule, move_rule_up, rules};
pub use settings::{Person, Settings, people, person, save_person, save_settings, settings};
#[cfg(feature = "testing")]
pub use shield::openings_of;
pub use shield::{
    corrections_after, exposure_since, exposure_today, last_shield_user, opened_by,
    record_correction, record_opening, set_last_shield_user, shielded_waiting_for,
};
pub use surroundings::{Surroundings, surroundings};
pub use tags::{Note, add_note, add_tag, notes, remove_tag, tags};
