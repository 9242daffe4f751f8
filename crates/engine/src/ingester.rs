//! The ingester: reads each profile's inbound stream from its stored cursor, analyses every new message (language,
//! sentiment, abuse), applies the workspace's moderation rules and the shield's routing, and stores the page and the
//! next cursor in one transaction. Messages are keyed by (profile, remote id), so overlapping pages and a run cut
//! short by a crash store each message once, and the cursor never runs ahead of what is stored.
//!
//! A run is a pipeline one page deep: while a page is stored, the next one is fetched, its analysis started (on one
//! thread of the blocking pool while the store works on another core, never on the runtime's threads) and its
//! look-up read (which of its messages are stored, their parents' threads, the mutes). That look-up may be read
//! before the page being stored is committed, so what that page stored is added to it in the process ([`Before`])
//! before the next page is routed: the lookahead changes no decision. Assignments are decided when the page is
//! stored, after the page before it.

use crate::analysis::TextModel;
use crate::moderation::CompiledRules;
use crate::{JobError, Networks};
use sangam_domain::rules::{Action, MessageFacts, Rule};
use sangam_domain::{AbuseLabel, MessageKind, Millis, Sentiment, now_millis};
use sangam_networks::{Account, Inbound, InboundKind, InboundPage, Network};
use sangam_store::activity::{self, NewActivity};
use sangam_store::inbox::{self, NewMessage, Person};
use sangam_store::profiles::{self, Profile};
use sangam_store::secrets::SecretBox;
use sangam_store::{Db, StoreError};
use sangam_text::Analysis;
use sangam_text::sentiment::SentimentLabel;
use std::collections::HashMap;
use tokio::task::JoinHandle;

/// Pages read per profile per run; the rest waits for the next run, so one busy profile cannot starve the others.
const MAX_PAGES_PER_RUN: usize = 20;

pub struct Ingester<'a> {
    pub db: &'a Db,
    pub secrets: &'a SecretBox,
    pub networks: &'a Networks,
    pub text: &'a TextModel,
}

/// What one run stored.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Ingested {
    pub fetched: usize,
    pub stored: usize,
}

/// The inbox's word for how a network's message reached us.
pub fn message_kind(kind: InboundKind) -> MessageKind {
    match kind {
        InboundKind::Mention => MessageKind::Mention,
        InboundKind::Reply => MessageKind::Reply,
        InboundKind::Comment => MessageKind::Comment,
        InboundKind::DirectMessage => MessageKind::DirectMessage,
        InboundKind::Quote => MessageKind::Quote,
    }
}

/// What the rules look at for a message of `kind` whose text was analysed as `a`: the ingester's facts for every
/// new message, and the rules page's for a sample, so that a rule tested there matches as it will here.
pub fn facts(
    text: &str,
    kind: MessageKind,
    profile_id: i64,
    author_followers: Option<i64>,
    a: &Analysis,
) -> MessageFacts {
    MessageFacts {
        text: text.to_string(),
        kind,
        profile_id,
        author_followers,
        lang: a.lang.clone(),
        sentiment: match a.sentiment.label {
            SentimentLabel::Positive => Sentiment::Positive,
            SentimentLabel::Neutral => Sentiment::Neutral,
            SentimentLabel::Negative => Sentiment::Negative,
        },
        abusive: a.abuse.abusive,
        abuse_score: a.abuse.score,
        abuse_labels: a.abuse.labels.iter().map(|l| abuse_label(*l)).collect(),
    }
}

fn abuse_label(label: sangam_text::abuse::AbuseLabel) -> AbuseLabel {
    use sangam_text::abuse::AbuseLabel as Text;
    match label {
        Text::Profanity => AbuseLabel::Profanity,
        Text::Insult => AbuseLabel::Insult,
        Text::Threat => AbuseLabel::Threat,
        Text::Hate => AbuseLabel::Hate,
        Text::Sexual => AbuseLabel::Sexual,
        Text::Spam => AbuseLabel::Spam,
    }
}

impl Ingester<'_> {
    /// Ingests every profile. One profile's failure does not stop the others; the first error is returned after all
    /// were tried.
    pub async fn ingest_all(&self) -> Result<Ingested, JobError> {
        if let Err(e) = self.text.catch_up(self.db).await {
            tracing::warn!(error = %e, "could not learn the stored abuse corrections");
        }
        let mut total = Ingested::default();
        let mut first_error = None;
        for profile in profiles::list_all(self.db).await? {
            match self.ingest(&profile).await {
                Ok(n) => {
                    total.fetched += n.fetched;
                    total.stored += n.stored;
                }
                Err(e) => {
                    tracing::warn!(profile = profile.id, error = %e, "ingesting failed");
                    first_error.get_or_insert(e);
                }
            }
        }
        match first_error {
            Some(e) if total.stored == 0 => Err(e),
            _ => Ok(total),
        }
    }

    /// Reads one profile's stream from its cursor until the network has no more (or the page budget is spent).
    pub async fn ingest(&self, profile: &Profile) -> Result<Ingested, JobError> {
        let network = self
            .networks
            .get(profile.network)
            .ok_or(JobError::NoConnector(profile.network))?;
        let account = Account {
            profile_id: profile.id,
            handle: profile.handle.clone(),
            credentials: profiles::credentials(self.db, self.secrets, profile.id).await?,
        };
        let rules = self.rules(profile.workspace_id).await?;
        let network = network.as_ref();
        let mut cursor = inbox::cursor(self.db, profile.id).await?;
        let mut done = Ingested::default();
        // One router for the run: the team, the budget and where the shield rotation stopped are read once.
        let mut router = Router::new(self.db, profile.workspace_id);
        let (mut page, mut analysing, mut lookup) = self
            .fetch(network, &account, profile, cursor.as_deref())
            .await?;
        let mut before = Before::default();
        for pages in 1..=MAX_PAGES_PER_RUN {
            done.fetched += page.messages.len();
            if page.next_cursor.is_some() {
                cursor.clone_from(&page.next_cursor);
            }
            let ahead = Ahead {
                page,
                analysing,
                lookup: before.added_to(lookup),
            };
            if !ahead.page.more || pages == MAX_PAGES_PER_RUN {
                done.stored += self
                    .store_ahead(profile, &rules, &mut router, ahead)
                    .await?
                    .0;
                break;
            }
            // The next page is fetched (its analysis started, its look-up read) while this one is stored, so a fetch
            // that fails or never answers holds up no page already in hand.
            let (stored, next) = tokio::join!(
                self.store_ahead(profile, &rules, &mut router, ahead),
                self.fetch(network, &account, profile, cursor.as_deref()),
            );
            let (stored, this_page) = stored?;
            done.stored += stored;
            before = this_page;
            (page, analysing, lookup) = next?;
        }
        Ok(done)
    }

    /// Reads the page after `cursor`, starts analysing it, and reads its look-up.
    async fn fetch(
        &self,
        network: &dyn Network,
        account: &Account,
        profile: &Profile,
        cursor: Option<&str>,
    ) -> Result<(InboundPage, Analysing, inbox::PageLookup), JobError> {
        match network.inbound(account, cursor).await {
            Ok(page) => {
                let analysing = self.analyse(profile.workspace_id, &page.messages);
                let lookup = self.look_up(profile, &page.messages).await?;
                Ok((page, analysing, lookup))
            }
            Err(e) => Err(crate::collector::lapsed(self.db, profile, e).await),
        }
    }

    /// Which of the page's messages are stored, their parents' threads and the profile's mutes, in one statement;
    /// the mutes are read again for every page, so a mute made during a run holds from the next page.
    async fn look_up(
        &self,
        profile: &Profile,
        page: &[Inbound],
    ) -> Result<inbox::PageLookup, JobError> {
        let ids: Vec<String> = page.iter().map(|m| m.remote_id.clone()).collect();
        // The conversation each message's parent belongs to, where Sangam knows it: a stored message, or one of our
        // inbox replies (its conversation is the message it answered). A network without thread ids (Mastodon) names
        // only the parent, so an answer to our answer would otherwise start a conversation of its own.
        let parents: Vec<String> = page.iter().filter_map(|m| m.in_reply_to.clone()).collect();
        Ok(inbox::look_up_page(self.db, profile.id, &ids, &parents).await?)
    }

    /// The workspace's enabled rules, read and compiled once for a run.
    async fn rules(&self, workspace_id: i64) -> Result<CompiledRules, JobError> {
        let stored = inbox::rules(self.db, workspace_id).await?;
        Ok(CompiledRules::new(
            stored.iter().filter(|r| r.enabled).map(|r| &r.rule),
        ))
    }

    /// Starts analysing a page's texts on the blocking pool, with the workspace's model and threshold.
    fn analyse(&self, workspace_id: i64, page: &[Inbound]) -> Analysing {
        let texts: Vec<String> = page.iter().map(|m| m.text.clone()).collect();
        let text = self.text.clone();
        Analysing(tokio::task::spawn_blocking(move || {
            text.analyze_page_for(workspace_id, texts.iter().map(String::as_str))
        }))
    }

    /// Stores a page fetched ahead, once its analysis is done.
    async fn store_ahead(
        &self,
        profile: &Profile,
        rules: &CompiledRules,
        router: &mut Router<'_>,
        ahead: Ahead,
    ) -> Result<(usize, Before), JobError> {
        let analyses = ahead.analysing.finish().await?;
        self.store_analysed(
            profile,
            rules,
            router,
            &ahead.page.messages,
            analyses,
            ahead.lookup,
            ahead.page.next_cursor.as_deref(),
        )
        .await
    }

    /// Analyses and routes the page's new messages and stores them with the cursor. Returns how many were new.
    pub async fn store_page(
        &self,
        profile: &Profile,
        rules: &[Rule],
        page: &[Inbound],
        next_cursor: Option<&str>,
    ) -> Result<usize, JobError> {
        let analyses = self.analyse(profile.workspace_id, page).finish().await?;
        let lookup = self.look_up(profile, page).await?;
        let (stored, _) = self
            .store_analysed(
                profile,
                &CompiledRules::new(rules),
                &mut Router::new(self.db, profile.workspace_id),
                page,
                analyses,
                lookup,
                next_cursor,
            )
            .await?;
        Ok(stored)
    }

    /// Routes the page's new messages (`analyses` holds every message's analysis, in the page's order; `lookup` what is
    /// stored of it) and stores them with the cursor. Returns how many were new, and what the page leaves behind for
    /// the next one's look-up.
    #[allow(clippy::too_many_arguments)]
    async fn store_analysed(
        &self,
        profile: &Profile,
        rules: &CompiledRules,
        router: &mut Router<'_>,
        page: &[Inbound],
        analyses: Vec<Analysis>,
        lookup: inbox::PageLookup,
        next_cursor: Option<&str>,
    ) -> Result<(usize, Before), JobError> {
        let inbox::PageLookup {
            known,
            mut threads,
            muted,
        } = lookup;
        let page_ids = page
            .iter()
            .map(|m| sangam_domain::untrusted::storable(&m.remote_id).into_owned())
            .collect();
        let fresh: Vec<(&Inbound, Analysis)> = page
            .iter()
            .zip(analyses)
            // Stored ids are the storable form of the network's (see `sangam_domain::untrusted`).
            .filter(|(m, _)| {
                !known.contains(sangam_domain::untrusted::storable(&m.remote_id).as_ref())
            })
            .collect();
        router.next_page();
        let mut messages = Vec::with_capacity(fresh.len());
        let mut alerts = Vec::new();
        for (m, a) in fresh {
            let facts = facts(
                &m.text,
                message_kind(m.kind),
                profile.id,
                m.author_followers,
                &a,
            );
            let outcome = rules.apply(&facts);
            // Abusive messages go only to people who opted in, in rotation within their budget; others by the rules.
            let assigned_to = if a.abuse.abusive {
                router.next_shield_person().await?
            } else {
                match &outcome.assign {
                    Some(Action::AssignTo { user_id }) => Some(*user_id),
                    Some(Action::AssignRotation) => router.next_team_member().await?,
                    _ => None,
                }
            };
            if outcome.alert {
                alerts.push(m.remote_id.clone());
            }
            let conversation_id = m
                .in_reply_to
                .as_ref()
                .and_then(|parent| threads.get(parent))
                .cloned()
                .unwrap_or_else(|| m.conversation_id.clone());
            threads.insert(m.remote_id.clone(), conversation_id.clone());
            messages.push(NewMessage {
                remote_id: m.remote_id.clone(),
                kind: facts.kind,
                author_handle: m.author_handle.clone(),
                author_name: m.author_name.clone(),
                author_followers: m.author_followers,
                text: m.text.clone(),
                url: m.url.clone(),
                in_reply_to: m.in_reply_to.clone(),
                conversation_id,
                received_at: m.received_at,
                lang: a.lang,
                script: a.script,
                sentiment_compound: a.sentiment.compound,
                sentiment_label: facts.sentiment,
                abusive: a.abuse.abusive,
                abuse_score: a.abuse.score,
                abuse_labels: facts.abuse_labels,
                hidden: outcome.hide || muted.contains(&m.author_handle),
                done: outcome.done,
                assigned_to,
                tags: outcome.tags,
            });
        }
        let now = now_millis();
        let page = inbox::ingest::Page {
            workspace_id: profile.workspace_id,
            profile_id: profile.id,
            messages: &messages,
            next_cursor,
            // Where the shield's rotation stopped is committed with the page it routed.
            shield_stopped_at: router.stopped_at(),
        };
        let stored = inbox::ingest::ingest_routed_page(self.db, page, now).await?;
        for remote_id in &alerts {
            let entry = NewActivity {
                workspace_id: profile.workspace_id,
                user_id: None,
                action: "alert",
                object_kind: "inbound",
                object_id: Some(profile.id),
                detail: remote_id,
            };
            activity::record(self.db, entry, now).await?;
        }
        if !alerts.is_empty() {
            self.alert_leads(profile, alerts.len(), now).await?;
        }
        Ok((
            stored.len(),
            Before {
                stored: page_ids,
                threads,
            },
        ))
    }
}

impl Ingester<'_> {
    /// A rule said "alert": the workspace's Admins and Managers are told in the app, with a link to the inbox.
    async fn alert_leads(
        &self,
        profile: &Profile,
        count: usize,
        now: Millis,
    ) -> Result<(), JobError> {
        let message = format!(
            "{count} new message(s) to @{} matched an alert rule.",
            profile.handle
        );
        for user in sangam_store::users::list_active(self.db, profile.workspace_id).await? {
            if matches!(
                user.role,
                sangam_domain::Role::Admin | sangam_domain::Role::Manager
            ) {
                sangam_store::notifications::notify(
                    self.db,
                    profile.workspace_id,
                    user.id,
                    "inbox_alert",
                    &message,
                    "/inbox",
                    now,
                )
                .await?;
            }
        }
        Ok(())
    }
}

/// A page fetched ahead of the one being stored: its messages, its analysis under way, and its look-up (with what the
/// page before it stored added).
struct Ahead {
    page: InboundPage,
    analysing: Analysing,
    lookup: inbox::PageLookup,
}

/// What a stored page leaves for the next one's look-up, which may have been read before it was committed: its remote
/// ids (every one is stored once it is committed, now or before) and the conversation of each of its messages.
#[derive(Default)]
struct Before {
    stored: std::collections::HashSet<String>,
    threads: HashMap<String, String>,
}

impl Before {
    fn added_to(self, mut lookup: inbox::PageLookup) -> inbox::PageLookup {
        lookup.known.extend(self.stored);
        for (remote_id, conversation) in self.threads {
            lookup.threads.entry(remote_id).or_insert(conversation);
        }
        lookup
    }
}

/// A page's analysis under way on the blocking pool.
struct Analysing(JoinHandle<Vec<Analysis>>);

impl Analysing {
    async fn finish(self) -> Result<Vec<Analysis>, JobError> {
        match self.0.await {
            Ok(analyses) => Ok(analyses),
            // A panic while analysing is raised here, as if the page had been analysed on this task.
            Err(e) if e.is_panic() => std::panic::resume_unwind(e.into_panic()),
            Err(e) => Err(JobError::Retry {
                reason: format!("the text analysis was stopped: {e}"),
                after_ms: 1_000,
            }),
        }
    }
}

/// Hands out assignments for one page: abusive messages to opted-in people in rotation, within each person's daily
/// exposure budget (openings today, plus what they were handed before and have not opened, plus what this page gave
/// them); rule rotations among the team.
struct Router<'a> {
    db: &'a Db,
    workspace_id: i64,
    people: Option<Vec<Person>>,
    budget: i64,
    last_shield: Option<i64>,
    handed: Vec<(i64, i64)>,
    taken: HashMap<i64, i64>,
    team_turn: usize,
    moved: bool,
}

impl<'a> Router<'a> {
    fn new(db: &'a Db, workspace_id: i64) -> Self {
        Router {
            db,
            workspace_id,
            people: None,
            budget: 0,
            last_shield: None,
            handed: Vec::new(),
            taken: HashMap::new(),
            team_turn: 0,
            moved: false,
        }
    }

    async fn people(&mut self) -> Result<&[Person], StoreError> {
        if self.people.is_none() {
            self.people = Some(inbox::people(self.db, self.workspace_id).await?);
            self.budget = inbox::settings(self.db, self.workspace_id)
                .await?
                .exposure_budget;
            self.last_shield = inbox::last_shield_user(self.db, self.workspace_id).await?;
        }
        Ok(self.people.as_deref().unwrap_or_default())
    }

    /// The next opted-in person, after the last one served, whose exposure today is under the budget; `None` when
    /// everyone is at their budget (the message waits, unassigned and blurred).
    async fn next_shield_person(&mut self) -> Result<Option<i64>, StoreError> {
        let opted: Vec<Person> = self
            .people()
            .await?
            .iter()
            .filter(|p| p.shield_opt_in)
            .cloned()
            .collect();
        if opted.is_empty() {
            return Ok(None);
        }
        let start = self
            .last_shield
            .and_then(|last| opted.iter().position(|p| p.user_id == last))
            .map(|i| i + 1)
            .unwrap_or(0);
        let now = now_millis();
        for k in 0..opted.len() {
            let p = &opted[(start + k) % opted.len()];
            let taken = self.taken(p, now).await?;
            let handed = self
                .handed
                .iter()
                .find(|(u, _)| *u == p.user_id)
                .map(|(_, n)| *n)
                .unwrap_or(0);
            if taken + handed < self.budget {
                self.last_shield = Some(p.user_id);
                self.moved = true;
                match self.handed.iter_mut().find(|(u, _)| *u == p.user_id) {
                    Some((_, n)) => *n += 1,
                    None => self.handed.push((p.user_id, 1)),
                }
                return Ok(Some(p.user_id));
            }
        }
        Ok(None)
    }

    /// Today's exposure, and what this person was handed before and will open: the room left is the rest. Read once
    /// per person per page (this page's own hand-outs are counted in `handed`), not once per abusive message.
    async fn taken(&mut self, p: &Person, now: Millis) -> Result<i64, StoreError> {
        if let Some(n) = self.taken.get(&p.user_id) {
            return Ok(*n);
        }
        let n = inbox::exposure_today(self.db, p.user_id, &p.time_zone, now).await?
            + inbox::shielded_waiting_for(self.db, p.user_id).await?;
        self.taken.insert(p.user_id, n);
        Ok(n)
    }

    async fn next_team_member(&mut self) -> Result<Option<i64>, StoreError> {
        let turn = self.team_turn;
        let people = self.people().await?;
        if people.is_empty() {
            return Ok(None);
        }
        let id = people[turn % people.len()].user_id;
        self.team_turn += 1;
        Ok(Some(id))
    }

    /// A new page: the rule rotation starts again from the first person, as it does for every page. What was handed
    /// out before in the run still counts against each person's budget (their exposure was read before it).
    fn next_page(&mut self) {
        self.team_turn = 0;
        self.moved = false;
    }

    /// Where the shield rotation stopped on this page, to be stored with it; `None` when it did not move.
    fn stopped_at(&self) -> Option<i64> {
        self.last_shield.filter(|_| self.moved)
    }
}
