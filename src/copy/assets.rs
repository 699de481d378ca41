//! The trained copy model and critic: embedded in the binary from
//! assets/copy/, or read from a folder written by `pushbench copy train`.

use super::critic::CriticConfig;
use super::critic_train::CriticReport;
use super::model::LmConfig;
use super::tokenizer::Tokenizer;
use super::train::TrainReport;
use crate::error::{Error, Result};
use candle_core::{Device, Tensor};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;

static MODEL: &[u8] = include_bytes!("../../assets/copy/model.safetensors");
static CRITIC: &[u8] = include_bytes!("../../assets/copy/critic.safetensors");
static TOKENIZER: &str = include_str!("../../assets/copy/tokenizer.json");
static CARD: &str = include_str!("../../assets/copy/config.json");

pub const MODEL_FILE: &str = "model.safetensors";
pub const CRITIC_FILE: &str = "critic.safetensors";
pub const TOKENIZER_FILE: &str = "tokenizer.json";
pub const CARD_FILE: &str = "config.json";

/// What `config.json` records: sizes, and how the model was trained.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ModelCard {
    pub model_id: String,
    pub lm: LmConfig,
    pub critic: CriticConfig,
    pub corpus_lines: usize,
    /// FNV-1a hash of the corpus text the model was trained on.
    pub corpus_hash: String,
    pub train: Option<TrainReport>,
    pub critic_train: Option<CriticReport>,
}

/// Everything needed to run the copy model.
pub struct Bundle {
    pub card: ModelCard,
    pub tok: Tokenizer,
    pub lm: HashMap<String, Tensor>,
    pub critic: HashMap<String, Tensor>,
}

pub fn fnv1a(text: &str) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.as_bytes() {
        h ^= *b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

fn parse(card: &str, tok: &str, lm: &[u8], critic: &[u8], origin: &str) -> Result<Bundle> {
    if lm.is_empty() || card.trim().len() < 3 {
        return Err(Error::Other(format!(
            "the copy model in {origin} is not trained yet: run `pushbench copy train --out assets/copy`"
        )));
    }
    let card: ModelCard = serde_json::from_str(card)
        .map_err(|e| Error::Other(format!("{origin}/{CARD_FILE}: {e}")))?;
    let tok = Tokenizer::from_json(tok)?;
    if tok.vocab_size() != card.lm.vocab {
        return Err(Error::Other(format!(
            "{origin}: tokenizer has {} tokens but the model expects {}",
            tok.vocab_size(),
            card.lm.vocab
        )));
    }
    let dev = Device::Cpu;
    Ok(Bundle {
        lm: super::model::load_weights(lm, &dev)?,
        critic: super::model::load_weights(critic, &dev)?,
        card,
        tok,
    })
}

/// The model committed in assets/copy and embedded in the binary.
pub fn bundled() -> Result<Bundle> {
    parse(CARD, TOKENIZER, MODEL, CRITIC, "assets/copy")
}

/// A model folder written by `pushbench copy train`.
pub fn load_dir(dir: &Path) -> Result<Bundle> {
    let read = |f: &str| std::fs::read(dir.join(f)).map_err(|e| Error::io(dir.join(f), e));
    let text =
        |f: &str| std::fs::read_to_string(dir.join(f)).map_err(|e| Error::io(dir.join(f), e));
    parse(
        &text(CARD_FILE)?,
        &text(TOKENIZER_FILE)?,
        &read(MODEL_FILE)?,
        &read(CRITIC_FILE)?,
        &dir.display().to_string(),
    )
}

/// Writes a model folder (weights as f16).
pub fn write_dir(
    dir: &Path,
    card: &ModelCard,
    tok: &Tokenizer,
    lm: &HashMap<String, Tensor>,
    critic: &HashMap<String, Tensor>,
) -> Result<()> {
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    super::train::save_weights_f16(lm, &dir.join(MODEL_FILE))?;
    super::train::save_weights_f16(critic, &dir.join(CRITIC_FILE))?;
    let p = dir.join(TOKENIZER_FILE);
    crate::atomic::write(&p, tok.to_json().as_bytes())?;
    let json = serde_json::to_string_pretty(card).map_err(|e| Error::Other(e.to_string()))?;
    // The card last: a folder with a card is a complete model.
    crate::atomic::write(&dir.join(CARD_FILE), (json + "\n").as_bytes()).map(drop)
}
