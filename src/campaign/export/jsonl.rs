//! JSON lines: one object per targeted user (control users with
//! `"arm": "control"` and null texts).

use super::Sink;
use crate::atomic::{AtomicFile, Staged};
use crate::campaign::assign::Arm;
use crate::campaign::plan::{Plan, Row};
use crate::error::Result;
use serde::Serialize;
use std::path::Path;

#[derive(Serialize)]
struct Line<'a> {
    user_id: &'a str,
    segment_id: usize,
    segment: &'a str,
    arm: &'static str,
    variant: Option<&'a str>,
    items: &'a [String],
    title: Option<&'a str>,
    body: Option<&'a str>,
    deep_link: Option<&'a str>,
    web_link: Option<&'a str>,
    image: Option<&'a str>,
    send_at: Option<&'a str>,
    send_timezone: Option<&'a str>,
}

fn when(sent: bool, s: &str) -> Option<&str> {
    sent.then_some(s)
}

pub struct JsonlSink {
    f: AtomicFile,
    buf: Vec<u8>,
    rows: u64,
}

impl JsonlSink {
    pub fn create(path: &Path) -> Result<JsonlSink> {
        Ok(JsonlSink {
            f: AtomicFile::create(path)?,
            buf: Vec::with_capacity(1024),
            rows: 0,
        })
    }
}

impl Sink for JsonlSink {
    fn row(&mut self, _plan: &Plan, r: &Row) -> Result<()> {
        let sent = r.arm != Arm::Control;
        let line = Line {
            user_id: &r.user_id,
            segment_id: r.segment_id,
            segment: &r.segment_name,
            arm: if sent { "variant" } else { "control" },
            variant: r.variant.as_deref(),
            items: &r.items,
            title: when(sent, &r.title),
            body: when(sent, &r.body),
            deep_link: when(sent, &r.deep_link),
            web_link: r.web_link.as_deref().filter(|_| sent),
            image: r.image.as_deref().filter(|_| sent),
            send_at: when(sent, &r.send_at).filter(|s| !s.is_empty()),
            send_timezone: when(sent, r.send_timezone).filter(|s| !s.is_empty()),
        };
        self.buf.clear();
        serde_json::to_writer(&mut self.buf, &line)
            .map_err(|e| crate::Error::Other(format!("JSON encoding: {e}")))?;
        self.buf.push(b'\n');
        self.f.put(&self.buf)?;
        self.rows += 1;
        Ok(())
    }

    fn finish(self: Box<Self>, _plan: &Plan) -> Result<(Staged, u64)> {
        Ok((self.f.finish()?, self.rows))
    }
}
