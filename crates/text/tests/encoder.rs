//! The Shield's second stage (the `encoder` feature with all-MiniLM-L6-v2 from `SANGAM_ENCODER_DIR`):
//! runs when the directory is set (`eval "$(scripts/install-encoder.sh)"`), is skipped with a note
//! otherwise, and fails when `SANGAM_REQUIRE_ENCODER=1` and it cannot run. The texts are our own.

/// Whether the environment insists the encoder test runs.
fn required() -> bool {
    std::env::var("SANGAM_REQUIRE_ENCODER").is_ok_and(|v| v == "1")
}

#[cfg(not(feature = "encoder"))]
#[test]
fn the_second_stage_is_built_when_required() {
    assert!(
        !required(),
        "SANGAM_REQUIRE_ENCODER=1 but this build has no `encoder` feature (cargo test -p sangam-text --features encoder)"
    );
    eprintln!("skipped: built without the `encoder` feature");
}

#[cfg(feature = "encoder")]
mod with_encoder {
    use super::required;
    use sangam_text::Analyzer;
    use sangam_text::encoder::{ENCODER_DIR_ENV, Encoder, SecondStage};
    use std::path::PathBuf;
    use std::sync::{Arc, OnceLock};

    /// The encoder directory, or `None` (with a note) when it is not set and not required.
    fn dir() -> Option<PathBuf> {
        match std::env::var_os(ENCODER_DIR_ENV).filter(|d| !d.is_empty()) {
            Some(d) => Some(PathBuf::from(d)),
            None => {
                assert!(
                    !required(),
                    "SANGAM_REQUIRE_ENCODER=1 but {ENCODER_DIR_ENV} is not set (eval \"$(scripts/install-encoder.sh)\")"
                );
                eprintln!("skipped: {ENCODER_DIR_ENV} is not set");
                None
            }
        }
    }

    /// Loaded once for all tests here (90 MB).
    fn stage() -> Option<Arc<SecondStage>> {
        static STAGE: OnceLock<Option<Arc<SecondStage>>> = OnceLock::new();
        STAGE
            .get_or_init(|| {
                let dir = dir()?;
                match SecondStage::load(&dir) {
                    Ok(s) => Some(Arc::new(s)),
                    Err(e) => panic!("{ENCODER_DIR_ENV}={} does not load: {e}", dir.display()),
                }
            })
            .clone()
    }

    fn cosine(a: &[f32], b: &[f32]) -> f32 {
        a.iter().zip(b).map(|(x, y)| x * y).sum()
    }

    #[test]
    fn embeddings_are_unit_vectors_and_near_for_near_meanings() {
        let Some(stage) = stage() else { return };
        let e: &Encoder = stage.encoder();
        let embed = |t: &str| e.embed(t).unwrap_or_else(|err| panic!("{err}"));
        let late = embed("My parcel still has not arrived after two weeks.");
        let late_too = embed("Two weeks on and the package is still not delivered.");
        let weather = embed("The mountains look beautiful in the snow this morning.");
        assert_eq!(late.len(), 384);
        let norm: f32 = cosine(&late, &late).sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
        assert!(
            cosine(&late, &late_too) > cosine(&late, &weather) + 0.3,
            "paraphrases {} vs unrelated {}",
            cosine(&late, &late_too),
            cosine(&late, &weather)
        );
    }

    #[test]
    fn the_second_stage_flags_an_insult_the_fast_path_is_unsure_about() {
        let Some(stage) = stage() else { return };
        let fast = Analyzer::shipped().with_second_stage(None);
        let both = Analyzer::shipped().with_second_stage(Some(stage.clone()));
        let text = "What a pathetic excuse for a human being you are.";
        let before = fast.analyze(text).abuse;
        let after = both.analyze(text).abuse;
        assert!(
            stage.is_unsure(before.score),
            "fast path score {}",
            before.score
        );
        assert!(
            !before.abusive,
            "fast path already flags it: {}",
            before.score
        );
        assert!(after.abusive, "second stage score {}", after.score);
    }

    #[test]
    fn the_second_stage_leaves_sure_and_hindi_texts_alone() {
        let Some(stage) = stage() else { return };
        let fast = Analyzer::shipped().with_second_stage(None);
        let both = Analyzer::shipped().with_second_stage(Some(stage));
        for text in [
            "Thank you so much, the refund arrived this morning!",
            "तुम बहुत बेकार इंसान हो",
            "Customer care koi reply hi nahi karta",
        ] {
            assert_eq!(fast.analyze(text), both.analyze(text), "{text}");
        }
    }
}
