//! `pushbench campaign run|list|show|duplicate|rm|export|bench`.

use super::{load_options, load_with_progress, out, to_json, Context, DataArgs, OutputFormat};
use crate::campaign::config::PipelineConfig;
use crate::campaign::pipeline::{self, PipelineError, RunInputs};
use crate::campaign::{Format, Store};
use crate::error::{Error, Result};
use clap::{Args, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Args)]
pub struct RunArgs {
    #[command(flatten)]
    pub data: DataArgs,
    /// The campaign file (see assets/campaign.example.toml). `--config F`
    /// works too: for `campaign run` it names the campaign file.
    #[arg(long, value_name = "FILE")]
    pub campaign: Option<PathBuf>,
    /// Folder for the exported files and manifest.json.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Overwrite existing export files.
    #[arg(long)]
    pub force: bool,
    /// Take approvals from this saved campaign (id, name or "last") instead of
    /// the file's [approval] policy.
    #[arg(long, value_name = "ID")]
    pub approvals_from: Option<String>,
    /// Use the saved approvals even though they were made on other data.
    #[arg(long)]
    pub rebind: bool,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The saved campaign (id or name).
    pub id: String,
    /// The segment the message is for (its id, as `segment` prints it).
    #[arg(long)]
    pub segment: usize,
    /// Title; `{product}`, `{brand}`, `{price}` slots are filled per user.
    #[arg(long)]
    pub title: String,
    #[arg(long)]
    pub body: String,
    /// The segment's name, when the campaign has no variant for it yet.
    #[arg(long)]
    pub name: Option<String>,
    /// Tone label recorded with the variant.
    #[arg(long, default_value = "hand-written")]
    pub tone: String,
    /// Discount in percent the offer backs (allows copy that promises one).
    #[arg(long)]
    pub discount: Option<f32>,
    #[arg(long, value_enum, default_value_t)]
    pub format: OutputFormat,
}

#[derive(Debug, Subcommand)]
pub enum CampaignCmd {
    /// Headless: segment, recommend, write copy, approve, export. Prints a JSON summary.
    Run(RunArgs),
    /// List saved campaigns.
    List {
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Show a saved campaign (id, name or "last").
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
    /// Approve a hand-written message into a saved campaign (as the TUI's
    /// approval does): checked against the guardrails, saved under the
    /// store's lock, so approvals from several processes all survive.
    Approve(ApproveArgs),
    /// Copy a saved campaign under a new id.
    Duplicate { id: String },
    /// Delete a saved campaign.
    Rm { id: String },
    /// Re-export a saved campaign (same segments, recommendations and split).
    Export {
        id: String,
        #[command(flatten)]
        data: DataArgs,
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Formats (default: all).
        #[arg(long, value_enum, value_delimiter = ',')]
        formats: Vec<Format>,
        #[arg(long)]
        force: bool,
        /// Resolve the campaign against this data although it was built on
        /// other data (its binding is updated).
        #[arg(long)]
        rebind: bool,
    },
    /// Benchmark: export a campaign for generated users (time, peak memory).
    Bench {
        #[arg(long, default_value_t = 1_000_000)]
        users: usize,
        /// Folder for the files (default: bench/export in the data folder).
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t)]
        format: OutputFormat,
    },
}

impl CampaignCmd {
    /// `campaign run --config F` names the campaign file, not the program's
    /// configuration: moves the global `--config` value into the command.
    /// Called by the CLI entry before the program configuration is loaded.
    pub fn claim_config(&mut self, config: &mut Option<PathBuf>) {
        if let CampaignCmd::Run(a) = self {
            if a.campaign.is_none() {
                a.campaign = config.take();
            }
        }
    }
}

/// Runs the pipeline; validation failures exit with code 3.
fn run_pipeline(
    cfg: PipelineConfig,
    data: &DataArgs,
    out_dir: PathBuf,
    force: bool,
    rebind: bool,
    ctx: &Context,
) -> Result<()> {
    let opts = load_options(data, ctx)?;
    let ds = load_with_progress(&opts)?;
    let store = Store::open(&ctx.paths)?;
    let writer = crate::campaign::copywriter::for_run(&cfg, &ctx.paths)?;
    let mut session = crate::workbench::Session::headless(
        std::sync::Arc::new(ds),
        Some(opts),
        store,
        ctx.config.owner.clone(),
    );
    let inputs = RunInputs {
        copywriter: writer.as_ref(),
        rebind,
    };
    let (bar, job) = super::progress::bar();
    let r = pipeline::run(&cfg, &mut session, &inputs, &out_dir, force, &job);
    bar.finish_and_clear();
    match r {
        Ok(summary) => {
            out(&to_json(&summary)?);
            Ok(())
        }
        Err(PipelineError::Invalid(i)) => {
            eprintln!("error: {i}");
            std::process::exit(3);
        }
        Err(PipelineError::Error(e)) => Err(e),
    }
}

pub fn run(cmd: CampaignCmd, ctx: &Context) -> Result<()> {
    match cmd {
        CampaignCmd::Run(a) => {
            let file = a.campaign.ok_or_else(|| Error::Config {
                file: "(command line)".into(),
                message: "campaign run needs the campaign file: --config campaign.toml (see assets/campaign.example.toml)".into(),
            })?;
            let mut cfg = PipelineConfig::load(&file)?;
            if let Some(from) = a.approvals_from {
                cfg.approval = crate::campaign::config::Approval::Saved { from };
            }
            run_pipeline(cfg, &a.data, a.out, a.force, a.rebind, ctx)
        }
        CampaignCmd::List { format } => {
            let list = Store::open(&ctx.paths)?.list()?;
            match format {
                OutputFormat::Json => out(&to_json(&list)?),
                OutputFormat::Table => {
                    let mut s = format!(
                        "{:<32} {:<28} {:<20} {:>4} {:>4}\n",
                        "ID", "NAME", "UPDATED", "SEGS", "VARS"
                    );
                    for c in &list {
                        match &c.problem {
                            Some(p) => s.push_str(&format!("{:<32} unreadable: {p}\n", c.id)),
                            None => s.push_str(&format!(
                                "{:<32} {:<28} {:<20} {:>4} {:>4}\n",
                                c.id,
                                crate::text::truncate(&crate::text::sanitize(&c.name), 28),
                                c.updated,
                                c.segments,
                                c.variants
                            )),
                        }
                    }
                    if list.is_empty() {
                        s.push_str("(no saved campaigns)\n");
                    }
                    out(&s);
                }
            }
            Ok(())
        }
        CampaignCmd::Show { id, format } => {
            let store = Store::open(&ctx.paths)?;
            let c = if id == "last" {
                store
                    .load_last()?
                    .ok_or_else(|| Error::Other("there is no last session yet".into()))?
            } else {
                store.load(&id)?
            };
            match format {
                OutputFormat::Json => out(&to_json(&c)?),
                OutputFormat::Table => out(&describe(&c)),
            }
            Ok(())
        }
        CampaignCmd::Approve(a) => approve(a, ctx),
        CampaignCmd::Duplicate { id } => {
            let c = Store::open(&ctx.paths)?.duplicate(&id)?;
            out(&format!("duplicated as {} ({})", c.id, c.name));
            Ok(())
        }
        CampaignCmd::Rm { id } => {
            let c = Store::open(&ctx.paths)?.delete(&id)?;
            out(&format!("deleted {} ({})", c.id, c.name));
            Ok(())
        }
        CampaignCmd::Export {
            id,
            data,
            out: dir,
            formats,
            force,
            rebind,
        } => {
            let c = Store::open(&ctx.paths)?.load(&id)?;
            if let Err(i) = c.validate() {
                eprintln!("error: {i}");
                std::process::exit(3);
            }
            let mut cfg = PipelineConfig::for_saved(&c);
            if !formats.is_empty() {
                cfg.formats = formats;
            }
            run_pipeline(cfg, &data, dir, force, rebind, ctx)
        }
        CampaignCmd::Bench { users, dir, format } => {
            let dir = dir.unwrap_or_else(|| ctx.paths.data_dir.join("bench").join("export"));
            let (bar, job) = super::progress::bar();
            let r = crate::campaign::bench::run(users, &dir, &job);
            bar.finish_and_clear();
            let r = r?;
            match format {
                OutputFormat::Json => out(&to_json(&r)?),
                OutputFormat::Table => out(&format!("{r}\nfiles in {}", dir.display())),
            }
            Ok(())
        }
    }
}

/// A readable summary of a campaign.
fn describe(c: &crate::campaign::Campaign) -> String {
    let clean = |s: &str| crate::text::sanitize(s);
    let mut s = format!(
        "{} ({})\nowner {}  platform {}  control {}%  updated {} (revision {})\nsends {}\n",
        clean(&c.name),
        c.id,
        c.owner.as_deref().map(clean).unwrap_or_else(|| "-".into()),
        c.platform.name(),
        c.control_percent,
        c.updated,
        c.revision,
        match c.schedule.resolve() {
            Ok(r) => match r.note {
                Some(n) => format!("{} ({n})", c.schedule.describe()),
                None => c.schedule.describe(),
            },
            Err(e) => format!("{} (cannot be used: {e})", c.schedule.describe()),
        }
    );
    for seg in &c.segments {
        s.push_str(&format!("\nsegment {} {}\n", seg.id, clean(&seg.name)));
        for v in &seg.variants {
            s.push_str(&format!(
                "  {} {:>3}%  critic {}  {}\n         {}\n",
                v.label,
                v.split,
                if v.critic_score.is_finite() {
                    format!("{:.2}", v.critic_score)
                } else {
                    "- (edited by hand)".into()
                },
                clean(&v.title),
                clean(&v.body)
            ));
        }
    }
    if let Err(i) = c.validate() {
        s.push_str(&format!("\n{i}\n"));
    }
    s
}

/// `campaign approve`: the same approval edit the TUI applies.
fn approve(a: ApproveArgs, ctx: &Context) -> Result<()> {
    use crate::campaign::{ApprovedVariant, Edit};
    use crate::copy::guard::{check_text, Rules};
    let store = Store::open(&ctx.paths)?;
    let c = store.load(&a.id)?;
    let platform = match c.platform {
        crate::campaign::Platform::Android => crate::copy::Platform::Android,
        crate::campaign::Platform::Web => crate::copy::Platform::Web,
        crate::campaign::Platform::Ios | crate::campaign::Platform::All => {
            crate::copy::Platform::Ios
        }
    };
    let title = crate::text::sanitize(&a.title);
    let body = crate::text::sanitize(&a.body);
    // Claims are checked per user when the campaign is exported (each user's
    // own item must back them); here the discount and the style rules.
    let backing = crate::copy::claims::Backing {
        discount: a.discount,
        ..Default::default()
    };
    let issues: Vec<crate::copy::Issue> = check_text(
        &title,
        &body,
        &backing,
        &Rules::new(crate::copy::Limits::for_platform(platform)),
    )
    .into_iter()
    .filter(|i| !matches!(i, crate::copy::Issue::UnbackedClaim { .. }))
    .collect();
    if let Some(first) = issues.first() {
        let all: Vec<String> = issues.iter().map(|i| i.to_string()).collect();
        return Err(Error::input(
            crate::error::Location::file("(command line)").column("--title/--body"),
            format!("not approved: {first} (all issues: {})", all.join("; ")),
        ));
    }
    let existing = c.segment(a.segment);
    let name = a
        .name
        .clone()
        .or_else(|| existing.map(|p| p.name.clone()))
        .unwrap_or_else(|| format!("Segment {}", a.segment));
    let size = existing.and_then(|p| p.size);
    let by = ctx.config.owner.clone().unwrap_or_else(|| "cli".into());
    let edit = Edit::Approve {
        segment: a.segment,
        name,
        size,
        variant: ApprovedVariant {
            title,
            body,
            tone: a.tone,
            model_id: "hand-written".into(),
            approved_by: Some(by),
            ..ApprovedVariant::default()
        },
        platform: None,
    };
    let u = store.update(&c, vec![edit], |_| {})?;
    let label = u.applied.label.unwrap_or_default();
    match a.format {
        OutputFormat::Json => out(&to_json(&serde_json::json!({
            "campaign": u.campaign.id, "segment": a.segment, "label": label,
            "revision": u.campaign.revision,
        }))?),
        OutputFormat::Table => out(&format!(
            "approved as variant {label} of segment {} in {} (revision {})",
            a.segment, u.campaign.id, u.campaign.revision
        )),
    }
    Ok(())
}
