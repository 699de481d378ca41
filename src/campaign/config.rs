//! `campaign.toml` for the headless pipeline (see
//! `assets/campaign.example.toml`). Unknown keys, A/B splits that do not add
//! up to 100, bad times and other mistakes are reported with the file and line.

use super::model::{Campaign, Platform};
use super::toml_file::{delivery_of, schedule_of, targets_of, ApprovalSection, CampaignFile, Ctx};
use super::Format;
use crate::error::{Error, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

pub use super::toml_file::line_of;

/// How to approve variants in a headless run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum Approval {
    /// The top `variants` critic-ranked variants per segment, split `split`.
    Auto { variants: usize, split: Vec<u32> },
    /// Approvals of a saved campaign (id, name or "last").
    Saved { from: String },
}

/// A target segment: by id or by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Target {
    Id(usize),
    Name(String),
}

/// The checked pipeline configuration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PipelineConfig {
    pub file: String,
    /// The campaign's settings (no segments yet).
    pub campaign: Campaign,
    /// None = auto.
    pub k: Option<usize>,
    pub k_range: (usize, usize),
    pub algo: String,
    pub segment_seed: u64,
    /// None = every segment.
    pub targets: Option<Vec<Target>>,
    pub method: String,
    pub items_per_user: usize,
    pub tone: Option<String>,
    /// discount | back_in_stock | new_arrival | cart_reminder | replenishment
    pub offer: Option<String>,
    pub candidates: usize,
    pub copy_seed: u64,
    pub copy_model: Option<PathBuf>,
    pub approval: Approval,
    pub formats: Vec<Format>,
}

impl PipelineConfig {
    pub fn load(path: &Path) -> Result<PipelineConfig> {
        let text = std::fs::read_to_string(path).map_err(|e| Error::io(path, e))?;
        Self::parse(&text, &path.display().to_string())
    }

    /// Parses and checks; `file` names the file in messages.
    pub fn parse(text: &str, file: &str) -> Result<PipelineConfig> {
        let cx = Ctx { text, file };
        let f: CampaignFile = toml::from_str(text).map_err(|e| Error::Config {
            file: file.to_string(),
            message: match e.span() {
                Some(s) => format!("line {}: {}", line_of(text, s.start), e.message().trim()),
                None => e.message().trim().to_string(),
            },
        })?;
        let cs = &f.campaign;
        if cs.name.trim().is_empty() {
            return cx.err(0..0, "[campaign] name is empty");
        }
        let mut c = Campaign::new(cs.name.trim(), cs.owner.clone());
        if let Some(p) = &cs.platform {
            c.platform = Platform::parse(p.get_ref()).map_or_else(
                || {
                    cx.err(
                        p.span(),
                        format!(
                            "platform = \"{}\": expected ios, android, web or all",
                            p.get_ref()
                        ),
                    )
                },
                Ok,
            )?;
        }
        if let Some(cp) = &cs.control_percent {
            let v = *cp.get_ref();
            if !(0.0..100.0).contains(&v) {
                return cx.err(
                    cp.span(),
                    format!("control_percent = {v}: must be at least 0 and below 100"),
                );
            }
            c.control_percent = v;
        }
        if let Some(s) = cs.seed {
            c.seed = s;
        }
        if let Some(d) = &cs.deep_link {
            c.deep_link = d.clone();
        }
        c.web_link = cs.web_link.clone();
        c.image = cs.image.clone();
        c.discount = cs.discount.clone();
        if let Some(cur) = &cs.currency {
            c.currency = cur.clone();
        }
        c.schedule = schedule_of(&cx, &f.schedule)?;
        c.delivery = delivery_of(&cx, &f.export)?;
        let sg = &f.segments;
        let k = match &sg.k {
            None => None,
            Some(k) => match k.get_ref() {
                toml::Value::String(s) if s == "auto" => None,
                toml::Value::Integer(n) if (2..=50).contains(n) => Some(*n as usize),
                other => {
                    return cx.err(
                        k.span(),
                        format!("k = {other}: expected \"auto\" or a number from 2 to 50"),
                    )
                }
            },
        };
        let algo = sg
            .algo
            .as_ref()
            .map(|a| a.get_ref().to_ascii_lowercase())
            .unwrap_or_else(|| "kmeans".into());
        if !matches!(algo.as_str(), "kmeans" | "gmm" | "dbscan") {
            let span = sg.algo.as_ref().map(|a| a.span()).unwrap_or(0..0);
            return cx.err(
                span,
                format!("algo = \"{algo}\": expected kmeans, gmm or dbscan"),
            );
        }
        let targets = targets_of(&cx, sg.target.as_ref())?;
        let method = f.recommend.method.as_ref();
        if let Some(m) = method {
            if crate::recommend::Method::parse(m.get_ref()).is_none() {
                return cx.err(
                    m.span(),
                    format!("method = \"{}\": expected popularity, content, item_knn, als, ease or hybrid", m.get_ref()),
                );
            }
        }
        if let Some(t) = &f.copy.tone {
            if t.get_ref().parse::<crate::copy::Tone>().is_err() {
                return cx.err(
                    t.span(),
                    format!(
                        "tone = \"{}\": expected urgent, friendly, premium or playful",
                        t.get_ref()
                    ),
                );
            }
        }
        if let Some(o) = &f.copy.offer {
            if o.get_ref().parse::<crate::copy::Offer>().is_err() {
                return cx.err(
                    o.span(),
                    format!(
                        "offer = \"{}\": expected discount, back_in_stock, new_arrival, cart_reminder or replenishment",
                        o.get_ref()
                    ),
                );
            }
            if o.get_ref() == "discount"
                && f.campaign
                    .discount
                    .as_deref()
                    .and_then(super::render::percent)
                    .is_none()
            {
                return cx.err(
                    o.span(),
                    "offer = \"discount\" needs [campaign] discount = \"N%\"",
                );
            }
        }
        let approval = approval_of(&cx, &f.approval)?;
        let mut formats = Vec::new();
        for s in f.export.formats.iter().flatten() {
            match Format::parse(s.get_ref()) {
                Some(fm) => formats.push(fm),
                None => {
                    return cx.err(
                        s.span(),
                        format!(
                            "format \"{}\": expected csv, jsonl, onesignal or fcm",
                            s.get_ref()
                        ),
                    )
                }
            }
        }
        if formats.is_empty() {
            formats = Format::ALL.to_vec();
        }
        Ok(PipelineConfig {
            file: file.to_string(),
            campaign: c,
            k,
            k_range: (sg.k_min.unwrap_or(3), sg.k_max.unwrap_or(10)),
            algo,
            segment_seed: sg.seed.unwrap_or(42),
            targets,
            method: method
                .map(|m| m.get_ref().clone())
                .unwrap_or_else(|| "hybrid".into()),
            items_per_user: f.recommend.items_per_user.unwrap_or(3).clamp(1, 50),
            tone: f.copy.tone.as_ref().map(|t| t.get_ref().clone()),
            offer: f.copy.offer.as_ref().map(|o| o.get_ref().clone()),
            candidates: f.copy.candidates.unwrap_or(6).clamp(1, 50),
            copy_seed: f.copy.seed.unwrap_or(7),
            copy_model: f.copy.model.clone(),
            approval,
            formats,
        })
    }
}

fn approval_of(cx: &Ctx, a: &ApprovalSection) -> Result<Approval> {
    let policy = a
        .policy
        .as_ref()
        .map(|p| p.get_ref().as_str())
        .unwrap_or("auto");
    match policy {
        "auto" => {
            let variants = a.variants.as_ref().map(|v| *v.get_ref());
            let split = a.split.as_ref().map(|s| s.get_ref().clone());
            let n = variants.or(split.as_ref().map(Vec::len)).unwrap_or(1);
            if n == 0 || n > 26 {
                let span = a.variants.as_ref().map(|v| v.span()).unwrap_or(0..0);
                return cx.err(span, format!("variants = {n}: expected 1 to 26"));
            }
            let split = match (split, &a.split) {
                (Some(s), Some(sp)) => {
                    if s.len() != n {
                        return cx.err(
                            sp.span(),
                            format!("split has {} parts but {n} variants are approved", s.len()),
                        );
                    }
                    let sum: u32 = s.iter().sum();
                    if sum != 100 || s.contains(&0) {
                        let parts: Vec<String> = s.iter().map(|p| format!("{p}%")).collect();
                        return cx.err(
                            sp.span(),
                            format!("A/B split {} adds up to {sum}%; the parts must be positive and add up to 100%", parts.join(" + ")),
                        );
                    }
                    s
                }
                _ => even_split(n),
            };
            Ok(Approval::Auto { variants: n, split })
        }
        "saved" => Ok(Approval::Saved {
            from: a.from.clone().unwrap_or_else(|| "last".into()),
        }),
        other => {
            let span = a.policy.as_ref().map(|p| p.span()).unwrap_or(0..0);
            cx.err(
                span,
                format!("policy = \"{other}\": expected auto or saved"),
            )
        }
    }
}

/// 100% split evenly over n variants (the first ones take the remainder).
pub fn even_split(n: usize) -> Vec<u32> {
    let n = n.max(1) as u32;
    (0..n).map(|i| 100 / n + u32::from(i < 100 % n)).collect()
}

impl PipelineConfig {
    /// The settings a saved campaign was made with (from its provenance), to
    /// re-export it with the same segments, recommendations and approvals.
    pub fn for_saved(c: &Campaign) -> PipelineConfig {
        let seg = c.provenance.segmentation.clone().unwrap_or_default();
        let rec = c.provenance.recommender.clone().unwrap_or_default();
        let copy = c.provenance.copy.clone().unwrap_or_default();
        PipelineConfig {
            file: format!("saved campaign {}", c.id),
            campaign: c.clone(),
            k: (seg.k > 0).then_some(seg.k),
            k_range: (3, 10),
            algo: seg.algo,
            segment_seed: seg.seed,
            targets: Some(c.segments.iter().map(|s| Target::Id(s.id)).collect()),
            method: rec.method,
            items_per_user: rec.items_per_user,
            tone: None,
            offer: None,
            candidates: 6,
            copy_seed: copy.seed.unwrap_or(7),
            copy_model: None,
            approval: Approval::Saved { from: c.id.clone() },
            formats: Format::ALL.to_vec(),
        }
    }
}
