//! OneSignal create-notification request bodies, one JSON object per line:
//! one per distinct message, i.e. per segment variant and lead product, so
//! every user gets the text rendered for them (the CSV's and JSONL's), split
//! in chunks of 20,000 external ids (the API's limit per request). Control
//! users are in none.

use super::Sink;
use crate::atomic::{hex, AtomicFile, Staged};
use crate::campaign::assign::Arm;
use crate::campaign::model::{Campaign, Platform};
use crate::campaign::plan::{Plan, Row};
use crate::error::{Error, Result};
use serde_json::{json, Map, Value};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;

/// Most `include_aliases` entries OneSignal takes in one request.
pub const MAX_ALIASES: usize = 20_000;

/// Users who get the very same message: same segment variant and the same
/// rendered title, body, links and image (their own lead product).
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord)]
struct MessageKey {
    segment: usize,
    variant: usize,
    item: String,
    title: String,
    body: String,
    deep_link: String,
    web_link: Option<String>,
    image: Option<String>,
}

impl MessageKey {
    fn of(r: &Row, variant: usize) -> MessageKey {
        MessageKey {
            segment: r.segment_id,
            variant,
            item: r.items.first().cloned().unwrap_or_default(),
            title: r.title.clone(),
            body: r.body.clone(),
            deep_link: r.deep_link.clone(),
            web_link: r.web_link.clone(),
            image: r.image.clone(),
        }
    }
}

struct Group {
    /// One of the group's rows (they differ only in the user).
    row: Row,
    ids: Vec<String>,
    chunk: usize,
}

pub struct OneSignalSink {
    f: AtomicFile,
    groups: BTreeMap<MessageKey, Group>,
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

/// The request body for one chunk of the users who get message `r` (each
/// user's own text, exactly as the CSV and JSONL rows give it).
pub fn body(plan: &Plan, r: &Row, chunk: usize, ids: &[String]) -> Value {
    let c = plan.campaign;
    let label = r.variant.clone().unwrap_or_default();
    let item = r.items.first().cloned().unwrap_or_default();
    let mut m = Map::new();
    m.insert("app_id".into(), json!(c.delivery.onesignal_app_id));
    m.insert(
        "name".into(),
        json!(format!(
            "{} / {} / {} / {}",
            c.name, r.segment_name, label, item
        )),
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
            "segment_id": r.segment_id,
            "variant": label,
            "item_id": item,
        }),
    );
    let key = format!(
        "{}|{}|{}|{}|{}|{}|{}|{}|{}",
        c.id, c.revision, c.updated, r.segment_id, label, item, r.title, r.body, chunk
    );
    m.insert("idempotency_key".into(), json!(uuid_from(&key)));
    Value::Object(m)
}

impl OneSignalSink {
    pub fn create(path: &Path, _c: &Campaign) -> Result<OneSignalSink> {
        Ok(OneSignalSink {
            f: AtomicFile::create(path)?,
            groups: BTreeMap::new(),
            bodies: 0,
        })
    }

    fn emit(&mut self, plan: &Plan, key: &MessageKey) -> Result<()> {
        let Some(g) = self.groups.get_mut(key) else {
            return Ok(());
        };
        if g.ids.is_empty() {
            return Ok(());
        }
        let ids = std::mem::take(&mut g.ids);
        let v = body(plan, &g.row, g.chunk, &ids);
        g.chunk += 1;
        let mut line =
            serde_json::to_vec(&v).map_err(|e| Error::Other(format!("JSON encoding: {e}")))?;
        line.push(b'\n');
        self.f.put(&line)?;
        self.bodies += 1;
        Ok(())
    }
}

impl Sink for OneSignalSink {
    fn row(&mut self, plan: &Plan, r: &Row) -> Result<()> {
        let Arm::Variant(v) = r.arm else {
            return Ok(());
        };
        let key = MessageKey::of(r, v);
        let g = self.groups.entry(key.clone()).or_insert_with(|| Group {
            row: Row {
                user_id: String::new(),
                ..r.clone()
            },
            ids: Vec::new(),
            chunk: 0,
        });
        g.ids.push(r.user_id.clone());
        if g.ids.len() >= MAX_ALIASES {
            self.emit(plan, &key)?;
        }
        Ok(())
    }

    fn finish(mut self: Box<Self>, plan: &Plan) -> Result<(Staged, u64)> {
        let keys: Vec<MessageKey> = self.groups.keys().cloned().collect();
        for key in &keys {
            self.emit(plan, key)?;
        }
        let bodies = self.bodies;
        Ok((self.f.finish()?, bodies))
    }
}
