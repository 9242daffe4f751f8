//! One runner over the lease table. Each tick it plans recurring work (keyed by period, so every process may plan it
//! and only one row results), claims due jobs, and runs them concurrently up to a limit.

use crate::analysis::TextModel;
use crate::collector::Collector;
use crate::ingester::Ingester;
use crate::jobs::{self as planned, JobKind, Work};
use crate::publisher::{Next, Publisher};
use crate::{EngineMetrics, JobError, Networks, sweeper};
use sangam_domain::{Millis, now_millis};
use sangam_store::Db;
use sangam_store::jobs::{self, Job};
use sangam_store::posts::{self, ToPublish};
use sangam_store::secrets::SecretBox;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinSet;
use tracing::Instrument;

#[derive(Debug, Clone)]
pub struct EngineConfig {
    /// Names this process in leases, so a job's holder can be traced.
    pub worker_id: String,
    /// How long a claimed job is ours before another process may take it.
    pub lease_ms: i64,
    /// Jobs run at once by this process.
    pub concurrency: usize,
    /// Publish jobs one network may run at once (`crate::lanes`); `None`: half of `concurrency`.
    pub lane_size: Option<usize>,
    /// How often an idle runner looks for due work.
    pub idle_poll_ms: u64,
    pub collect_every_ms: i64,
    /// How often the audience is collected (`crate::audience`); 0 turns it off (tests that collect by hand).
    pub audience_every_ms: i64,
    pub sweep_every_ms: i64,
    /// How often every profile's inbound messages are fetched; 0 turns it off (tests that ingest by hand, on a clock
    /// of their own).
    pub ingest_every_ms: i64,
    /// How often the care check runs (daily; alerts are sent once per person, figure and day whatever this is).
    pub care_every_ms: i64,
    /// How outgoing webhooks are sent.
    pub webhooks: crate::webhooks::WebhookPolicy,
    /// How often the listening topics are searched; 0 turns it off (tests that listen by hand, on a clock of their
    /// own).
    pub listen_every_ms: i64,
    /// Where links in listening alerts by e-mail point (`public_url`); empty for relative links.
    pub public_url: String,
    /// The Bluesky AppView listening searches (`app.bsky.feed.searchPosts`) and the Mastodon instance whose hashtag
    /// timelines and search it reads.
    pub listen_bluesky_appview: String,
    pub listen_mastodon_instance: String,
}

impl Default for EngineConfig {
    fn default() -> Self {
        EngineConfig {
            worker_id: format!("{}-{}", hostname(), std::process::id()),
            lease_ms: 60_000,
            concurrency: 16,
            lane_size: None,
            idle_poll_ms: 100,
            collect_every_ms: 15 * 60_000,
            audience_every_ms: 15 * 60_000,
            sweep_every_ms: 60_000,
            ingest_every_ms: 60_000,
            care_every_ms: 24 * 3_600_000,
            webhooks: Default::default(),
            listen_every_ms: 5 * 60_000,
            public_url: String::new(),
            listen_bluesky_appview: "https://public.api.bsky.app".to_string(),
            listen_mastodon_instance: "https://mastodon.social".to_string(),
        }
    }
}

fn hostname() -> String {
    std::env::var("HOSTNAME").unwrap_or_else(|_| "sangam".to_string())
}

#[derive(Clone)]
pub struct Engine {
    inner: Arc<Inner>,
}

struct Inner {
    /// Outgoing e-mail, when configured: care alerts and the weekly digest also go out by mail.
    mailer: Option<crate::mail::Mailer>,
    db: Db,
    secrets: SecretBox,
    networks: Networks,
    config: EngineConfig,
    metrics: EngineMetrics,
    text: TextModel,
    /// Publish jobs in flight per network (`crate::lanes`).
    lanes: crate::lanes::Lanes,
    /// Jobs that ended `Done` and are still to be marked so: the runner marks them in one statement per turn, not
    /// one per job (a job left unmarked by a crash runs again, finds its work done, and ends).
    finished: std::sync::Mutex<Vec<i64>>,
    /// `None` when the HTTP client could not be set up (logged at start); webhook jobs then retry.
    webhooks: Option<crate::webhooks::Sender>,
    /// The networks' searches the listening topics run on (see [`Engine::with_listeners`]).
    listeners: sangam_networks::listen::Listeners,
    /// Reads competitors' public profiles (see [`Engine::with_public_readers`]).
    public: sangam_networks::public::PublicReaders,
}

impl Engine {
    pub fn new(
        db: Db,
        secrets: SecretBox,
        networks: Networks,
        config: EngineConfig,
        metrics: EngineMetrics,
    ) -> Self {
        let webhooks = crate::webhooks::Sender::new(config.webhooks.clone())
            .inspect_err(|e| tracing::error!(error = %e, "webhooks cannot be sent"))
            .ok();
        Engine {
            inner: Arc::new(Inner {
                webhooks,
                db,
                secrets,
                networks,
                lanes: crate::lanes::Lanes::new(config.concurrency, config.lane_size),
                finished: std::sync::Mutex::new(Vec::new()),
                config,
                metrics,
                text: TextModel::default(),
                mailer: None,
                listeners: Default::default(),
                public: Default::default(),
            }),
        }
    }

    /// Sends care alerts and the weekly digest by e-mail too. Call before [`Engine::run`].
    pub fn with_mailer(mut self, mailer: crate::mail::Mailer) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.mailer = Some(mailer),
            None => {
                tracing::warn!("the mailer was set after the engine was shared; e-mail stays off")
            }
        }
        self
    }

    /// Reads competitors through `readers` (the same ones the web looks accounts up with). Call before
    /// [`Engine::run`].
    pub fn with_public_readers(mut self, readers: sangam_networks::public::PublicReaders) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.public = readers,
            None => tracing::warn!(
                "public readers were set after the engine was shared; competitors stay unread"
            ),
        }
        self
    }

    /// Runs the listening topics on `listeners`. Call before [`Engine::run`].
    pub fn with_listeners(mut self, listeners: sangam_networks::listen::Listeners) -> Self {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.listeners = listeners,
            None => tracing::warn!(
                "listeners were set after the engine was shared; listening stays off"
            ),
        }
        self
    }

    /// The engine's text analyser, to share with the web (rule tests, corrections).
    pub fn text_model(&self) -> TextModel {
        self.inner.text.clone()
    }

    /// Runs until `shutdown` turns true, then waits for the jobs in hand to finish.
    pub async fn run(self, mut shutdown: watch::Receiver<bool>) {
        let mut running = JoinSet::new();
        let mut planned_until: Millis = 0;
        let mut last_claim = std::time::Instant::now();
        loop {
            if *shutdown.borrow() {
                break;
            }
            let now = now_millis();
            if now >= planned_until {
                if let Err(e) = self.plan_recurring(now).await {
                    tracing::warn!(error = %e, "planning recurring work failed");
                }
                planned_until = now + 10_000;
            }
            while running.try_join_next().is_some() {}
            self.mark_finished().await;
            let room = self.room(running.len(), last_claim.elapsed());
            let claimed = if room > 0 {
                last_claim = std::time::Instant::now();
                self.claim(room).await
            } else {
                Vec::new()
            };
            let idle = claimed.is_empty();
            let mut reads = self.read_publishing(&claimed).await;
            for job in claimed {
                let engine = self.clone();
                let read = reads.remove(&job.id);
                running.spawn(async move { engine.run_job(job, read).await });
            }
            if idle {
                let nap = self.nap(room > 0).await;
                tokio::select! {
                    _ = tokio::time::sleep(nap) => {}
                    _ = shutdown.changed() => {}
                    Some(_) = running.join_next(), if !running.is_empty() => {}
                }
            }
        }
        while running.join_next().await.is_some() {}
        self.mark_finished().await;
    }

    /// How many jobs to claim now, with `running` in hand. Under load the runner waits until half its slots are free
    /// and claims them together: a claim and the batch's reads per job ending would cost as much as the job's own
    /// writes. An idle runner claims at once, so a job that comes due alone starts without waiting; and one whose
    /// slots are held by long jobs still claims into what is free once per idle poll.
    fn room(&self, running: usize, since_claim: Duration) -> usize {
        let c = &self.inner.config;
        let room = c.concurrency.saturating_sub(running);
        if running == 0
            || room >= (c.concurrency / 2).max(1)
            || since_claim >= Duration::from_millis(c.idle_poll_ms)
        {
            room
        } else {
            0
        }
    }

    /// How long an idle runner sleeps: until the next job comes due, but never longer than the idle poll (which also
    /// finds jobs added meanwhile and leases that lapsed). Looking costs a read, where claiming would take the write
    /// lock on every tick.
    async fn nap(&self, has_room: bool) -> Duration {
        let poll = Duration::from_millis(self.inner.config.idle_poll_ms);
        if !has_room {
            // Full: a job ending wakes the runner.
            return poll;
        }
        match jobs::next_due(&self.inner.db).await {
            Ok(Some(at)) => {
                let wait = u64::try_from(at - now_millis()).unwrap_or(0);
                Duration::from_millis(wait.max(2)).min(poll)
            }
            Ok(None) => poll,
            Err(e) => {
                tracing::warn!(error = %e, "looking for the next due job failed");
                poll
            }
        }
    }

    /// Marks the jobs that ended since the last turn done, in one statement.
    async fn mark_finished(&self) {
        let ids = std::mem::take(
            &mut *self
                .inner
                .finished
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        if ids.is_empty() {
            return;
        }
        let i = &self.inner;
        if let Err(e) = jobs::complete_many(&i.db, &ids, &i.config.worker_id, now_millis()).await {
            tracing::warn!(error = %e, "recording finished jobs failed; their leases will expire and they will run again");
        }
    }

    /// What the publisher needs about the claimed publish jobs' deliveries, read for all of them at once, by job id.
    /// A delivery missing here (or a failed read) is read again by its job.
    async fn read_publishing(&self, claimed: &[Job]) -> HashMap<i64, ToPublish> {
        let publishing: Vec<(i64, i64)> = claimed
            .iter()
            .filter_map(|job| match Work::read(&job.kind, &job.payload) {
                Ok(Work::Publish { delivery_id }) => Some((job.id, delivery_id)),
                _ => None,
            })
            .collect();
        if publishing.is_empty() {
            return HashMap::new();
        }
        let ids: Vec<i64> = publishing.iter().map(|(_, d)| *d).collect();
        let mut read: HashMap<i64, ToPublish> = match posts::to_publish(&self.inner.db, &ids).await
        {
            Ok(found) => found.into_iter().map(|r| (r.delivery.id, r)).collect(),
            Err(e) => {
                tracing::warn!(error = %e, "reading the claimed deliveries failed");
                return HashMap::new();
            }
        };
        publishing
            .into_iter()
            .filter_map(|(job, delivery)| read.remove(&delivery).map(|r| (job, r)))
            .collect()
    }

    async fn claim(&self, room: usize) -> Vec<Job> {
        let c = &self.inner.config;
        match jobs::claim(
            &self.inner.db,
            &c.worker_id,
            now_millis(),
            c.lease_ms,
            room as i64,
        )
        .await
        {
            Ok(jobs) => jobs,
            Err(e) => {
                tracing::warn!(error = %e, "claiming jobs failed");
                Vec::new()
            }
        }
    }

    /// Enqueues this period's collection and sweep. Every process does this; the unique keys keep one row each.
    pub async fn plan_recurring(&self, now: Millis) -> Result<(), JobError> {
        let c = &self.inner.config;
        let mut recurring = vec![
            (JobKind::CollectMetrics, c.collect_every_ms),
            (JobKind::Sweep, c.sweep_every_ms),
            (JobKind::CareAlerts, c.care_every_ms),
            (JobKind::DraftReviews, crate::review::DRAFT_EVERY_MS),
            // Competitors are read with the metrics, so tests that collect often see them as often.
            (JobKind::RefreshCompetitors, c.collect_every_ms),
            (JobKind::RefreshTokens, crate::token_refresh::EVERY_MS),
        ];
        if c.ingest_every_ms > 0 {
            recurring.push((JobKind::IngestInbound, c.ingest_every_ms));
        }
        if c.audience_every_ms > 0 {
            recurring.push((JobKind::CollectAudience, c.audience_every_ms));
        }
        if c.listen_every_ms > 0 {
            recurring.push((JobKind::Listen, c.listen_every_ms));
        }
        if self.inner.mailer.is_some() {
            // Weekly, keyed by the week's end, so several processes plan one digest between them.
            recurring.push((JobKind::WeeklyDigest, crate::digest::WEEK_MS));
        }
        for (kind, every) in recurring {
            planned::enqueue(&self.inner.db, &planned::recurring(kind, every, now), now).await?;
        }
        Ok(())
    }

    async fn run_job(&self, job: Job, read: Option<ToPublish>) {
        let i = &self.inner;
        let worker = &i.config.worker_id;
        let span =
            tracing::info_span!("job", id = job.id, kind = %job.kind, attempt = job.attempts);
        let outcome = self.dispatch(&job, read).instrument(span).await;
        let now = now_millis();
        let result = match outcome {
            Ok(Next::Done) => {
                i.metrics.count(&job.kind, "done");
                i.finished
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .push(job.id);
                Ok(())
            }
            Ok(Next::Postpone { at, note }) => {
                i.metrics.count(&job.kind, "postponed");
                jobs::postpone(&i.db, job.id, worker, at, &note).await
            }
            Ok(Next::Retry { reason, after_ms }) | Err(JobError::Retry { reason, after_ms }) => {
                i.metrics.count(&job.kind, "retry");
                jobs::fail(&i.db, &job, worker, &reason, Some(now + after_ms), now).await
            }
            Err(e) => {
                i.metrics.count(&job.kind, "failed");
                tracing::warn!(error = %e, "job failed");
                jobs::fail(&i.db, &job, worker, &e.to_string(), Some(now + 30_000), now).await
            }
        };
        if let Err(e) = result {
            tracing::warn!(error = %e, "recording a job's outcome failed; its lease will expire and it will run again");
        }
    }

    async fn dispatch(&self, job: &Job, read: Option<ToPublish>) -> Result<Next, JobError> {
        let i = &self.inner;
        let work = Work::read(&job.kind, &job.payload)
            .map_err(|unreadable| JobError::BadPayload(unreadable.to_string()))?;
        match work {
            Work::Publish { delivery_id } => {
                let publisher = Publisher {
                    db: &i.db,
                    secrets: &i.secrets,
                    networks: &i.networks,
                };
                // A seat in the delivery's network lane first, so a slow network cannot hold every slot.
                let network = match &read {
                    Some(r) => Some(r.delivery.network),
                    None => jobs::publish_lane(&i.db, delivery_id).await?,
                };
                let _seat = match network {
                    Some(network) => match i.lanes.wait_for(network).await {
                        Some(seat) => Some(seat),
                        None => {
                            return Ok(Next::Postpone {
                                at: now_millis() + crate::lanes::LANE_FULL_RETRY_MS,
                                note: format!("the {network} lane is full"),
                            });
                        }
                    },
                    // The delivery is gone: the publisher says so.
                    None => None,
                };
                let last_attempt = job.attempts >= job.max_attempts;
                match read {
                    Some(read) => publisher.step_read(read, last_attempt).await,
                    None => publisher.step(delivery_id, last_attempt).await,
                }
            }
            Work::MuteAuthor(request) => {
                crate::moderation::mute(&i.db, &i.secrets, &i.networks, &request).await?;
                Ok(Next::Done)
            }
            Work::Recurring { kind, period } => self.run_recurring(kind, period).await,
            Work::DeliverWebhook { delivery_id } => match &i.webhooks {
                Some(sender) => {
                    let last = job.attempts >= job.max_attempts;
                    sender.deliver(&i.db, &i.secrets, delivery_id, last).await
                }
                None => Err(JobError::Retry {
                    reason: "the webhook HTTP client is not set up".into(),
                    after_ms: 60_000,
                }),
            },
        }
    }

    async fn run_recurring(&self, kind: JobKind, period: Millis) -> Result<Next, JobError> {
        let i = &self.inner;
        match kind {
            JobKind::CollectMetrics => {
                let collector = Collector {
                    db: &i.db,
                    secrets: &i.secrets,
                    networks: &i.networks,
                };
                collector.collect_all(period).await?;
            }
            JobKind::Sweep => {
                let swept = sweeper::sweep(&i.db).await?;
                if swept != sweeper::Swept::default() {
                    tracing::info!(
                        enqueued = swept.enqueued,
                        unknown = swept.marked_unknown,
                        "swept"
                    );
                }
            }
            JobKind::IngestInbound => {
                let ingester = Ingester {
                    db: &i.db,
                    secrets: &i.secrets,
                    networks: &i.networks,
                    text: &i.text,
                };
                let done = ingester.ingest_all().await?;
                if done.stored > 0 {
                    tracing::info!(stored = done.stored, fetched = done.fetched, "ingested");
                }
            }
            JobKind::CareAlerts => {
                let sent = crate::care::check_all(&i.db, now_millis()).await?;
                if !sent.is_empty() {
                    tracing::info!(alerts = sent.len(), "care alerts sent");
                }
                if let Some(mailer) = &i.mailer {
                    for alert in &sent {
                        let subject = "Sangam care alert";
                        mailer
                            .send_to_people(&i.db, &alert.told, subject, &alert.message)
                            .await;
                    }
                }
            }
            JobKind::WeeklyDigest => {
                if let Some(mailer) = &i.mailer {
                    let sent = crate::digest::send_all(&i.db, mailer, period).await?;
                    tracing::info!(sent, "weekly digest sent");
                }
            }
            JobKind::Listen => {
                let listening = crate::listening::Listening {
                    db: &i.db,
                    listeners: &i.listeners,
                    text: &i.text,
                    mailer: i.mailer.as_ref(),
                    public_url: &i.config.public_url,
                };
                let heard = listening
                    .listen_all(i.config.listen_every_ms, now_millis())
                    .await?;
                if heard.stored > 0 || !heard.spikes.is_empty() {
                    tracing::info!(
                        topics = heard.topics,
                        stored = heard.stored,
                        spikes = heard.spikes.len(),
                        "listened"
                    );
                }
            }
            JobKind::DraftReviews => {
                let drafted =
                    crate::review::draft_all(&i.db, &i.config.worker_id, now_millis()).await?;
                if !drafted.is_empty() {
                    tracing::info!(reviews = drafted.len(), "weekly reviews drafted");
                }
                if let Some(mailer) = &i.mailer {
                    let sent = crate::review::mail_digests(&i.db, mailer, &drafted).await?;
                    tracing::info!(sent, "insights digests sent");
                }
            }
            JobKind::RefreshTokens => {
                let run =
                    crate::token_refresh::refresh_all(&i.db, &i.secrets, &i.networks, now_millis())
                        .await?;
                if run != crate::token_refresh::TokenRun::default() {
                    tracing::info!(
                        renewed = run.renewed,
                        warned = run.warned,
                        needs_reconnect = run.needs_reconnect,
                        failed = run.failed,
                        "app-network tokens checked"
                    );
                }
            }
            JobKind::CollectAudience => {
                let collector = crate::audience::AudienceCollector {
                    db: &i.db,
                    secrets: &i.secrets,
                    networks: &i.networks,
                    until: now_millis() + i.config.lease_ms / 2,
                };
                let done = collector.collect_all(now_millis()).await?;
                if done != crate::audience::Collected::default() {
                    tracing::info!(
                        engagements = done.engagements,
                        looked_up = done.looked_up,
                        follower_lists = done.follower_lists,
                        calls = done.calls,
                        "audience collected"
                    );
                }
            }
            JobKind::RefreshCompetitors => {
                let now = now_millis();
                let done = crate::competitors::refresh_all(
                    &i.db,
                    &i.public,
                    now,
                    now + i.config.lease_ms / 2,
                )
                .await?;
                if done != crate::competitors::Refreshed::default() {
                    tracing::info!(
                        competitors = done.competitors,
                        posts = done.posts,
                        failed = done.failed,
                        "competitors read"
                    );
                }
            }
            JobKind::Publish | JobKind::MuteAuthor | JobKind::DeliverWebhook => {
                return Err(JobError::BadPayload(format!(
                    "{} is not recurring work",
                    kind.as_str()
                )));
            }
        }
        Ok(Next::Done)
    }
}
