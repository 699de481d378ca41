//! FCM HTTP v1 `messages:send` request bodies, one JSON object per line. Token
//! mode: one message per user, `token` holding the user's external id (map it
//! to the registration token when sending). Topic mode: one message per
//! segment variant. Liquid tags are replaced by their default text (FCM does
//! not render Liquid); FCM has no scheduling, so the send time is in `data`.

use super::Sink;
use crate::atomic::{AtomicFile, Staged};
use crate::campaign::assign::Arm;
use crate::campaign::model::{Campaign, FcmTarget};
use crate::campaign::plan::{Plan, Row};
use crate::error::{Error, Result};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

pub struct FcmSink {
    f: AtomicFile,
    target: FcmTarget,
    /// Topic mode: first lead item per (segment, variant) seen.
    topics: BTreeMap<(usize, usize), Option<u32>>,
    buf: Vec<u8>,
    messages: u64,
}

/// A valid FCM topic name for a segment variant.
pub fn topic(c: &Campaign, seg: usize, label: &str) -> String {
    let raw = format!("{}-{}-s{seg}-{label}", c.delivery.fcm_topic_prefix, c.id);
    raw.chars()
        .map(|ch| {
            if ch.is_ascii_alphanumeric() || "-_.~%".contains(ch) {
                ch
            } else {
                '_'
            }
        })
        .collect()
}

#[derive(Serialize)]
struct Body<'a> {
    message: Message<'a>,
}

#[derive(Serialize)]
struct Message<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    token: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    topic: Option<&'a str>,
    notification: Notification<'a>,
    data: Data<'a>,
    android: Android<'a>,
    apns: Apns<'a>,
    webpush: Webpush<'a>,
}

#[derive(Serialize)]
struct Notification<'a> {
    title: &'a str,
    body: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    image: Option<&'a str>,
}

/// FCM `data` values must be strings.
#[derive(Serialize)]
struct Data<'a> {
    campaign_id: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    user_id: &'a str,
    segment_id: String,
    variant: &'a str,
    item_ids: String,
    deep_link: &'a str,
    send_at: &'a str,
    send_timezone: &'a str,
}

#[derive(Serialize)]
struct Android<'a> {
    priority: &'static str,
    notification: AndroidNotification<'a>,
}

#[derive(Serialize)]
struct AndroidNotification<'a> {
    tag: &'a str,
}

#[derive(Serialize)]
struct Apns<'a> {
    headers: ApnsHeaders,
    payload: ApnsPayload<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fcm_options: Option<ImageOption<'a>>,
}

#[derive(Serialize)]
struct ApnsHeaders {
    #[serde(rename = "apns-priority")]
    priority: &'static str,
}

#[derive(Serialize)]
struct ApnsPayload<'a> {
    aps: Aps<'a>,
}

#[derive(Serialize)]
struct Aps<'a> {
    #[serde(rename = "thread-id")]
    thread_id: &'a str,
    #[serde(rename = "mutable-content", skip_serializing_if = "Option::is_none")]
    mutable_content: Option<u8>,
}

#[derive(Serialize)]
struct ImageOption<'a> {
    image: &'a str,
}

#[derive(Serialize)]
struct Webpush<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    fcm_options: Option<LinkOption<'a>>,
}

#[derive(Serialize)]
struct LinkOption<'a> {
    link: &'a str,
}

/// Writes the `messages:send` body for a row as one JSON line into `out`;
/// `target` is ("token" | "topic", value).
pub fn write_message(c: &Campaign, r: &Row, target: (&str, &str), out: &mut Vec<u8>) -> Result<()> {
    let image = r.image.as_deref();
    let link = r.web_link.as_deref().or_else(|| {
        r.deep_link
            .starts_with("https://")
            .then_some(r.deep_link.as_str())
    });
    let body = Body {
        message: Message {
            token: (target.0 == "token").then_some(target.1),
            topic: (target.0 == "topic").then_some(target.1),
            notification: Notification {
                // rows hold the text as delivered (name tags resolved)
                title: &r.title,
                body: &r.body,
                image,
            },
            data: Data {
                campaign_id: &c.id,
                user_id: &r.user_id,
                segment_id: r.segment_id.to_string(),
                variant: r.variant.as_deref().unwrap_or(""),
                item_ids: r.items.join(","),
                deep_link: &r.deep_link,
                send_at: &r.send_at,
                send_timezone: r.send_timezone,
            },
            android: Android {
                priority: "normal",
                notification: AndroidNotification { tag: &c.id },
            },
            apns: Apns {
                headers: ApnsHeaders { priority: "5" },
                payload: ApnsPayload {
                    aps: Aps {
                        thread_id: &c.id,
                        mutable_content: image.map(|_| 1),
                    },
                },
                fcm_options: image.map(|image| ImageOption { image }),
            },
            webpush: Webpush {
                fcm_options: link.map(|link| LinkOption { link }),
            },
        },
    };
    serde_json::to_writer(&mut *out, &body)
        .map_err(|e| Error::Other(format!("JSON encoding: {e}")))?;
    out.push(b'\n');
    Ok(())
}

impl FcmSink {
    pub fn create(path: &Path, c: &Campaign) -> Result<FcmSink> {
        Ok(FcmSink {
            f: AtomicFile::create(path)?,
            target: c.delivery.fcm_target,
            topics: BTreeMap::new(),
            buf: Vec::with_capacity(1024),
            messages: 0,
        })
    }

    fn put(&mut self, c: &Campaign, r: &Row, target: (&str, &str)) -> Result<()> {
        self.buf.clear();
        write_message(c, r, target, &mut self.buf)?;
        self.f.put(&self.buf)?;
        self.messages += 1;
        Ok(())
    }
}

impl Sink for FcmSink {
    fn row(&mut self, plan: &Plan, r: &Row) -> Result<()> {
        let Arm::Variant(v) = r.arm else {
            return Ok(());
        };
        match self.target {
            FcmTarget::Token => self.put(plan.campaign, r, ("token", &r.user_id)),
            FcmTarget::Topic => {
                let e = self.topics.entry((r.segment_id, v)).or_insert(None);
                if e.is_none() {
                    *e = r.items.first().and_then(|i| plan.source.find_item(i));
                }
                Ok(())
            }
        }
    }

    fn finish(mut self: Box<Self>, plan: &Plan) -> Result<(Staged, u64)> {
        let topics = std::mem::take(&mut self.topics);
        for ((seg, v), lead) in topics {
            if let Some(mut r) = plan.group_row(seg, v, lead) {
                let t = topic(plan.campaign, seg, r.variant.as_deref().unwrap_or(""));
                r.user_id = String::new();
                self.put(plan.campaign, &r, ("topic", &t))?;
            }
        }
        let n = self.messages;
        Ok((self.f.finish()?, n))
    }
}
