//! Deterministic synthetic store generator.
//!
//! Produces `items.csv`, `events.csv` and `personas.csv` for a fictional
//! e-commerce shop whose users follow one of six behavioural [`Persona`]s.
//! Output is byte-for-byte deterministic for a given [`SampleSpec`]: the
//! catalogue and every user draw from their own ChaCha8 stream derived from
//! the seed, and events are streamed to the writer user by user, so memory
//! stays bounded whatever the number of users.

mod catalog;
mod persona;
mod user;
mod words;

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;

use catalog::{csv_writer, Catalog};
pub use persona::Persona;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// Last second of every generated period: 2026-10-31T23:59:59Z (Unix seconds).
pub const PERIOD_END_UNIX: i64 = days_from_civil(2026, 10, 31) * DAY + DAY - 1;

/// Largest accepted `days` (100 years).
pub const MAX_DAYS: u32 = 36_500;

/// Header of `events.csv`.
pub const EVENTS_HEADER: [&str; 9] = [
    "user_id",
    "item_id",
    "event",
    "timestamp",
    "session_id",
    "dwell_seconds",
    "price",
    "quantity",
    "query",
];
/// Header of `items.csv`.
pub const ITEMS_HEADER: [&str; 7] = [
    "item_id",
    "title",
    "category",
    "brand",
    "price",
    "tags",
    "description",
];
/// Header of `personas.csv`.
pub const PERSONAS_HEADER: [&str; 2] = ["user_id", "persona"];

/// What to generate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SampleSpec {
    pub users: usize,
    pub items: usize,
    pub seed: u64,
    pub days: u32,
}

impl Default for SampleSpec {
    fn default() -> Self {
        SampleSpec {
            users: 2500,
            items: 1000,
            seed: 42,
            days: 90,
        }
    }
}

impl SampleSpec {
    /// First and last second (inclusive, Unix time) of the simulated period.
    pub fn period_unix(&self) -> (i64, i64) {
        let p = Period::new(self.days);
        (p.start, p.end)
    }
}

/// Summary of a [`write_sample`] run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleStats {
    pub users: usize,
    pub items: usize,
    pub events: usize,
    pub events_path: PathBuf,
    pub items_path: PathBuf,
    pub personas_path: PathBuf,
}

/// Writes `events.csv`, `items.csv` and `personas.csv` into `out_dir`
/// (created if missing), streaming events through buffered writers.
pub fn write_sample(spec: &SampleSpec, out_dir: &Path) -> Result<SampleStats> {
    std::fs::create_dir_all(out_dir).map_err(|e| Error::io(out_dir, e))?;
    let events_path = out_dir.join("events.csv");
    let items_path = out_dir.join("items.csv");
    let personas_path = out_dir.join("personas.csv");
    let open = |path: &Path| -> Result<BufWriter<File>> {
        let file = File::create(path).map_err(|e| Error::io(path, e))?;
        Ok(BufWriter::with_capacity(1 << 20, file))
    };
    let mut events_out = open(&events_path)?;
    let mut items_out = open(&items_path)?;
    let mut personas_out = open(&personas_path)?;
    let events = generate(spec, &mut events_out, &mut items_out, &mut personas_out).map_err(
        |e| match e {
            Error::Other(m) => {
                Error::Other(format!("writing sample data to {}: {m}", out_dir.display()))
            }
            other => other,
        },
    )?;
    for (out, path) in [
        (&mut events_out, &events_path),
        (&mut items_out, &items_path),
        (&mut personas_out, &personas_path),
    ] {
        out.flush().map_err(|e| Error::io(path, e))?;
    }
    Ok(SampleStats {
        users: spec.users,
        items: spec.items,
        events,
        events_path,
        items_path,
        personas_path,
    })
}

/// Generates the same output as [`write_sample`] into arbitrary writers and
/// returns the number of event rows written. Writers are flushed at the end.
pub fn generate<W1: Write, W2: Write, W3: Write>(
    spec: &SampleSpec,
    events: W1,
    items: W2,
    personas: W3,
) -> Result<usize> {
    if spec.items == 0 {
        return Err(Error::Other(
            "a sample needs at least one item (items = 0)".into(),
        ));
    }
    if spec.days == 0 || spec.days > MAX_DAYS {
        return Err(Error::Other(format!(
            "days must be between 1 and {MAX_DAYS} (got {})",
            spec.days
        )));
    }
    let period = Period::new(spec.days);
    let writing =
        |file: &'static str| move |e: csv::Error| Error::Other(format!("writing {file}: {e}"));

    let mut catalog_rng = ChaCha8Rng::seed_from_u64(spec.seed);
    catalog_rng.set_stream(u64::MAX);
    let catalog = Catalog::build(&mut catalog_rng, spec.items);
    catalog.write_csv(items).map_err(writing("items.csv"))?;

    let mut personas_wtr = csv_writer(personas);
    personas_wtr
        .write_record(PERSONAS_HEADER)
        .map_err(writing("personas.csv"))?;
    let mut sink = EventSink::new(events, &catalog, period.end);
    sink.wtr
        .write_record(EVENTS_HEADER)
        .map_err(writing("events.csv"))?;

    let width = spec.users.to_string().len().max(6);
    let shares: Vec<f64> = Persona::ALL.iter().map(|p| p.share()).collect();
    for index in 0..spec.users {
        let mut rng = ChaCha8Rng::seed_from_u64(spec.seed);
        rng.set_stream(index as u64);
        let persona = draw_persona(&mut rng, &shares);
        sink.begin_user(index, width);
        personas_wtr
            .write_record([sink.user.as_str(), persona.label()])
            .map_err(writing("personas.csv"))?;
        user::simulate_user(&mut rng, persona, &period, &catalog, &mut sink)
            .map_err(writing("events.csv"))?;
    }
    personas_wtr
        .flush()
        .map_err(|e| writing("personas.csv")(e.into()))?;
    sink.wtr
        .flush()
        .map_err(|e| writing("events.csv")(e.into()))?;
    Ok(sink.count)
}

fn draw_persona(rng: &mut ChaCha8Rng, shares: &[f64]) -> Persona {
    let total: f64 = shares.iter().sum();
    let mut x = rng.gen::<f64>() * total;
    for (persona, share) in Persona::ALL.iter().zip(shares) {
        if x < *share {
            return *persona;
        }
        x -= share;
    }
    Persona::ALL[Persona::ALL.len() - 1]
}

/// Uniformly chosen element of a non-empty slice.
pub(crate) fn pick<T: Copy>(rng: &mut ChaCha8Rng, xs: &[T]) -> T {
    xs[rng.gen_range(0..xs.len())]
}

/// Log-normal draw with the given median and log-sd.
pub(crate) fn lognormal(rng: &mut ChaCha8Rng, median: f64, sigma: f64) -> f64 {
    let z: f64 = rng.sample(StandardNormal);
    median * (sigma * z).exp()
}

/// The simulated time span: `days` whole days ending at [`PERIOD_END_UNIX`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Period {
    pub start: i64,
    pub end: i64,
    pub days: u32,
}

impl Period {
    fn new(days: u32) -> Period {
        Period {
            start: PERIOD_END_UNIX + 1 - i64::from(days) * DAY,
            end: PERIOD_END_UNIX,
            days,
        }
    }
}

/// Kind of an event row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EventKind {
    View,
    Search,
    Cart,
    Favorite,
    Purchase,
}

impl EventKind {
    fn label(self) -> &'static str {
        match self {
            EventKind::View => "view",
            EventKind::Search => "search",
            EventKind::Cart => "cart",
            EventKind::Favorite => "favorite",
            EventKind::Purchase => "purchase",
        }
    }
}

/// One event before formatting.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EventRow<'q> {
    item: usize,
    kind: EventKind,
    ts: i64,
    dwell: Option<u32>,
    price: Option<f64>,
    quantity: Option<u32>,
    query: &'q str,
}

impl<'q> EventRow<'q> {
    pub(crate) fn new(item: usize, kind: EventKind, ts: i64) -> Self {
        EventRow {
            item,
            kind,
            ts,
            dwell: None,
            price: None,
            quantity: None,
            query: "",
        }
    }
    pub(crate) fn dwell(self, seconds: u32) -> Self {
        EventRow {
            dwell: Some(seconds),
            ..self
        }
    }
    pub(crate) fn price(self, price: f64) -> Self {
        EventRow {
            price: Some(price),
            ..self
        }
    }
    pub(crate) fn quantity(self, quantity: u32) -> Self {
        EventRow {
            quantity: Some(quantity),
            ..self
        }
    }
    pub(crate) fn query(self, query: &'q str) -> EventRow<'q> {
        EventRow { query, ..self }
    }
}

/// Formats event rows into `events.csv` with reusable buffers.
pub(crate) struct EventSink<'c, W: Write> {
    wtr: csv::Writer<W>,
    catalog: &'c Catalog,
    end: i64,
    user: String,
    session: String,
    sessions: u64,
    ts: String,
    dwell: String,
    price: String,
    quantity: String,
    count: usize,
}

impl<'c, W: Write> EventSink<'c, W> {
    fn new(out: W, catalog: &'c Catalog, end: i64) -> Self {
        EventSink {
            wtr: csv_writer(out),
            catalog,
            end,
            user: String::new(),
            session: String::new(),
            sessions: 0,
            ts: String::new(),
            dwell: String::new(),
            price: String::new(),
            quantity: String::new(),
            count: 0,
        }
    }

    fn begin_user(&mut self, index: usize, width: usize) {
        self.user.clear();
        self.user.push('U');
        push_padded(&mut self.user, index as u64 + 1, width);
    }

    pub(crate) fn begin_session(&mut self) {
        self.sessions += 1;
        self.session.clear();
        self.session.push('S');
        push_padded(&mut self.session, self.sessions, 7);
    }

    /// Writes one row; timestamps are clamped to the end of the period.
    pub(crate) fn write(&mut self, row: &EventRow<'_>) -> std::result::Result<(), csv::Error> {
        use std::fmt::Write as _;
        format_timestamp(row.ts.min(self.end), &mut self.ts);
        self.dwell.clear();
        self.price.clear();
        self.quantity.clear();
        // Writing to a String cannot fail.
        if let Some(d) = row.dwell {
            let _ = write!(self.dwell, "{d}");
        }
        if let Some(p) = row.price {
            let _ = write!(self.price, "{p:.2}");
        }
        if let Some(q) = row.quantity {
            let _ = write!(self.quantity, "{q}");
        }
        self.wtr.write_record([
            self.user.as_str(),
            self.catalog.items[row.item].id.as_str(),
            row.kind.label(),
            self.ts.as_str(),
            self.session.as_str(),
            self.dwell.as_str(),
            self.price.as_str(),
            self.quantity.as_str(),
            row.query,
        ])?;
        self.count += 1;
        Ok(())
    }
}

/// Appends `n` zero-padded to at least `width` digits.
fn push_padded(out: &mut String, n: u64, width: usize) {
    let digits = n.to_string();
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

fn push2(out: &mut String, n: i64) {
    out.push(char::from(b'0' + (n / 10) as u8));
    out.push(char::from(b'0' + (n % 10) as u8));
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ` (years 1970..=9999 after
/// validation of `days`).
fn format_timestamp(ts: i64, out: &mut String) {
    out.clear();
    let days = ts.div_euclid(DAY);
    let secs = ts.rem_euclid(DAY);
    let (y, m, d) = civil_from_days(days);
    push2(out, y / 100);
    push2(out, y % 100);
    out.push('-');
    push2(out, m);
    out.push('-');
    push2(out, d);
    out.push('T');
    push2(out, secs / 3600);
    out.push(':');
    push2(out, secs / 60 % 60);
    out.push(':');
    push2(out, secs % 60);
    out.push('Z');
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
const fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Inverse of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_format() {
        let mut s = String::new();
        format_timestamp(PERIOD_END_UNIX, &mut s);
        assert_eq!(s, "2026-10-31T23:59:59Z");
        format_timestamp(0, &mut s);
        assert_eq!(s, "1970-01-01T00:00:00Z");
        format_timestamp(951_782_400, &mut s); // leap day
        assert_eq!(s, "2000-02-29T00:00:00Z");
        for z in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }

    #[test]
    fn window_days_respect_persona_rules() {
        use persona::Window;
        assert_eq!(user::window_days(Window::Full, 90), (0, 89));
        assert_eq!(user::window_days(Window::LastDays(13), 90), (77, 89));
        assert_eq!(user::window_days(Window::LastDays(13), 5), (0, 4));
        let (_, last) = user::window_days(Window::EarlyOnly { quiet_days: 42 }, 90);
        assert!(last < 90 - 42);
        assert_eq!(
            user::window_days(Window::EarlyOnly { quiet_days: 42 }, 1),
            (0, 0)
        );
    }
}
