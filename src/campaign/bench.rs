//! Export benchmark: a campaign over generated users (1M by default) exported
//! in every format; reports time, throughput, sizes and peak memory. Figures
//! are reported, never asserted.

use super::assign::hash64;
use super::export::{export, ExportInputs, Format};
use super::model::{ApprovedVariant, Campaign, SegmentPlan};
use super::schedule::{QuietHours, Schedule, SendMode};
use super::source::{ItemView, UserSource};
use crate::error::Result;
use crate::jobs::JobCtx;
use serde::Serialize;
use std::borrow::Cow;
use std::path::Path;
use std::time::Instant;

const SEGMENTS: usize = 6;

/// Generated users: segment and recommendations derived from a hash of the id.
pub struct SyntheticSource {
    pub users: usize,
    items: Vec<(String, String, String)>,
}

impl SyntheticSource {
    pub fn new(users: usize, n_items: usize) -> Self {
        let words = [
            "Cosy", "Everyday", "Organic", "Premium", "Wireless", "Classic", "Travel", "Smart",
        ];
        let things = [
            "Socks",
            "Headphones",
            "Coffee Beans",
            "Backpack",
            "Desk Lamp",
            "Tea Set",
            "Sneakers",
        ];
        let cats = [
            "Fashion",
            "Electronics",
            "Grocery",
            "Home & Kitchen",
            "Sports",
        ];
        let items = (0..n_items.max(1))
            .map(|i| {
                let h = hash64(1, &i.to_le_bytes()) as usize;
                (
                    format!("I{i:06}"),
                    format!(
                        "{} {} {}",
                        words[h % words.len()],
                        things[(h >> 8) % things.len()],
                        i
                    ),
                    cats[(h >> 16) % cats.len()].to_string(),
                )
            })
            .collect();
        SyntheticSource { users, items }
    }
}

impl UserSource for SyntheticSource {
    fn n_users(&self) -> usize {
        self.users
    }
    fn user_id(&self, user: u32) -> Cow<'_, str> {
        Cow::Owned(format!("U{user:07}"))
    }
    fn segment_of(&self, user: u32) -> usize {
        (hash64(2, &user.to_le_bytes()) % SEGMENTS as u64) as usize
    }
    fn recommend(&self, users: &[u32]) -> Vec<Vec<u32>> {
        let n = self.items.len() as u64;
        users
            .iter()
            .map(|u| {
                let h = hash64(3, &u.to_le_bytes());
                vec![
                    (h % n) as u32,
                    ((h >> 20) % n) as u32,
                    ((h >> 40) % n) as u32,
                ]
            })
            .collect()
    }
    fn item(&self, item: u32) -> ItemView<'_> {
        match self.items.get(item as usize) {
            Some((id, title, cat)) => ItemView {
                id,
                title,
                category: Some(cat),
                brand: Some("Brightnest"),
                price: Some(9.99 + (item % 90) as f32),
            },
            None => ItemView::default(),
        }
    }
    fn find_item(&self, id: &str) -> Option<u32> {
        id.strip_prefix('I')?.parse().ok()
    }
}

/// A campaign over the synthetic segments (all targeted but the last).
pub fn campaign() -> Campaign {
    let mut c = Campaign::new("Export benchmark", Some("bench".into()));
    c.id = "export-bench".into();
    c.created = "2026-01-01T00:00:00Z".into();
    c.updated = c.created.clone();
    c.seed = 2026;
    c.web_link = Some("https://myshop.example/p/{item_id}?utm_campaign={campaign_id}".into());
    c.image = Some("https://cdn.myshop.example/{item_id}.jpg".into());
    c.discount = Some("15%".into());
    c.schedule = Schedule {
        mode: SendMode::LocalTime,
        date: Some("2026-11-03".into()),
        time: Some("18:30".into()),
        quiet_hours: Some(QuietHours {
            start: "21:00".into(),
            end: "08:00".into(),
        }),
        ..Schedule::default()
    };
    c.segments = (0..SEGMENTS - 1)
        .map(|id| SegmentPlan {
            id,
            name: format!("Segment {id}"),
            size: None,
            variants: vec![
                ApprovedVariant {
                    label: "A".into(),
                    title: "{product} for you, {{ first_name | default: \"there\" }}".into(),
                    body: "Picked from {category}: {product} at {price}. Tap to see it.".into(),
                    split: 50,
                    products: vec!["I000001".into()],
                    ..ApprovedVariant::default()
                },
                ApprovedVariant {
                    label: "B".into(),
                    title: "{discount} off {brand} today".into(),
                    body: "{product} is waiting in {category} 🎁".into(),
                    split: 50,
                    products: vec!["I000002".into()],
                    ..ApprovedVariant::default()
                },
            ],
        })
        .collect();
    c
}

#[derive(Debug, Serialize)]
pub struct ExportBench {
    pub users: usize,
    pub rows: usize,
    pub sent: usize,
    pub seconds: f64,
    pub users_per_second: f64,
    pub files: Vec<(String, f64)>,
    pub total_mb: f64,
    pub peak_rss_mb: Option<f64>,
}

impl std::fmt::Display for ExportBench {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "export       {:.2} s  ({} users, {} rows, {} pushes, {:.0} users/s)",
            self.seconds, self.users, self.rows, self.sent, self.users_per_second
        )?;
        for (name, mb) in &self.files {
            writeln!(f, "  {name:<18} {mb:>8.1} MB")?;
        }
        writeln!(f, "total        {:.1} MB", self.total_mb)?;
        match self.peak_rss_mb {
            Some(m) => write!(f, "peak memory  {m:.0} MB"),
            None => write!(f, "peak memory  unavailable"),
        }
    }
}

/// Exports the benchmark campaign for `users` generated users into `dir`.
pub fn run(users: usize, dir: &Path, ctx: &JobCtx) -> Result<ExportBench> {
    let src = SyntheticSource::new(users, 5000);
    let c = campaign();
    let mut inputs = ExportInputs::new(&src);
    inputs.now = Some("2026-01-01T00:00:00Z".into());
    let t = Instant::now();
    let r = export(&c, &inputs, &Format::ALL, dir, true, ctx)?;
    let seconds = t.elapsed().as_secs_f64();
    let files: Vec<(String, f64)> = r
        .files
        .iter()
        .map(|f| (f.name.clone(), f.bytes as f64 / 1e6))
        .collect();
    Ok(ExportBench {
        users,
        rows: r.counts.targeted,
        sent: r.counts.sent,
        seconds,
        users_per_second: users as f64 / seconds.max(1e-9),
        total_mb: files.iter().map(|f| f.1).sum(),
        files,
        peak_rss_mb: crate::bench::peak_rss_mb(),
    })
}
