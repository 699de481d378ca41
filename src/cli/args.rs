//! Command-line arguments (clap).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "pushbench",
    version,
    about = "Terminal workbench for personalised e-commerce push campaigns",
    long_about = "Terminal workbench for personalised e-commerce push campaigns.\n\n\
                  With no command, opens the TUI on --events/--items, or on the bundled sample store."
)]
pub struct Cli {
    #[command(flatten)]
    pub data: DataArgs,
    /// Configuration file (default: config.toml in the config folder; see `pushbench config path`).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Args, Default)]
pub struct DataArgs {
    /// Events file: CSV (any delimiter, with or without header), Parquet or JSON lines.
    #[arg(long, value_name = "FILE")]
    pub events: Option<PathBuf>,
    /// Item catalogue file (CSV, Parquet or JSON lines).
    #[arg(long, value_name = "FILE")]
    pub items: Option<PathBuf>,
    /// Column mapping for layouts that are not recognised: user=visitorid,item=sku,event=type,timestamp=ts
    #[arg(long, value_name = "ROLE=COLUMN,...")]
    pub map: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum, Default, PartialEq, Eq)]
pub enum OutputFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Summarise a dataset: users, items, events by type, period, funnel, top categories.
    Summary {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Generate a realistic synthetic store (catalogue, events, persona ground truth).
    SampleData {
        #[arg(long, default_value_t = 2500)]
        users: usize,
        #[arg(long, default_value_t = 1000)]
        items: usize,
        #[arg(long, default_value_t = 42)]
        seed: u64,
        #[arg(long, default_value_t = 90)]
        days: u32,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Cluster users into named, explained segments.
    Segment(super::segment::SegmentArgs),
    /// Recommendations of every method side by side for one user.
    Recommend(super::recommend::RecommendArgs),
    /// Offline evaluation of every recommender on a split.
    Evaluate(super::recommend::EvaluateArgs),
    /// Push copy: train the copy model, generate variants for a segment.
    Copy {
        #[command(subcommand)]
        cmd: super::copy::CopyCmd,
    },
    /// Campaigns: run the headless pipeline, list, show, remove saved campaigns.
    Campaign {
        #[command(subcommand)]
        cmd: super::campaign::CampaignCmd,
    },
    /// Configuration helpers.
    Config {
        #[command(subcommand)]
        cmd: ConfigCmd,
    },
    /// Benchmarks.
    Bench {
        #[command(subcommand)]
        cmd: BenchCmd,
    },
}

#[derive(Debug, Subcommand)]
pub enum ConfigCmd {
    /// Print where the configuration file and data folder are.
    Path,
}

#[derive(Debug, Subcommand)]
pub enum BenchCmd {
    /// Features + clustering on generated users; time and peak memory.
    Segment(super::segment::BenchSegmentArgs),
    /// Fitting and evaluating the recommenders on generated users.
    Recommend(super::recommend::BenchRecommendArgs),
    /// TUI responsiveness: start to first frame, render time per screen at
    /// 160x48, key-to-frame latency while clustering and copy generation run.
    Tui {
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Generate (once) and load a large event file, build the summary; print time, MB/s, peak memory.
    Load {
        /// Users to generate (about 34 events each: 300k users give ~10M events).
        #[arg(long, default_value_t = 300_000)]
        users: usize,
        #[arg(long, default_value_t = 20_000)]
        items: usize,
        /// Folder for the generated data (reused when present).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}
