//! The sections of `campaign.toml` as serde reads them (unknown keys are
//! errors), and checks that report the file and line of a bad value.

use super::config::Target;
use super::model::{Delivery, FcmTarget};
use super::schedule::{self, QuietHours, Schedule, SendMode};
use crate::error::{Error, Result};
use serde::Deserialize;
use std::path::PathBuf;
use toml::Spanned;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignSection {
    pub name: String,
    pub owner: Option<String>,
    pub platform: Option<Spanned<String>>,
    pub control_percent: Option<Spanned<f64>>,
    pub seed: Option<u64>,
    pub deep_link: Option<String>,
    pub web_link: Option<String>,
    pub image: Option<String>,
    pub discount: Option<String>,
    pub currency: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietToml {
    pub start: Spanned<String>,
    pub end: Spanned<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScheduleSection {
    pub mode: Option<Spanned<String>>,
    pub at: Option<Spanned<String>>,
    pub date: Option<Spanned<String>>,
    pub time: Option<Spanned<String>>,
    pub quiet_hours: Option<QuietToml>,
    pub cap_per_day: Option<u32>,
    pub cap_per_week: Option<u32>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentsSection {
    /// "auto" or a number.
    pub k: Option<Spanned<toml::Value>>,
    pub k_min: Option<usize>,
    pub k_max: Option<usize>,
    pub algo: Option<Spanned<String>>,
    pub seed: Option<u64>,
    /// "all", or a list of segment ids and names.
    pub target: Option<Spanned<toml::Value>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecommendSection {
    pub method: Option<Spanned<String>>,
    pub items_per_user: Option<usize>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopySection {
    pub tone: Option<Spanned<String>>,
    pub offer: Option<Spanned<String>>,
    pub candidates: Option<usize>,
    pub seed: Option<u64>,
    /// Optional GGUF model file or trained model folder for the copy generator.
    pub model: Option<PathBuf>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApprovalSection {
    /// "auto" (top critic-ranked variants) or "saved" (a saved campaign).
    pub policy: Option<Spanned<String>>,
    /// For "saved": a campaign id or name, or "last".
    pub from: Option<String>,
    /// For "auto": variants approved per segment.
    pub variants: Option<Spanned<usize>>,
    /// For "auto": A/B percentages, one per variant, adding up to 100.
    pub split: Option<Spanned<Vec<u32>>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportSection {
    pub formats: Option<Vec<Spanned<String>>>,
    pub onesignal_app_id: Option<String>,
    pub language: Option<String>,
    pub fcm_target: Option<Spanned<String>>,
    pub fcm_topic_prefix: Option<String>,
}

/// The file as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CampaignFile {
    pub campaign: CampaignSection,
    #[serde(default)]
    pub schedule: ScheduleSection,
    #[serde(default)]
    pub segments: SegmentsSection,
    #[serde(default)]
    pub recommend: RecommendSection,
    #[serde(default)]
    pub copy: CopySection,
    #[serde(default)]
    pub approval: ApprovalSection,
    #[serde(default)]
    pub export: ExportSection,
}

/// 1-based line of a byte offset.
pub fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub file: &'a str,
}

impl Ctx<'_> {
    pub fn err<T>(&self, span: std::ops::Range<usize>, msg: impl std::fmt::Display) -> Result<T> {
        Err(Error::Config {
            file: self.file.to_string(),
            message: format!("line {}: {msg}", line_of(self.text, span.start)),
        })
    }
    pub fn time<T>(
        &self,
        s: &Spanned<String>,
        key: &str,
        f: fn(&str) -> Result<T, String>,
    ) -> Result<T> {
        f(s.get_ref()).or_else(|e| self.err(s.span(), format!("{key}: {e}")))
    }
}

pub(crate) fn schedule_of(cx: &Ctx, s: &ScheduleSection) -> Result<Schedule> {
    let mut out = Schedule::default();
    if let Some(m) = &s.mode {
        out.mode = match m.get_ref().as_str() {
            "now" => SendMode::Now,
            "at" => SendMode::At,
            "local_time" | "local" => SendMode::LocalTime,
            other => {
                return cx.err(
                    m.span(),
                    format!("mode = \"{other}\": expected now, at or local_time"),
                )
            }
        };
    }
    if let Some(a) = &s.at {
        cx.time(a, "at", schedule::parse_at)?;
        out.at = Some(a.get_ref().clone());
    }
    if let Some(d) = &s.date {
        cx.time(d, "date", schedule::parse_date)?;
        out.date = Some(d.get_ref().clone());
    }
    if let Some(t) = &s.time {
        cx.time(t, "time", schedule::parse_hhmm)?;
        out.time = Some(t.get_ref().clone());
    }
    if let Some(q) = &s.quiet_hours {
        cx.time(&q.start, "quiet_hours start", schedule::parse_hhmm)?;
        cx.time(&q.end, "quiet_hours end", schedule::parse_hhmm)?;
        out.quiet_hours = Some(QuietHours {
            start: q.start.get_ref().clone(),
            end: q.end.get_ref().clone(),
        });
    }
    out.cap_per_day = s.cap_per_day.unwrap_or(out.cap_per_day);
    out.cap_per_week = s
        .cap_per_week
        .unwrap_or(out.cap_per_week.max(out.cap_per_day));
    if let Err(e) = out.resolve() {
        let span = s.mode.as_ref().map(|m| m.span()).unwrap_or(0..0);
        return cx.err(span, format!("[schedule] {e}"));
    }
    Ok(out)
}

pub(crate) fn delivery_of(cx: &Ctx, e: &ExportSection) -> Result<Delivery> {
    let mut d = Delivery::default();
    if let Some(a) = &e.onesignal_app_id {
        d.onesignal_app_id = a.clone();
    }
    if let Some(l) = &e.language {
        d.language = l.clone();
    }
    if let Some(p) = &e.fcm_topic_prefix {
        d.fcm_topic_prefix = p.clone();
    }
    if let Some(t) = &e.fcm_target {
        d.fcm_target = match t.get_ref().as_str() {
            "token" => FcmTarget::Token,
            "topic" => FcmTarget::Topic,
            other => {
                return cx.err(
                    t.span(),
                    format!("fcm_target = \"{other}\": expected token or topic"),
                )
            }
        };
    }
    Ok(d)
}

pub(crate) fn targets_of(
    cx: &Ctx,
    t: Option<&Spanned<toml::Value>>,
) -> Result<Option<Vec<Target>>> {
    let Some(t) = t else { return Ok(None) };
    let bad = || {
        cx.err(
            t.span(),
            "target: expected \"all\" or a list of segment ids and names",
        )
    };
    match t.get_ref() {
        toml::Value::String(s) if s == "all" => Ok(None),
        toml::Value::Array(a) if !a.is_empty() => {
            let mut out = Vec::new();
            for v in a {
                out.push(match v {
                    toml::Value::Integer(n) if *n >= 0 => Target::Id(*n as usize),
                    toml::Value::String(s) => Target::Name(s.clone()),
                    _ => return bad(),
                });
            }
            Ok(Some(out))
        }
        _ => bad(),
    }
}
