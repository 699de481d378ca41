//! The sample store bundled into the binary, so `pushbench` with no arguments
//! works anywhere. The files are the committed `sample_data/` output of
//! `pushbench sample-data` with the default spec.

use super::load::{LoadOptions, Source};

pub const EVENTS_NAME: &str = "sample_data/events.csv";
pub const ITEMS_NAME: &str = "sample_data/items.csv";
static EVENTS: &[u8] = include_bytes!("../../sample_data/events.csv");
static ITEMS: &[u8] = include_bytes!("../../sample_data/items.csv");

/// Load options for the bundled sample.
pub fn options() -> LoadOptions {
    LoadOptions::new(Source::bytes(EVENTS_NAME, EVENTS))
        .items(Some(Source::bytes(ITEMS_NAME, ITEMS)))
}
