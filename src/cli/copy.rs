//! `pushbench copy ...` (being written).

use super::Context;
use crate::error::{Error, Result};
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum CopyCmd {
    /// Train the copy model.
    Train,
}

pub fn run(_cmd: CopyCmd, _ctx: &Context) -> Result<()> {
    Err(Error::Other("copy: not available in this build".into()))
}
