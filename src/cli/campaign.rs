//! `pushbench campaign ...` (being written).

use super::Context;
use crate::error::{Error, Result};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CampaignCmd {
    /// List saved campaigns.
    List,
}

pub fn run(_cmd: CampaignCmd, _ctx: &Context) -> Result<()> {
    Err(Error::Other("campaign: not available in this build".into()))
}
