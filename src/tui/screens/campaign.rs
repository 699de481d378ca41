//! The Campaign screen's state: the campaign the approvals go into, saved to
//! the data folder after every change (with the Copy screen's drafts beside
//! it) and resumed on start; per-variant counts, a preview of per-user rows,
//! and exports run in the background.

use crate::campaign::edit::Applied;
use crate::campaign::export::ExportReport;
use crate::campaign::pipeline::dataset_fingerprint;
use crate::campaign::{
    self, Arm, Campaign, DatasetBinding, DatasetSource, Edit, ExportInputs, Format, Plan, Row,
    Store,
};
use crate::recommend::Method;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::jobs::{JobKind, JobOutput};
use crate::tui::list::ListView;
use crate::tui::overlay::{Overlay, PromptKind};
use serde_json::json;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Export format choices: every format, or one.
pub const FORMATS: [Option<Format>; 5] = [
    None,
    Some(Format::Csv),
    Some(Format::Jsonl),
    Some(Format::OneSignal),
    Some(Format::Fcm),
];
/// Recommended items per user in exports.
pub use crate::workbench::ITEMS_PER_USER;
/// Users in the row preview (scrolled with page up / page down).
const PREVIEW: usize = 200;
/// Rows one page up / page down scrolls the preview by.
const PREVIEW_PAGE: usize = 10;

pub fn format_label(f: Option<Format>) -> &'static str {
    f.map_or("all formats", |f| f.name())
}

/// Users per variant and control, per targeted segment.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SegmentCounts {
    pub id: usize,
    pub users: usize,
    pub control: usize,
    /// Users per variant, in the plan's variant order.
    pub variants: Vec<usize>,
}

pub struct CampaignView {
    pub format: usize,
    /// Rows of the approved-variants table: (segment id, variant index).
    pub list: ListView,
    pub counts: Vec<SegmentCounts>,
    pub preview: Vec<Row>,
    /// The first preview row shown.
    pub preview_top: usize,
    /// Why the campaign cannot be exported yet.
    pub problems: Vec<String>,
    pub last_export: Option<ExportReport>,
    /// A folder whose files already exist: exporting there again overwrites.
    pub overwrite: Option<PathBuf>,
    /// The folder the last export went to (offered again next time).
    pub last_dir: Option<PathBuf>,
}

impl Default for CampaignView {
    fn default() -> Self {
        CampaignView {
            format: 1,
            list: ListView::default(),
            counts: Vec::new(),
            preview: Vec::new(),
            preview_top: 0,
            problems: Vec::new(),
            last_export: None,
            overwrite: None,
            last_dir: None,
        }
    }
}

/// Keeps campaigns in `store`; the campaign shown is the last one of the
/// loaded data (never one built on other data).
pub fn attach_store(app: &mut App, store: Store, owner: Option<String>) {
    let notice = app.session.attach_store(store, owner);
    after_switch(app, notice.message);
}

/// After new data: the session shows the data's campaign; the view starts over.
pub fn bind_to_data(app: &mut App, notice: crate::workbench::CampaignNotice) {
    after_switch(app, notice.message);
}

/// The loaded data as campaigns record it.
pub fn binding(app: &App) -> Option<DatasetBinding> {
    app.session.binding()
}

fn after_switch(app: &mut App, message: Option<String>) {
    let v = &mut app.campaign;
    v.last_export = None;
    v.overwrite = None;
    v.last_dir = None;
    v.list = ListView::default();
    app.copy.undo.clear();
    app.warnings.append(&mut app.session.warnings);
    if let Some(m) = message {
        app.set_status(m, false);
    }
    recount(app);
}

/// Prompt candidates for switching campaigns, filtered by what was typed.
pub fn campaign_candidates(app: &App, typed: &str) -> Vec<String> {
    let q = typed.trim().to_lowercase();
    app.session
        .campaigns_of_data()
        .into_iter()
        .filter(|(id, name)| q.is_empty() || id.contains(&q) || name.to_lowercase().contains(&q))
        .map(|(id, name)| format!("{} ({id})", crate::text::sanitize(&name)))
        .collect()
}

/// Opens the campaign of this data named `text`, or starts one so named.
pub fn switch_to(app: &mut App, text: &str) -> Result<bool, String> {
    let msg = app.session.switch_campaign(text)?;
    after_switch(app, Some(msg));
    Ok(false)
}

/// Saves a copy of the current campaign and switches to it.
pub fn duplicate(app: &mut App) {
    match app.session.duplicate_campaign() {
        Ok(msg) => after_switch(app, Some(msg)),
        Err(e) => app.set_status(format!("not duplicated: {e}"), true),
    }
}

/// Deletes the current campaign once its name was typed to confirm.
pub fn delete(app: &mut App, typed: &str) -> Result<bool, String> {
    let msg = app.session.delete_campaign(typed)?;
    after_switch(app, Some(msg));
    Ok(false)
}

/// Applies `edits` through the session (saved at once, merged with other
/// writers); redoes the counts when the Campaign screen shows them.
pub fn commit(app: &mut App, edits: Vec<Edit>) -> Applied {
    let applied = app.session.commit(edits);
    if app.screen() == crate::tui::app::Screen::Campaign {
        recount(app);
    }
    applied
}

/// Writes the drafts beside the campaign.
pub fn save_drafts(app: &mut App) {
    app.session.save_drafts();
}

/// Recomputes the counts, the row preview and the export problems.
pub fn recount(app: &mut App) {
    app.session.reload_if_changed();
    let (counts, preview, problems) = compute(app);
    let v = &mut app.campaign;
    v.counts = counts;
    v.preview = preview;
    v.problems = problems;
}

type Computed = (Vec<SegmentCounts>, Vec<Row>, Vec<String>);

fn compute(app: &App) -> Computed {
    let (Some(_), Some(seg)) = (app.dataset(), app.session.segmentation.as_ref()) else {
        return (
            Vec::new(),
            Vec::new(),
            vec!["waiting for data and segments".into()],
        );
    };
    let Some(source) = app.session.user_source() else {
        return (
            Vec::new(),
            Vec::new(),
            vec!["waiting for data and segments".into()],
        );
    };
    let plan = match Plan::new(&app.session.campaign, &source) {
        Ok(p) => p,
        Err(e) => return (Vec::new(), Vec::new(), e.0),
    };
    let mut counts: BTreeMap<usize, SegmentCounts> = BTreeMap::new();
    let mut preview_users = Vec::new();
    for (u, &s) in seg.assignment.iter().enumerate() {
        let Some(arm) = plan.arm(u as u32) else {
            continue;
        };
        let n_variants = app
            .session
            .campaign
            .segment(s)
            .map_or(0, |p| p.variants.len());
        let c = counts.entry(s).or_insert_with(|| SegmentCounts {
            id: s,
            variants: vec![0; n_variants],
            ..Default::default()
        });
        c.users += 1;
        match arm {
            Arm::Control => c.control += 1,
            Arm::Variant(i) => {
                if let Some(x) = c.variants.get_mut(i) {
                    *x += 1;
                }
            }
        }
        if preview_users.len() < PREVIEW {
            preview_users.push(u as u32);
        }
    }
    let recs = campaign::UserSource::recommend(&source, &preview_users);
    let preview = preview_users
        .iter()
        .zip(recs)
        .filter_map(|(&u, r)| plan.row(u, &r))
        .collect();
    (counts.into_values().collect(), preview, Vec::new())
}

/// Rows of the approved-variants table: (segment id, variant index).
pub fn table_rows(c: &Campaign) -> Vec<(usize, usize)> {
    c.segments
        .iter()
        .flat_map(|s| (0..s.variants.len()).map(move |i| (s.id, i)))
        .collect()
}

/// Table rows that pass the `/` filter (segment name, label, title, body).
pub fn visible_rows(app: &App) -> Vec<(usize, usize)> {
    let (v, c) = (&app.campaign, &app.session.campaign);
    let rows = table_rows(c);
    let labels: Vec<String> = rows
        .iter()
        .map(|&(s, i)| {
            let plan = c.segment(s);
            let var = plan.and_then(|p| p.variants.get(i));
            format!(
                "{} {} {} {}",
                plan.map_or("", |p| p.name.as_str()),
                var.map_or("", |x| x.label.as_str()),
                var.map_or("", |x| x.title.as_str()),
                var.map_or("", |x| x.body.as_str())
            )
        })
        .collect();
    v.list
        .visible(labels.iter().map(String::as_str))
        .into_iter()
        .map(|i| rows[i])
        .collect()
}

pub fn on_action(app: &mut App, a: Action) {
    // the variants table is short: paging scrolls what users receive
    if matches!(a, Action::PageUp | Action::PageDown) {
        let v = &mut app.campaign;
        v.preview_top = if a == Action::PageDown {
            (v.preview_top + PREVIEW_PAGE).min(v.preview.len().saturating_sub(1))
        } else {
            v.preview_top.saturating_sub(PREVIEW_PAGE)
        };
        return;
    }
    if a.is_navigation() {
        let n = visible_rows(app).len();
        app.campaign.list.navigate(a, n);
        return;
    }
    match a {
        Action::Filter => app.campaign.list.start_filter(),
        Action::Enter => {
            // open the selected variant's segment on the Copy screen
            let rows = visible_rows(app);
            let Some(&(seg, _)) =
                rows.get(app.campaign.list.selected.min(rows.len().saturating_sub(1)))
            else {
                return;
            };
            if let Some(pos) = app
                .segments
                .visible(app.session.segmentation.as_deref())
                .iter()
                .position(|&s| s == seg)
            {
                app.segments.list.selected = pos;
                if let Some(i) = app
                    .screens
                    .iter()
                    .position(|s| *s == crate::tui::app::Screen::Copy)
                {
                    app.go_to(i);
                }
            }
        }
        Action::CycleFormat => {
            app.campaign.format = (app.campaign.format + 1) % FORMATS.len();
            let f = format_label(FORMATS[app.campaign.format]);
            app.set_status(format!("export format: {f}"), false);
        }
        Action::ControlMore | Action::ControlLess => {
            let step = if a == Action::ControlMore { 5.0 } else { -5.0 };
            let c = &app.session.campaign;
            let next = ((c.control_percent + step) / 5.0).round() * 5.0;
            let next = next.clamp(0.0, 50.0);
            if next == c.control_percent {
                return;
            }
            let what = format!("the control group change to {next}%");
            super::copy::snapshot(app, super::copy::segment(app).unwrap_or(0), what);
            let applied = commit(app, vec![Edit::SetControl(next)]);
            super::copy::set_undo(app, applied.undo);
            app.set_status(format!("control group: {next}% of each segment"), false);
        }
        Action::RenameCampaign => {
            let name = app.session.campaign.name.clone();
            app.overlay = Overlay::prompt(PromptKind::RenameCampaign, &name);
        }
        Action::Undo => super::copy::undo(app),
        Action::SwitchCampaign => {
            let candidates = campaign_candidates(app, "");
            app.overlay = Overlay::Prompt {
                kind: PromptKind::SwitchCampaign,
                input: crate::tui::input::LineInput::new(""),
                candidates,
                error: None,
            };
        }
        Action::DuplicateCampaign => duplicate(app),
        Action::SetSchedule | Action::SetQuietHours | Action::SetDeepLink | Action::SetOwner => {
            let c = &app.session.campaign;
            let (kind, now) = match a {
                Action::SetSchedule => (PromptKind::SendTime, send_text(&c.schedule)),
                Action::SetQuietHours => (
                    PromptKind::QuietHours,
                    c.schedule
                        .quiet_hours
                        .as_ref()
                        .map(|q| format!("{}-{}", q.start, q.end))
                        .unwrap_or_default(),
                ),
                Action::SetDeepLink => (PromptKind::DeepLink, c.deep_link.clone()),
                _ => (PromptKind::Owner, c.owner.clone().unwrap_or_default()),
            };
            app.overlay = Overlay::prompt(kind, &now);
        }
        Action::DeleteCampaign => {
            app.overlay = Overlay::prompt(PromptKind::DeleteCampaign, "");
        }
        Action::Export => {
            if let Some(p) = app.campaign.problems.first() {
                let msg = format!("not ready to export: {p}");
                app.set_status(msg, true);
                return;
            }
            let dir = app
                .campaign
                .overwrite
                .clone()
                .or_else(|| app.campaign.last_dir.clone())
                .or_else(|| app.session.campaign.export_dir.as_ref().map(PathBuf::from))
                .unwrap_or_else(|| default_dir(app));
            app.overlay = Overlay::prompt(PromptKind::ExportPath, &dir.display().to_string());
        }
        _ => {}
    }
}

fn default_dir(app: &App) -> PathBuf {
    let base = app
        .session
        .store
        .as_ref()
        .and_then(|s| s.dir().parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("exports").join(&app.session.campaign.id)
}

/// Starts exporting into `dir` in the background.
pub fn export(app: &mut App, dir: &str) -> Result<bool, String> {
    let dir = PathBuf::from(dir.trim());
    if dir.as_os_str().is_empty() {
        return Err("give a folder to export into".into());
    }
    let ds = app.dataset().cloned().ok_or("no data loaded")?;
    if let Some(data) = binding(app) {
        app.session
            .campaign
            .check_data(&data.fingerprint, &data.label)
            .map_err(|e| e.to_string())?;
    }
    let seg = app
        .session
        .segmentation
        .clone()
        .ok_or("segments are not ready")?;
    let models = app
        .session
        .models
        .clone()
        .ok_or("recommendations are not ready")?;
    let force = app.campaign.overwrite.as_ref() == Some(&dir);
    app.campaign.overwrite = None;
    app.campaign.last_dir = Some(dir.clone());
    let formats: Vec<Format> = match FORMATS[app.campaign.format] {
        Some(f) => vec![f],
        None => Format::ALL.to_vec(),
    };
    let mut c = app.session.campaign.clone();
    crate::workbench::merge_provenance(&mut c, app.session.provenance());
    let load = app.load_options().cloned();
    let facts = app.session.facts().cloned().ok_or("no data loaded")?;
    app.spawn(JobKind::Export, move |ctx| {
        let source = DatasetSource::new(&ds, &seg.assignment, |users: &[u32]| {
            models.top_items(Method::Hybrid, users, ITEMS_PER_USER)
        })
        .with_facts(&facts);
        let inputs = ExportInputs {
            source: &source,
            dataset: Some(dataset_fingerprint(&ds, load.as_ref())?),
            config: json!({"from": "tui", "items_per_user": ITEMS_PER_USER}),
            now: None,
        };
        let r = campaign::export(&c, &inputs, &formats, &dir, force, ctx);
        match r {
            Ok(report) => Ok(JobOutput::Exported(Box::new(report))),
            Err(crate::Error::Exists { .. }) => {
                let msg = format!("{} holds an export already", dir.display());
                Ok(JobOutput::ExportExists(dir, msg))
            }
            Err(e) => Err(e),
        }
    });
    Ok(false)
}

/// The schedule's send time as the prompt takes it.
fn send_text(s: &crate::campaign::Schedule) -> String {
    use crate::campaign::SendMode;
    match s.mode {
        SendMode::Now => "now".into(),
        SendMode::At => s.at.clone().unwrap_or_default(),
        SendMode::LocalTime => match (&s.time, &s.date) {
            (Some(t), Some(d)) => format!("{t} {d}"),
            (Some(t), None) => t.clone(),
            _ => String::new(),
        },
    }
}

/// Sets a campaign setting from its prompt (checked before it is kept).
pub fn set_setting(app: &mut App, kind: &PromptKind, text: &str) -> Result<bool, String> {
    let c = &app.session.campaign;
    let (edit, what) = match kind {
        PromptKind::SendTime => {
            let s = c.schedule.with_send_text(text)?;
            let what = format!("send {}", s.describe());
            (Edit::SetSchedule(s), what)
        }
        PromptKind::QuietHours => {
            let s = c.schedule.with_quiet_text(text)?;
            let what = format!("send {}", s.describe());
            (Edit::SetSchedule(s), what)
        }
        PromptKind::DeepLink => {
            let mut probe = c.clone();
            probe.deep_link = text.trim().to_string();
            if let Err(e) = probe.validate() {
                return Err(e.0.join("; "));
            }
            (
                Edit::SetDeepLink(probe.deep_link),
                format!("pushes open {}", text.trim()),
            )
        }
        _ => {
            let owner = crate::text::sanitize(text).trim().to_string();
            let what = match owner.is_empty() {
                true => "no owner".to_string(),
                false => format!("owner {owner}"),
            };
            (Edit::SetOwner((!owner.is_empty()).then_some(owner)), what)
        }
    };
    super::copy::snapshot(
        app,
        super::copy::segment(app).unwrap_or(0),
        format!("the change to {what}"),
    );
    let applied = commit(app, vec![edit]);
    super::copy::set_undo(app, applied.undo);
    app.set_status(format!("{what}; autosaved"), false);
    Ok(false)
}

/// Renames the campaign (the id, and so the saved file, stay the same).
pub fn rename(app: &mut App, name: &str) -> Result<bool, String> {
    let clean = crate::text::sanitize(name).trim().to_string();
    if clean.is_empty() {
        return Err("the name cannot be empty".into());
    }
    let what = format!("the rename to '{}'", crate::text::abbreviate(&clean, 32));
    super::copy::snapshot(app, super::copy::segment(app).unwrap_or(0), what);
    let applied = commit(app, vec![Edit::Rename(clean)]);
    super::copy::set_undo(app, applied.undo);
    Ok(false)
}

pub fn on_exported(app: &mut App, r: ExportReport) {
    let files: Vec<&str> = r.files.iter().map(|f| f.name.as_str()).collect();
    let left_out = r.counts.left_out();
    let mut msg = format!(
        "exported {} pushes ({} control) to {}: {}",
        r.counts.sent,
        r.counts.control,
        r.dir.display(),
        files.join(", ")
    );
    if left_out > 0 {
        // the copy's claims do not hold for them, or it would not fit
        msg = format!(
            "exported {} pushes to {}; {left_out} left out, why in manifest.json",
            r.counts.sent,
            r.dir.display()
        );
    }
    // remembered with the campaign, so the next export (also after a
    // restart) offers the same folder; not an undo step
    let dir = std::fs::canonicalize(&r.dir).unwrap_or_else(|_| r.dir.clone());
    let dir = dir.display().to_string();
    if app.session.campaign.export_dir.as_deref() != Some(dir.as_str()) {
        commit(app, vec![Edit::SetExportDir(Some(dir))]);
    }
    app.set_status(msg, left_out > 0);
    app.campaign.last_export = Some(r);
}

pub fn on_export_exists(app: &mut App, dir: PathBuf, message: String) {
    app.set_status(format!("{message}: e, enter replaces it"), true);
    app.campaign.overwrite = Some(dir);
}
