//! Each workspace's own sentiment model, taught by its people's "wrong sentiment?" corrections (never another
//! workspace's) and stored with how far it has learned (`sangam_store::sentiment_models`), so a restart carries on.
//! [`crate::TextModel`] holds one of these and applies a workspace's model to that workspace's new messages: the rules'
//! reading stands until the model has learned enough and is sure (`sangam_text::sentiment::learned`).

use sangam_domain::{Sentiment, now_millis};
use sangam_store::{Db, StoreError, sentiment_models};
use sangam_text::sentiment::SentimentLabel;
use sangam_text::sentiment::learned::SentimentModel;
use sangam_text::{Analysis, Analyzer};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, RwLock};

/// One workspace's model as this process holds it.
#[derive(Clone)]
struct Learned {
    model: Arc<SentimentModel>,
    learned_up_to: i64,
}

/// The workspaces' sentiment models.
#[derive(Clone, Default)]
pub struct TeamSentiment {
    workspaces: Arc<RwLock<HashMap<i64, Learned>>>,
    /// The last correction learned by any workspace here; `None` until the stored models are loaded.
    learned_up_to: Arc<Mutex<Option<i64>>>,
}

fn label_of(s: Sentiment) -> SentimentLabel {
    match s {
        Sentiment::Negative => SentimentLabel::Negative,
        Sentiment::Neutral => SentimentLabel::Neutral,
        Sentiment::Positive => SentimentLabel::Positive,
    }
}

impl TeamSentiment {
    /// The workspace's model, if it has learned anything (taken once per page, not per message).
    pub fn model_of(&self, workspace_id: i64) -> Option<Arc<SentimentModel>> {
        let guard = self.workspaces.read().unwrap_or_else(|e| e.into_inner());
        guard.get(&workspace_id).map(|l| l.model.clone())
    }

    /// Gives each analysis the workspace model's reading of its text (`texts` and `analyses` in the same order).
    pub fn apply(&self, workspace_id: i64, texts: &[&str], analyses: &mut [Analysis]) {
        let Some(model) = self.model_of(workspace_id) else {
            return;
        };
        for (text, a) in texts.iter().zip(analyses.iter_mut()) {
            a.sentiment = model.adjust(text, a.sentiment);
        }
    }

    /// Loads the stored models once, then learns every stored correction not learned yet, each in its own
    /// workspace's model (from the rules' reading of the corrected text), and stores the models that learned.
    pub async fn catch_up(&self, db: &Db, analyzer: &Analyzer) -> Result<usize, StoreError> {
        let loaded = *self.learned_up_to.lock().unwrap_or_else(|e| e.into_inner());
        let mut after = match loaded {
            Some(id) => id,
            None => self.load(db).await?,
        };
        let mut learned = 0;
        let mut changed: Vec<i64> = Vec::new();
        loop {
            let corrections = sentiment_models::corrections_after(db, after).await?;
            let Some(last) = corrections.last().map(|c| c.id) else {
                break;
            };
            {
                let mut guard = self.workspaces.write().unwrap_or_else(|e| e.into_inner());
                for c in corrections {
                    let ws = guard.entry(c.workspace_id).or_insert_with(|| Learned {
                        model: Arc::new(SentimentModel::default()),
                        learned_up_to: 0,
                    });
                    if c.id <= ws.learned_up_to {
                        continue;
                    }
                    let rule = analyzer.analyze(&c.text).sentiment;
                    Arc::make_mut(&mut ws.model).learn_one(&c.text, rule, label_of(c.label));
                    ws.learned_up_to = c.id;
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
                sentiment_models::save(
                    db,
                    workspace_id,
                    &ws.model.to_bytes(),
                    ws.learned_up_to,
                    ws.model.corrections() as i64,
                    now_millis(),
                )
                .await?;
            }
        }
        Ok(learned)
    }

    /// Reads every stored model; returns where learning resumes: from the first correction, each model skipping
    /// what it learned already.
    async fn load(&self, db: &Db) -> Result<i64, StoreError> {
        let rows = sentiment_models::all(db).await?;
        let mut guard = self.workspaces.write().unwrap_or_else(|e| e.into_inner());
        for row in rows {
            match SentimentModel::from_bytes(&row.model) {
                Ok(model) => {
                    guard.insert(
                        row.workspace_id,
                        Learned {
                            model: Arc::new(model),
                            learned_up_to: row.learned_up_to,
                        },
                    );
                }
                Err(e) => tracing::warn!(
                    workspace_id = row.workspace_id,
                    error = %e,
                    "a stored sentiment model could not be read; the workspace learns its corrections again"
                ),
            }
        }
        Ok(0)
    }
}
