//! `pushbench recommend`, `pushbench evaluate`, `pushbench bench recommend` (being written).

use super::{Context, DataArgs, OutputFormat};
use crate::error::{Error, Result};
use clap::Args;

#[derive(Debug, Args)]
pub struct RecommendArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub data: DataArgs,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct BenchRecommendArgs {
    #[arg(long, default_value_t = 100_000)]
    pub users: usize,
}

pub fn run_recommend(_a: RecommendArgs, _ctx: &Context) -> Result<()> {
    Err(Error::Other(
        "recommend: not available in this build".into(),
    ))
}

pub fn run_evaluate(_a: EvaluateArgs, _ctx: &Context) -> Result<()> {
    Err(Error::Other("evaluate: not available in this build".into()))
}

pub fn bench(_a: BenchRecommendArgs, _ctx: &Context) -> Result<()> {
    Err(Error::Other(
        "bench recommend: not available in this build".into(),
    ))
}
