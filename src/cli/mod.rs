//! The command line: a thin shell over the core. `pushbench` with no command
//! opens the TUI.

mod args;
mod campaign;
mod commands;
mod copy;
pub mod progress;
mod recommend;
mod segment;

pub use args::{Cli, Command, DataArgs, OutputFormat};
pub use commands::{out, to_json};

use crate::config::{Config, Paths};
use crate::data::{ColumnMap, Dataset, LoadOptions, Source};
use crate::error::{Error, Result};
use clap::Parser;

/// Runs the program; returns the process exit code.
pub fn main() -> i32 {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("error: {e}");
            e.exit_code()
        }
    }
}

fn run(mut cli: Cli) -> Result<()> {
    if let Some(Command::Campaign { cmd }) = &mut cli.command {
        cmd.claim_config(&mut cli.config);
    }
    let paths = Paths::resolve()?;
    // a file named with --config must exist; only the default may be absent
    let config = match &cli.config {
        Some(f) if !f.exists() => {
            return Err(Error::Config {
                file: f.display().to_string(),
                message: "no such file (--config names a file that must exist)".into(),
            })
        }
        _ => Config::load(&cli.config.clone().unwrap_or_else(|| paths.config_file()))?,
    };
    let config_file = cli.config.clone().unwrap_or_else(|| paths.config_file());
    let ctx = Context {
        paths,
        config,
        config_file: config_file.display().to_string(),
    };
    match cli.command {
        None => crate::tui::run(load_options(&cli.data, &ctx)?, &ctx.paths, &ctx.config),
        Some(cmd) => commands::dispatch(cmd, &ctx),
    }
}

/// Paths and configuration shared by all commands.
pub struct Context {
    pub paths: Paths,
    pub config: Config,
    pub config_file: String,
}

/// Builds load options from `--events/--items/--map` (falling back to the
/// config file's data section, then to the bundled sample).
pub fn load_options(a: &DataArgs, ctx: &Context) -> Result<LoadOptions> {
    let events = a.events.clone().or_else(|| ctx.config.data.events.clone());
    let items = a.items.clone().or_else(|| {
        if a.events.is_some() {
            None
        } else {
            ctx.config.data.items.clone()
        }
    });
    let map = match &a.map {
        Some(m) => ColumnMap::parse(m)?,
        None => ctx.config.column_map(&ctx.config_file)?,
    };
    match events {
        Some(e) => {
            if !e.exists() {
                return Err(Error::input(
                    crate::error::Location::file(e.display().to_string()),
                    "no such file",
                ));
            }
            if let Some(i) = &items {
                if !i.exists() {
                    return Err(Error::input(
                        crate::error::Location::file(i.display().to_string()),
                        "no such file",
                    ));
                }
            }
            Ok(LoadOptions::new(Source::path(e))
                .items(items.map(Source::path))
                .map(map))
        }
        None => Ok(crate::data::bundled::options()),
    }
}

/// Loads a dataset with a progress bar on stderr.
pub fn load_with_progress(opts: &LoadOptions) -> Result<Dataset> {
    progress::with_bar(|ctx| crate::data::load(opts, ctx))
}
