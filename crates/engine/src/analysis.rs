//! The one text analyser of a running Sangam, shared by the ingester and the web: built on first use (the lexicons
//! and model take a moment to load). Each workspace has its own copy of the abuse model, taught by its people's
//! "abusive / not abusive" corrections (never another workspace's) and stored with how far it has learned
//! (`sangam_store::shield_models`), so a restart carries on; and its own threshold, from which a message counts as
//! abusive there. A workspace nobody has corrected yet uses the shipped model.

use sangam_domain::now_millis;
use sangam_store::{Db, shield_models};
use sangam_text::{Analysis, Analyzer, Model};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Fewest texts worth a thread of their own in [`TextModel::analyze_all`].
const MIN_TEXTS_PER_THREAD: usize = 8;

/// The shipped decision line.
const SHIPPED_THRESHOLD: f64 = 0.5;

/// One workspace's model and threshold as this process holds them.
#[derive(Clone)]
struct Workspace {
    /// `None`: the shipped model.
    model: Option<Model>,
    threshold: f64,
    learned_up_to: i64,
    corrections: i64,
    trained_rows: i64,
}

impl Workspace {
    fn from_row(row: shield_models::ShieldModel) -> Self {
        Workspace {
            model: row.model.and_then(|b| Model::from_bytes(&b).ok()),
            threshold: row.threshold,
            learned_up_to: row.learned_up_to,
            corrections: row.corrections,
            trained_rows: row.trained_rows,
        }
    }
}

impl Workspace {
    /// Stores the model with how far it has learned (nothing when it is the shipped one); returns its size.
    async fn save(&self, db: &Db, workspace_id: i64) -> Result<usize, sangam_store::StoreError> {
        let Some(model) = &self.model else {
            return Ok(0);
        };
        let bytes = model.to_bytes();
        shield_models::save_model(
            db,
            workspace_id,
            &bytes,
            self.learned_up_to,
            self.corrections,
            self.trained_rows,
            now_millis(),
        )
        .await?;
        Ok(bytes.len())
    }
}

#[derive(Clone, Default)]
pub struct TextModel {
    analyzer: Arc<OnceLock<Analyzer>>,
    workspaces: Arc<RwLock<HashMap<i64, Workspace>>>,
    /// The last correction learned by any workspace here; `None` until the stored models are loaded.
    learned_up_to: Arc<Mutex<Option<i64>>>,
    /// Each workspace's sentiment model, taught by its "wrong sentiment?" corrections.
    sentiment: crate::team_sentiment::TeamSentiment,
}

impl std::fmt::Debug for TextModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextModel")
    }
}

impl TextModel {
    fn analyzer(&self) -> &Analyzer {
        self.analyzer.get_or_init(Analyzer::shipped)
    }

    /// The shipped analysis (language, sentiment, abuse at the shipped line).
    pub fn analyze(&self, text: &str) -> Analysis {
        self.analyzer().analyze(text)
    }

    /// Analyses many texts with the shipped model ([`TextModel::analyze_all_for`] with no workspace of its own).
    pub fn analyze_all<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<Analysis> {
        let texts: Vec<&str> = texts.into_iter().collect();
        let analyzer = self.analyzer();
        Threads::Spread.run(&texts, &|t| analyzer.analyze(t))
    }

    /// Analyses many texts for a workspace: with its abuse model, at its threshold, and with its sentiment model.
    /// Spread over the cores (see [`Threads::Spread`]).
    pub fn analyze_all_for<'a>(
        &self,
        workspace_id: i64,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Analysis> {
        self.analyze_for(workspace_id, texts, Threads::Spread)
    }

    /// [`TextModel::analyze_all_for`] on the calling thread (see [`Threads::One`]): for a page of the ingester's,
    /// whose pipeline already analyses one page on one core while the page before it is stored on another.
    pub fn analyze_page_for<'a>(
        &self,
        workspace_id: i64,
        texts: impl IntoIterator<Item = &'a str>,
    ) -> Vec<Analysis> {
        self.analyze_for(workspace_id, texts, Threads::One)
    }

    fn analyze_for<'a>(
        &self,
        workspace_id: i64,
        texts: impl IntoIterator<Item = &'a str>,
        threads: Threads,
    ) -> Vec<Analysis> {
        let texts: Vec<&str> = texts.into_iter().collect();
        let mut analyses = self.analyze_abuse_for(workspace_id, &texts, threads);
        self.sentiment.apply(workspace_id, &texts, &mut analyses);
        analyses
    }

    fn analyze_abuse_for(
        &self,
        workspace_id: i64,
        texts: &[&str],
        threads: Threads,
    ) -> Vec<Analysis> {
        let analyzer = self.analyzer();
        // A poisoned lock means a panic while learning; the models themselves are still readable.
        let guard = self.workspaces.read().unwrap_or_else(|e| e.into_inner());
        let Some(ws) = guard.get(&workspace_id) else {
            return threads.run(texts, &|t| analyzer.analyze(t));
        };
        let model = ws.model.as_ref().or(analyzer.model());
        let threshold = ws.threshold;
        threads.run(texts, &|t| {
            let mut a = analyzer.analyze_with(t, model);
            if (threshold - SHIPPED_THRESHOLD).abs() > f64::EPSILON {
                a.abuse = a.abuse.at_threshold(threshold);
            }
            a
        })
    }

    /// Sets a workspace's threshold here (after the store has it), so the next analysis uses it.
    pub fn set_threshold(&self, workspace_id: i64, threshold: f64) {
        let mut guard = self.workspaces.write().unwrap_or_else(|e| e.into_inner());
        guard
            .entry(workspace_id)
            .or_insert_with(|| Workspace {
                model: None,
                threshold,
                learned_up_to: 0,
                corrections: 0,
                trained_rows: 0,
            })
            .threshold = threshold;
    }

    /// Loads the stored models once, then learns every stored correction not learned yet, each in its own
    /// workspace's model, and stores the models that learned. Cheap when there is none.
    pub async fn catch_up(&self, db: &Db) -> Result<usize, sangam_store::StoreError> {
        let sentiment = self.sentiment.catch_up(db, self.analyzer()).await?;
        Ok(sentiment + self.catch_up_abuse(db).await?)
    }

    async fn catch_up_abuse(&self, db: &Db) -> Result<usize, sangam_store::StoreError> {
        let loaded = *self.learned_up_to.lock().unwrap_or_else(|e| e.into_inner());
        let mut after = match loaded {
            Some(id) => {
                self.follow_stored(db).await?;
                id
            }
            None => {
                let rows = shield_models::all(db).await?;
                let mut guard = self.workspaces.write().unwrap_or_else(|e| e.into_inner());
                for row in rows {
                    guard.insert(row.workspace_id, Workspace::from_row(row));
                }
                0
            }
        };
        let mut learned = 0;
        let mut changed: Vec<i64> = Vec::new();
        loop {
            let corrections = shield_models::corrections_after(db, after).await?;
            let Some(last) = corrections.last().map(|c| c.id) else {
                break;
            };
            {
                let shipped = self.analyzer().model().cloned();
                let mut guard = self.workspaces.write().unwrap_or_else(|e| e.into_inner());
                for c in corrections {
                    let ws = guard.entry(c.workspace_id).or_insert_with(|| Workspace {
                        model: None,
                        threshold: SHIPPED_THRESHOLD,
                        learned_up_to: 0,
                        corrections: 0,
                        trained_rows: 0,
                    });
                    if c.id <= ws.learned_up_to {
                        continue;
                    }
                    if ws.model.is_none() {
                        ws.model.clone_from(&shipped);
                    }
                    if let Some(model) = ws.model.as_mut() {
                        model.learn_one(&c.text, c.abusive);
                    }
                    ws.learned_up_to = c.id;
                    ws.corrections += 1;
                    learned += 1;
                    if !changed.contains(&c.workspace_id) {
                        changed.push(c.workspace_id);
                    }
                }
            }
            after = last;
        }
        *self.learned_up_to.lock().unwrap_or_else(|e| e.into_inner()) = Some(after);
        for workspace_id in changed {
            let snapshot = {
                let guard = self.workspaces.read().unwrap_or_else(|e| e.into_inner());
                guard.get(&workspace_id).cloned()
            };
            if let Some(ws) = snapshot {
                ws.save(db, workspace_id).await?;
            }
        }
        Ok(learned)
    }
}

impl TextModel {
    /// Takes up what another process stored since the models were loaded: a model trained from a team's file
    /// (`sangam model train --workspace`, more trained rows than here) and a threshold set elsewhere.
    async fn follow_stored(&self, db: &Db) -> Result<(), sangam_store::StoreError> {
        let stamps = shield_models::stamps(db).await?;
        let mut stale = Vec::new();
        {
            let mut guard = self.workspaces.write().unwrap_or_else(|e| e.into_inner());
            for (workspace_id, trained_rows, threshold) in stamps {
                match guard.get_mut(&workspace_id) {
                    Some(ws) if ws.trained_rows >= trained_rows => ws.threshold = threshold,
                    _ => stale.push(workspace_id),
                }
            }
        }
        for workspace_id in stale {
            if let Some(row) = shield_models::get(db, workspace_id).await? {
                let mut guard = self.workspaces.write().unwrap_or_else(|e| e.into_inner());
                guard.insert(workspace_id, Workspace::from_row(row));
            }
        }
        Ok(())
    }

    /// Teaches a workspace's model a team's labelled rows, one by one as the inbox's corrections teach it
    /// (`Model::learn_one`), starting from its stored model (the shipped one if it has none), and stores it with the
    /// rows counted; `progress` is called after each row. Other workspaces' models are untouched.
    pub async fn train_workspace(
        &self,
        db: &Db,
        workspace_id: i64,
        rows: &[(String, bool)],
        progress: &(dyn Fn(usize) + Sync),
    ) -> Result<TrainedWorkspace, sangam_store::StoreError> {
        let stored = shield_models::get(db, workspace_id).await?;
        let (learned_up_to, corrections, trained_rows) = stored.as_ref().map_or((0, 0, 0), |r| {
            (r.learned_up_to, r.corrections, r.trained_rows)
        });
        let mut model = stored
            .and_then(|r| r.model)
            .and_then(|b| Model::from_bytes(&b).ok())
            .or_else(|| self.analyzer().model().cloned());
        let Some(model) = model.as_mut() else {
            return Ok(TrainedWorkspace::default());
        };
        for (i, (text, abusive)) in rows.iter().enumerate() {
            model.learn_one(text, *abusive);
            progress(i + 1);
        }
        let trained_rows = trained_rows + rows.len() as i64;
        let threshold = {
            let guard = self.workspaces.read().unwrap_or_else(|e| e.into_inner());
            guard
                .get(&workspace_id)
                .map_or(SHIPPED_THRESHOLD, |w| w.threshold)
        };
        let ws = Workspace {
            model: Some(model.clone()),
            threshold,
            learned_up_to,
            corrections,
            trained_rows,
        };
        let bytes = ws.save(db, workspace_id).await?;
        self.workspaces
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .insert(workspace_id, ws);
        Ok(TrainedWorkspace {
            rows: rows.len(),
            trained_rows,
            corrections,
            model_bytes: bytes,
        })
    }
}

/// What [`TextModel::train_workspace`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TrainedWorkspace {
    /// Rows learned now.
    pub rows: usize,
    /// Rows of labelled files the model has learned in all.
    pub trained_rows: i64,
    /// Inbox corrections it had learned before.
    pub corrections: i64,
    /// Size of the stored model.
    pub model_bytes: usize,
}

/// Where a batch of texts is analysed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Threads {
    /// Over the machine's cores, a thread each ([`spread`]): for a batch analysed while nothing else runs.
    Spread,
    /// On the calling thread: for a page analysed alongside other work that keeps the other cores busy. Starting
    /// threads for every page of 50 cost more than it saved there: measured with `sangam bench inbound` (20,000
    /// messages, 2 cores), the pipeline used 0.89 CPU s instead of 1.0-1.14 and stored 5-10% more messages a second.
    One,
}

impl Threads {
    fn run(self, texts: &[&str], analyze: &(dyn Fn(&str) -> Analysis + Sync)) -> Vec<Analysis> {
        match self {
            Threads::Spread => spread(texts, analyze),
            Threads::One => texts.iter().map(|t| analyze(t)).collect(),
        }
    }
}

/// `analyze` over `texts`, spread over the machine's cores: a page of 50 is split in as many runs as there are cores
/// (one thread each, joined before returning), so a burst is not analysed on one core while the others wait. Results
/// are in the texts' order.
fn spread(texts: &[&str], analyze: &(dyn Fn(&str) -> Analysis + Sync)) -> Vec<Analysis> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    // Below a few texts per core a thread costs more than it saves.
    let runs = cores.min(texts.len() / MIN_TEXTS_PER_THREAD).max(1);
    if runs == 1 {
        return texts.iter().map(|t| analyze(t)).collect();
    }
    let per_run = texts.len().div_ceil(runs);
    std::thread::scope(|scope| {
        let handles: Vec<_> = texts
            .chunks(per_run)
            .map(|run| {
                scope.spawn(move || -> Vec<Analysis> { run.iter().map(|t| analyze(t)).collect() })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                // A panic in a thread is re-raised here, as if the texts had been analysed on this one.
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}
