//! The one text analyser of a running Sangam, shared by the ingester and the web: built on first use (the lexicons
//! and model take a moment to load), and taught by people's "abusive / not abusive" corrections, which are stored and
//! replayed so a restart keeps what it learned.

use sangam_store::{Db, inbox};
use sangam_text::{Analysis, Analyzer};
use std::sync::{Arc, Mutex, OnceLock, RwLock};

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

    /// Analyses many texts under one lock.
    pub fn analyze_all<'a>(&self, texts: impl IntoIterator<Item = &'a str>) -> Vec<Analysis> {
        let guard = self.cell().read().unwrap_or_else(|e| e.into_inner());
        texts.into_iter().map(|t| guard.analyze(t)).collect()
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
