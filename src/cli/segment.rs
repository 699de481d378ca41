//! `pushbench segment` and `pushbench bench segment` (being written).

use super::{Context, DataArgs, OutputFormat};
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct SegmentArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct BenchSegmentArgs {
    #[arg(long, default_value_t = 100_000)]
    pub users: usize,
}

pub fn run(_a: SegmentArgs, _ctx: &Context) -> Result<()> {
    Err(Error::Other("segment: not available in this build".into()))
}

pub fn bench(_a: BenchSegmentArgs, _ctx: &Context) -> Result<()> {
    Err(Error::Other(
        "bench segment: not available in this build".into(),
    ))
}
