//! `manifest.json`: enough to reproduce or audit an export: program version,
//! dataset fingerprint, configuration, segmentation / recommender / copy
//! settings, approver, time, files with their hashes, and counts.

use super::{ExportInputs, ExportReport, Format};
use crate::atomic::hash_file;
use crate::campaign::assign;
use crate::campaign::model::FcmTarget;
use crate::campaign::plan::Plan;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::path::Path;

/// One input file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatasetFile {
    /// "events" or "items".
    pub role: String,
    pub name: String,
    pub path: String,
    pub bytes: u64,
    pub sha256: String,
    /// Data rows read from it.
    pub rows: Option<usize>,
}

/// The inputs an audience was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DatasetFingerprint {
    pub files: Vec<DatasetFile>,
    pub users: usize,
    pub items: usize,
    pub events: usize,
}

/// Hashes input files: `(role, path, rows)`.
pub fn fingerprint(files: &[(&str, &Path, Option<usize>)]) -> Result<Vec<DatasetFile>> {
    files
        .iter()
        .map(|(role, path, rows)| {
            let (bytes, sha256) = hash_file(path)?;
            Ok(DatasetFile {
                role: role.to_string(),
                name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                path: path.display().to_string(),
                bytes,
                sha256,
                rows: *rows,
            })
        })
        .collect()
}

/// Fingerprint of a load source: a file on disk or bytes in memory (the
/// bundled sample).
pub fn fingerprint_source(
    role: &str,
    src: &crate::data::Source,
    rows: Option<usize>,
) -> Result<DatasetFile> {
    match src {
        crate::data::Source::Path(p) => Ok(fingerprint(&[(role, p.as_path(), rows)])?.remove(0)),
        crate::data::Source::Bytes { name, bytes } => {
            use sha2::{Digest, Sha256};
            Ok(DatasetFile {
                role: role.to_string(),
                name: name.rsplit('/').next().unwrap_or(name).to_string(),
                path: format!("(built in) {name}"),
                bytes: bytes.len() as u64,
                sha256: crate::atomic::hex(&Sha256::digest(bytes.as_slice())),
                rows,
            })
        }
    }
}

/// What a reader of the files should know.
pub fn notes(plan: &Plan, formats: &[Format]) -> Vec<String> {
    let c = plan.campaign;
    let mut n = Vec::new();
    let liquid = c.segments.iter().flat_map(|s| &s.variants).any(|v| {
        v.title.contains("{{")
            || v.body.contains("{{")
            || v.title.contains("{%")
            || v.body.contains("{%")
    });
    if liquid {
        n.push(
            "name tags ({{ first_name }}) are written as their default in every file, as the \
             preview shows them: the data carries no first names"
                .into(),
        );
    }
    if let Some(note) = &plan.schedule.note {
        n.push(note.clone());
    }
    if formats.contains(&Format::OneSignal) {
        n.push(
            "onesignal: one request body per distinct message (segment variant and lead product, \
             chunks of at most 20000 external ids), so every user's text equals their CSV/JSONL row"
                .into(),
        );
        if c.delivery.onesignal_app_id.starts_with("YOUR-") {
            n.push("onesignal: app_id is a placeholder; set [export] onesignal_app_id".into());
        }
    }
    if formats.contains(&Format::Fcm) {
        match c.delivery.fcm_target {
            FcmTarget::Token => n.push(
                "fcm: message.token holds the user's external id; replace it with the device's \
                 registration token when sending"
                    .into(),
            ),
            FcmTarget::Topic => n.push(
                "fcm: one message per segment variant to a topic; subscribe users to topics from the CSV; \
                 variants that speak of each user's cart or refill are not sent to topics"
                    .into(),
            ),
        }
        n.push("fcm: no scheduling in FCM; send at data.send_at".into());
        let https = c.web_link.is_some() || c.deep_link.starts_with("https://");
        if !https {
            n.push("fcm: no https web_link set, so webpush.fcm_options.link is omitted".into());
        }
    }
    n
}

/// The manifest as JSON.
pub fn build(plan: &Plan, inputs: &ExportInputs, report: &ExportReport) -> Value {
    let mut v = build_raw(plan, inputs, report);
    tidy_floats(&mut v);
    v
}

/// Settings held as `f32` come out of `serde_json::to_value` widened
/// (0.3 → 0.30000001192092896): write each such number as its `f32` reads.
pub fn tidy_floats(v: &mut Value) {
    match v {
        Value::Number(n) if !n.is_i64() && !n.is_u64() => {
            if let Some(x) = n.as_f64() {
                let short = x as f32;
                if f64::from(short) == x {
                    if let Some(m) = short
                        .to_string()
                        .parse::<f64>()
                        .ok()
                        .and_then(serde_json::Number::from_f64)
                    {
                        *n = m;
                    }
                }
            }
        }
        Value::Array(a) => a.iter_mut().for_each(tidy_floats),
        Value::Object(o) => o.values_mut().for_each(tidy_floats),
        _ => {}
    }
}

fn build_raw(plan: &Plan, inputs: &ExportInputs, report: &ExportReport) -> Value {
    let c = plan.campaign;
    let (send_at, tz) = plan.schedule.row_time();
    let copy: Vec<Value> = c
        .segments
        .iter()
        .flat_map(|s| {
            s.variants.iter().map(move |v| {
                json!({
                    "segment_id": s.id,
                    "segment": s.name,
                    "variant": v.label,
                    "split_percent": v.split,
                    "tone": v.tone,
                    "offer": v.offer,
                    "products": v.products,
                    "title": v.title,
                    "body": v.body,
                    "critic_score": (f64::from(v.critic_score) * 1000.0).round() / 1000.0,
                    "model_id": v.model_id,
                    "seed": v.seed,
                    "approved_by": v.approved_by,
                    "approved_at": v.approved_at,
                })
            })
        })
        .collect();
    let mut approvers: Vec<String> = c
        .segments
        .iter()
        .flat_map(|s| s.variants.iter().filter_map(|v| v.approved_by.clone()))
        .collect();
    approvers.sort();
    approvers.dedup();
    let created = inputs
        .now
        .clone()
        .unwrap_or_else(crate::campaign::model::now);
    json!({
        "manifest_version": 1,
        "pushbench_version": env!("CARGO_PKG_VERSION"),
        "created": created,
        "campaign": {
            "id": c.id,
            "name": c.name,
            "revision": c.revision,
            "created": c.created,
            "updated": c.updated,
            "owner": c.owner,
            "platform": c.platform.name(),
        },
        "approver": c.owner,
        "approved_by": approvers,
        "dataset": inputs.dataset,
        "config": inputs.config,
        "segmentation": c.provenance.segmentation,
        "recommender": c.provenance.recommender,
        "copy": { "settings": c.provenance.copy, "variants": copy },
        "assignment": {
            "method": assign::METHOD,
            "seed": c.seed,
            "control_percent": c.control_percent,
        },
        "schedule": {
            "settings": c.schedule,
            "send_at": send_at,
            "send_timezone": tz,
            "description": c.schedule.describe(),
            "note": plan.schedule.note,
        },
        "links": { "deep_link": c.deep_link, "web_link": c.web_link, "image": c.image },
        "files": report.files,
        "counts": report.counts,
        "notes": report.notes,
    })
}

#[cfg(test)]
mod tests {
    use super::tidy_floats;

    #[test]
    fn widened_f32_settings_read_as_written() {
        let mut v = serde_json::json!({ "w": 0.3f32, "k": [0.1f32, 2.5f64, 0.1f64], "n": 3 });
        assert_eq!(v["w"].to_string(), "0.30000001192092896");
        tidy_floats(&mut v);
        assert_eq!(v["w"].to_string(), "0.3");
        assert_eq!(v["k"].to_string(), "[0.1,2.5,0.1]");
        assert_eq!(v["n"].to_string(), "3");
    }
}
