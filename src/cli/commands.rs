//! Subcommand implementations.

use super::args::{BenchCmd, Command, ConfigCmd, OutputFormat};
use super::{load_options, load_with_progress, Context};
use crate::error::{Error, Result};

pub fn dispatch(cmd: Command, ctx: &Context) -> Result<()> {
    match cmd {
        Command::Summary { data, format } => {
            let opts = load_options(&data, ctx)?;
            let ds = load_with_progress(&opts)?;
            let s = crate::data::summarize(&ds);
            match format {
                OutputFormat::Json => out(&to_json(&s)?),
                OutputFormat::Table => out(&s.to_table()),
            }
            Ok(())
        }
        Command::SampleData {
            users,
            items,
            seed,
            days,
            out: out_dir,
        } => {
            if users == 0 || items == 0 || days == 0 {
                return Err(Error::Other(
                    "--users, --items and --days must be at least 1".into(),
                ));
            }
            let spec = crate::sample::SampleSpec {
                users,
                items,
                seed,
                days,
            };
            let stats = crate::sample::write_sample(&spec, &out_dir)?;
            out(&format!(
                "wrote {} users, {} items, {} events:\n  {}\n  {}\n  {}",
                stats.users,
                stats.items,
                stats.events,
                stats.events_path.display(),
                stats.items_path.display(),
                stats.personas_path.display()
            ));
            Ok(())
        }
        Command::Segment(a) => super::segment::run(a, ctx),
        Command::Recommend(a) => super::recommend::run_recommend(a, ctx),
        Command::Evaluate(a) => super::recommend::run_evaluate(a, ctx),
        Command::Copy { cmd } => super::copy::run(cmd, ctx),
        Command::Campaign { cmd } => super::campaign::run(cmd, ctx),
        Command::Config { cmd } => match cmd {
            ConfigCmd::Path => {
                out(&format!(
                    "config file  {}\nconfig dir   {}\ndata dir     {}",
                    ctx.config_file,
                    ctx.paths.config_dir.display(),
                    ctx.paths.data_dir.display()
                ));
                Ok(())
            }
        },
        Command::Bench { cmd } => match cmd {
            BenchCmd::Segment(a) => super::segment::bench(a, ctx),
            BenchCmd::Recommend(a) => super::recommend::bench(a, ctx),
            BenchCmd::Tui { data, format } => {
                let r = crate::tui::bench::run(load_options(&data, ctx)?)?;
                match format {
                    OutputFormat::Json => out(&to_json(&r)?),
                    OutputFormat::Table => out(&r.to_string()),
                }
                Ok(())
            }
            BenchCmd::Load {
                users,
                items,
                dir,
                format,
            } => {
                let dir = dir.unwrap_or_else(|| {
                    ctx.paths
                        .data_dir
                        .join("bench")
                        .join(format!("u{users}_i{items}"))
                });
                let r = crate::bench::bench_load(users, items, &dir)?;
                match format {
                    OutputFormat::Json => out(&to_json(&r)?),
                    OutputFormat::Table => out(&r.to_string()),
                }
                Ok(())
            }
        },
    }
}

/// Prints to stdout; a closed pipe (`| head`) ends output quietly.
pub fn out(text: &str) {
    use std::io::Write;
    let mut o = std::io::stdout().lock();
    let r = o
        .write_all(text.as_bytes())
        .and_then(|_| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                o.write_all(b"\n")
            }
        })
        .and_then(|_| o.flush());
    if let Err(e) = r {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: writing output: {e}");
        std::process::exit(1);
    }
}

pub fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string_pretty(v).map_err(|e| Error::Other(format!("JSON encoding: {e}")))
}
