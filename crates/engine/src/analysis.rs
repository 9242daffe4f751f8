//! The one text analyser of a running Sangam, shared by the ingester and the web: built on first use (the lexicons
//! and model take a moment to load), and taught by people's "abusive / not abusive" corrections, which are stored and
//! replayed so a restart keeps what it learned.

use sangam_store::{Db, inbox};
use sangam_text::{Analysis, Analyzer};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

/// Fewest texts worth a thread of their own in [`TextModel::analyze_all`].
const MIN_TEXTS_PER_THREAD: usize = 8;

#[derive(Clone, Default)]
pub struct TextModel {
    analyzer: Arc<OnceLock<RwLock<Analyzer>>>,
    /// The last correction the model has learned.
    learned_up_to: Arc<Mutex<i64>>,
}

impl std::fmt::Debug for TextModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TextModel")
    }
}

impl TextModel {
    fn cell(&self) -> &RwLock<Analyzer> {
        self.analyzer
            .get_or_init(|| RwLock::new(Analyzer::shipped()))
    }

    pub fn analyze(&self, text: &str) -> Analysis {
        // A poisoned lock means a panic while learning; the analyser itself is still readable.
        let guard = self.cell().read().unwrap_or_else(|e| e.into_inner());
        guard.analyze(text)
    }

    /// Analyses many texts under one lock, spread over the machine's cores: a page of 50 is split in as many runs as
    /// there are cores (one thread each, joined before returning), so a burst is not analysed on one core while the
    /// others wait. Results are in the texts' order.
    pub fn analyze_all<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<Analysis> {
        let texts: Vec<&str> = texts.into_iter().collect();
        let guard = self.cell().read().unwrap_or_else(|e| e.into_inner());
        let analyzer: &Analyzer = &guard;
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        // Below a few texts per core a thread costs more than it saves.
        let runs = cores.min(texts.len() / MIN_TEXTS_PER_THREAD).max(1);
        if runs == 1 {
            return texts.iter().map(|t| analyzer.analyze(t)).collect();
        }
        let per_run = texts.len().div_ceil(runs);
        std::thread::scope(|scope| {
            let handles: Vec<_> = texts
                .chunks(per_run)
                .map(|run| {
                    scope.spawn(move || -> Vec<Analysis> {
                        run.iter().map(|t| analyzer.analyze(t)).collect()
                    })
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

    fn learn(&self, text: &str, abusive: bool) {
        let mut guard = self.cell().write().unwrap_or_else(|e| e.into_inner());
        if let Some(model) = guard.model_mut() {
            model.learn_one(text, abusive);
        }
    }

    /// Learns every stored correction not learned yet. Cheap when there is none.
    pub async fn catch_up(&self, db: &Db) -> Result<usize, sangam_store::StoreError> {
        let after = *self.learned_up_to.lock().unwrap_or_else(|e| e.into_inner());
        let corrections = inbox::corrections_after(db, after).await?;
        let mut last = self.learned_up_to.lock().unwrap_or_else(|e| e.into_inner());
        let mut learned = 0;
        for (id, text, abusive) in corrections {
            if id > *last {
                self.learn(&text, abusive);
                *last = id;
                learned += 1;
            }
        }
        Ok(learned)
    }
}
