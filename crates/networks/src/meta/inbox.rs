//! The inbox cursor for Meta's lists, which come newest first and page backwards with `paging.cursors.after`.
//!
//! Each source (comments, conversations, mentions...) is a [`Walk`]: read pages back from the newest until a
//! message at or before the `mark` (the newest message of the last finished walk), then move the mark up. A walk
//! cut short stores its `after` cursor and goes on at the next call. Pages overlap when messages arrive during a
//! walk (each page's oldest is pushed onto the next), and several messages can share a second, so the cursor keeps
//! the ids at each boundary time and a message is given once. The whole cursor is one JSON object,
//! `{"<source>": {"mark", "mark_ids", "top", "top_ids", "after", "floor", "floor_ids"}}`.

use sangam_domain::Millis;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Walk {
    /// The newest message time of the last finished walk: older ones were all given.
    #[serde(default)]
    pub mark: Millis,
    /// The messages at exactly `mark`, already given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mark_ids: Vec<String>,
    /// The newest message time seen in the walk under way, and the ids at it.
    #[serde(default)]
    pub top: Millis,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top_ids: Vec<String>,
    /// Where the walk under way goes on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
    /// The oldest message time the walk under way has given, and the ids at it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub floor: Option<Millis>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub floor_ids: Vec<String>,
}

impl Walk {
    /// Whether the message `id` created at `at` has not been given yet.
    pub fn wants(&self, at: Millis, id: &str) -> bool {
        let id = id.to_string();
        if at < self.mark || (at == self.mark && self.mark_ids.contains(&id)) {
            return false;
        }
        match self.floor {
            // Going on with a walk: what is newer than its floor came on an earlier page.
            Some(floor) if self.after.is_some() => {
                at < floor || (at == floor && !self.floor_ids.contains(&id))
            }
            _ => true,
        }
    }

    /// Takes one page in: every message on it (`(time, id)`, given or not) and the cursor to the next page. Returns
    /// whether the walk goes on (call again at once).
    pub fn advance(&mut self, items: &[(Millis, String)], next: Option<String>) -> bool {
        let continuing = self.after.is_some();
        if !continuing {
            self.top = self.mark;
            self.top_ids = self.mark_ids.clone();
            self.floor = None;
            self.floor_ids.clear();
        }
        for (at, id) in items {
            note(&mut self.top, &mut self.top_ids, *at, id, |a, b| a > b);
            let mut floor = self.floor.unwrap_or(Millis::MAX);
            note(&mut floor, &mut self.floor_ids, *at, id, |a, b| a < b);
            self.floor = Some(floor);
        }
        let oldest = items.iter().map(|(at, _)| *at).min();
        match (next, oldest) {
            (Some(after), Some(oldest)) if oldest >= self.mark => {
                self.after = Some(after);
                true
            }
            _ => {
                self.mark = self.top;
                self.mark_ids = std::mem::take(&mut self.top_ids);
                self.after = None;
                self.floor = None;
                self.floor_ids.clear();
                false
            }
        }
    }
}

/// Moves a boundary (`better` says which way) and keeps the ids that sit exactly on it.
fn note(
    edge: &mut Millis,
    ids: &mut Vec<String>,
    at: Millis,
    id: &str,
    better: fn(Millis, Millis) -> bool,
) {
    if better(at, *edge) {
        *edge = at;
        ids.clear();
    }
    if at == *edge && !ids.iter().any(|i| i == id) {
        ids.push(id.to_string());
    }
}

/// Every source's walk, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Streams(pub BTreeMap<String, Walk>);

impl Streams {
    /// A cursor Sangam did not write (or none) starts every walk from the beginning.
    pub fn parse(raw: Option<&str>) -> Streams {
        raw.and_then(|r| serde_json::from_str(r).ok())
            .unwrap_or_default()
    }

    pub fn render(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn walk(&mut self, source: &str) -> &mut Walk {
        self.0.entry(source.to_string()).or_default()
    }
}

/// Where one list of the inbox is read, as whom.
pub struct Source<'a> {
    pub graph: &'a super::Graph,
    pub host: super::Host,
    pub token: &'a str,
    pub keys: &'a super::Keys,
}

impl Source<'_> {
    /// Reads one page of a newest-first list (`path` with its version) as the walk `name` of `streams`, adding the
    /// messages `to_inbound` makes of its items that the walk has not given yet. Returns whether the walk goes on.
    #[allow(clippy::too_many_arguments)]
    pub async fn walk(
        &self,
        streams: &mut Streams,
        name: &str,
        path: &str,
        fields: &str,
        found: &mut BTreeMap<String, crate::Inbound>,
        to_inbound: impl Fn(&serde_json::Value) -> Vec<crate::Inbound>,
    ) -> Result<bool, crate::NetworkError> {
        let walk = streams.walk(name);
        let mut query = vec![("fields", fields), ("limit", "25")];
        let after = walk.after.clone();
        if let Some(x) = &after {
            query.push(("after", x.as_str()));
        }
        let page: super::Page<serde_json::Value> = self
            .graph
            .get(self.host, path, self.token, &query, self.keys)
            .await?;
        let mut items = Vec::new();
        for item in &page.data {
            for i in to_inbound(item) {
                items.push((i.received_at, i.remote_id.clone()));
                if walk.wants(i.received_at, &i.remote_id) {
                    found.entry(i.remote_id.clone()).or_insert(i);
                }
            }
        }
        Ok(walk.advance(&items, page.after()))
    }
}

/// The prefix of a direct message's remote id, `dm:{sender}:{message}`: the sender is kept so that an answer can be
/// addressed to them (Messenger's Send API takes a recipient id, not a message to answer).
pub const DM: &str = "dm:";

/// A Messenger-style conversation's messages from others (Facebook Page and Instagram conversations share the
/// shape: `{id, messages: {data: [{id, message, from: {id, username | name}, created_time}]}}`).
pub fn conversation_messages(
    conversation: &serde_json::Value,
    ours: &[&str],
) -> Vec<crate::Inbound> {
    let conv_id = super::id_of(&conversation["id"]).unwrap_or_default();
    conversation["messages"]["data"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|m| {
            let from = &m["from"];
            let sender = super::id_of(&from["id"])?;
            if ours.contains(&sender.as_str()) {
                return None;
            }
            let handle = from["username"]
                .as_str()
                .or_else(|| from["name"].as_str())
                .unwrap_or(&sender);
            Some(crate::Inbound {
                remote_id: format!("{DM}{sender}:{}", super::id_of(&m["id"])?),
                kind: crate::InboundKind::DirectMessage,
                author_handle: format!("@{handle}"),
                author_name: from["name"].as_str().unwrap_or(handle).to_string(),
                author_followers: None,
                text: m["message"].as_str().unwrap_or_default().to_string(),
                url: None,
                in_reply_to: None,
                conversation_id: conv_id.clone(),
                received_at: m["created_time"]
                    .as_str()
                    .and_then(super::parse_time)
                    .unwrap_or_else(sangam_domain::now_millis),
            })
        })
        .collect()
}

/// The sender of a direct message we answer, from its remote id.
pub fn dm_recipient(remote_id: &str) -> Option<&str> {
    remote_id
        .strip_prefix(DM)?
        .split_once(':')
        .map(|(sender, _)| sender)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn page(w: &mut Walk, items: &[(Millis, &str)], next: Option<&str>) -> (Vec<String>, bool) {
        let items: Vec<(Millis, String)> = items.iter().map(|(a, i)| (*a, i.to_string())).collect();
        let given = items
            .iter()
            .filter(|(a, i)| w.wants(*a, i))
            .map(|(_, i)| i.clone())
            .collect();
        let more = w.advance(&items, next.map(str::to_string));
        (given, more)
    }

    #[test]
    fn overlapping_pages_and_shared_seconds_give_each_message_once() {
        let mut w = Walk::default();
        assert_eq!(
            page(&mut w, &[(300, "c"), (200, "b")], Some("p2")),
            (vec!["c".into(), "b".into()], true)
        );
        // A new message pushed "b" onto the second page.
        assert_eq!(
            page(&mut w, &[(200, "b"), (100, "a")], None),
            (vec!["a".into()], false)
        );
        assert_eq!(w.mark, 300);
        // Next walk: "d" shares c's second; "c" is not given again, and the walk stops below the mark.
        assert_eq!(
            page(&mut w, &[(300, "d"), (300, "c"), (200, "b")], Some("p3")),
            (vec!["d".into()], false)
        );
        assert_eq!(
            page(&mut w, &[(300, "d"), (300, "c")], None),
            (vec![], false)
        );
    }

    #[test]
    fn the_cursor_survives_a_round_trip_and_garbage_starts_over() {
        let mut s = Streams::default();
        s.walk("comments")
            .advance(&[(5, "x".into())], Some("a=b;c".into()));
        assert_eq!(Streams::parse(Some(&s.render())), s);
        assert_eq!(Streams::parse(Some("n=1;c=2")), Streams::default());
    }
}
