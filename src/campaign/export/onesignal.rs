//! OneSignal create-notification request bodies, one JSON object per line:
//! one per segment variant (split in chunks of 20,000 external ids, the API's
//! limit per request). Control users are in none.

use super::Sink;
use crate::atomic::{hex, AtomicFile, Staged};
use crate::campaign::assign::Arm;
use crate::campaign::model::{Campaign, Platform};
use crate::campaign::plan::{Plan, Row};
use crate::error::{Error, Result};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::path::Path;

/// Most `include_aliases` entries OneSignal takes in one request.
pub const MAX_ALIASES: usize = 20_000;

#[derive(Default)]
struct Group {
    ids: Vec<String>,
    first_lead: Option<u32>,
    chunk: usize,
}

pub struct OneSignalSink {
    f: AtomicFile,
    groups: HashMap<(usize, usize), Group>,
    bodies: u64,
}

/// A deterministic RFC 9562 version-4-shaped UUID from a key: the same export
/// of the same campaign revision gives the same keys, so a re-sent file is
/// deduplicated by OneSignal, and an edited campaign gets new ones.
pub fn uuid_from(key: &str) -> String {
    let d = Sha256::digest(key.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex(&b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
}

fn lang(c: &Campaign, text: &str) -> Value {
    let mut m = Map::new();
    m.insert(c.delivery.language.clone(), Value::String(text.to_string()));
    Value::Object(m)
}

/// The request body for one chunk of a segment variant.
pub fn body(
    plan: &Plan,
    seg: usize,
    var: usize,
    chunk: usize,
    ids: &[String],
    lead: Option<u32>,
) -> Option<Value> {
    let c = plan.campaign;
    let r = plan.group_row(seg, var, lead)?;
    let label = r.variant.clone().unwrap_or_default();
    let mut m = Map::new();
    m.insert("app_id".into(), json!(c.delivery.onesignal_app_id));
    m.insert(
        "name".into(),
        json!(format!("{} / {} / {}", c.name, r.segment_name, label)),
    );
    m.insert("target_channel".into(), json!("push"));
    m.insert("include_aliases".into(), json!({ "external_id": ids }));
    m.insert("headings".into(), lang(c, &r.title));
    m.insert("contents".into(), lang(c, &r.body));
    let url = match (c.platform, &r.web_link) {
        (Platform::Web, Some(w)) => w.clone(),
        _ => r.deep_link.clone(),
    };
    m.insert("url".into(), json!(url));
    if let (Platform::All, Some(w)) = (c.platform, &r.web_link) {
        m.insert("web_url".into(), json!(w));
    }
    if let Some(img) = &r.image {
        m.insert("big_picture".into(), json!(img));
        m.insert("ios_attachments".into(), json!({ "image": img }));
        m.insert("chrome_web_image".into(), json!(img));
    }
    match c.platform {
        Platform::Ios => m.insert("isIos".into(), json!(true)),
        Platform::Android => m.insert("isAndroid".into(), json!(true)),
        Platform::Web => m.insert("isAnyWeb".into(), json!(true)),
        Platform::All => None,
    };
    for (k, v) in plan.schedule.onesignal_fields() {
        m.insert(k.into(), json!(v));
    }
    m.insert(
        "data".into(),
        json!({
            "campaign_id": c.id,
            "segment_id": seg,
            "variant": label,
            "item_id": r.items.first().cloned().unwrap_or_default(),
        }),
    );
    let key = format!(
        "{}|{}|{}|{}|{}|{}",
        c.id, c.revision, c.updated, seg, label, chunk
    );
    m.insert("idempotency_key".into(), json!(uuid_from(&key)));
    Some(Value::Object(m))
}

impl OneSignalSink {
    pub fn create(path: &Path, _c: &Campaign) -> Result<OneSignalSink> {
        Ok(OneSignalSink {
            f: AtomicFile::create(path)?,
            groups: HashMap::new(),
            bodies: 0,
        })
    }

    fn emit(&mut self, plan: &Plan, key: (usize, usize)) -> Result<()> {
        let Some(g) = self.groups.get_mut(&key) else {
            return Ok(());
        };
        if g.ids.is_empty() {
            return Ok(());
        }
        let ids = std::mem::take(&mut g.ids);
        let chunk = g.chunk;
        g.chunk += 1;
        let lead = g.first_lead;
        if let Some(v) = body(plan, key.0, key.1, chunk, &ids, lead) {
            let mut line =
                serde_json::to_vec(&v).map_err(|e| Error::Other(format!("JSON encoding: {e}")))?;
            line.push(b'\n');
            self.f.put(&line)?;
            self.bodies += 1;
        }
        Ok(())
    }
}

impl Sink for OneSignalSink {
    fn row(&mut self, plan: &Plan, r: &Row) -> Result<()> {
        let Arm::Variant(v) = r.arm else {
            return Ok(());
        };
        let key = (r.segment_id, v);
        let g = self.groups.entry(key).or_default();
        if g.first_lead.is_none() {
            g.first_lead = r.items.first().and_then(|i| plan.source.find_item(i));
        }
        g.ids.push(r.user_id.clone());
        if g.ids.len() >= MAX_ALIASES {
            self.emit(plan, key)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, plan: &Plan) -> Result<(Staged, u64)> {
        for s in &plan.campaign.segments {
            for v in 0..s.variants.len() {
                self.emit(plan, (s.id, v))?;
            }
        }
        let bodies = self.bodies;
        Ok((self.f.finish()?, bodies))
    }
}
