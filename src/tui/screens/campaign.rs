//! The Campaign screen's state: the campaign the approvals go into, saved to
//! the data folder after every change (with the Copy screen's drafts beside
//! it) and resumed on start; per-variant counts, a preview of per-user rows,
//! and exports run in the background.

use super::copy_draft::Draft;
use crate::campaign::config::even_split;
use crate::campaign::export::ExportReport;
use crate::campaign::pipeline::{dataset_fingerprint, segmentation_provenance, source_name};
use crate::campaign::{
    self, ApprovedVariant, Arm, Campaign, DatasetSource, ExportInputs, Format, Plan, Row,
    SegmentPlan, Store,
};
use crate::copy::{Platform, Product, Tone};
use crate::recommend::Method;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::jobs::{JobKind, JobOutput};
use crate::tui::list::ListView;
use crate::tui::overlay::{Overlay, PromptKind};
use serde::{Deserialize, Serialize};
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
pub const ITEMS_PER_USER: usize = 3;
/// Users in the row preview.
const PREVIEW: usize = 6;

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
    pub campaign: Campaign,
    pub store: Option<Store>,
    pub owner: Option<String>,
    /// When the last autosave happened, or why it failed.
    pub saved: Option<Result<String, String>>,
    pub format: usize,
    /// Rows of the approved-variants table: (segment id, variant index).
    pub list: ListView,
    pub counts: Vec<SegmentCounts>,
    pub preview: Vec<Row>,
    /// Why the campaign cannot be exported yet.
    pub problems: Vec<String>,
    pub last_export: Option<ExportReport>,
    /// A folder whose files already exist: exporting there again overwrites.
    pub overwrite: Option<PathBuf>,
}

impl Default for CampaignView {
    fn default() -> Self {
        CampaignView {
            campaign: Campaign::new("Campaign", None),
            store: None,
            owner: None,
            saved: None,
            format: 1,
            list: ListView::default(),
            counts: Vec::new(),
            preview: Vec::new(),
            problems: Vec::new(),
            last_export: None,
            overwrite: None,
        }
    }
}

/// Drafts saved beside a campaign, so a restart finds them too.
#[derive(Serialize, Deserialize)]
struct SavedDrafts {
    tone: Tone,
    platform: Platform,
    drafts: BTreeMap<usize, Vec<Draft>>,
    products: BTreeMap<usize, Vec<Product>>,
}

fn drafts_file(store: &Store, id: &str) -> PathBuf {
    store.dir().join("drafts").join(format!("{id}.json"))
}

/// Opens the campaign store and resumes the last session's campaign and
/// drafts; starts a new campaign when there is none.
pub fn attach_store(app: &mut App, store: Store, owner: Option<String>) {
    app.campaign.owner = owner.clone();
    match store.load_last() {
        Ok(Some(c)) => {
            let approved: usize = c.segments.iter().map(|s| s.variants.len()).sum();
            app.set_status(
                format!("resumed campaign '{}' ({approved} approved)", c.name),
                false,
            );
            app.campaign.campaign = c;
        }
        Ok(None) => app.campaign.campaign = new_campaign(owner),
        Err(e) => {
            app.warnings.push(format!("last campaign not resumed: {e}"));
            app.campaign.campaign = new_campaign(owner);
        }
    }
    let file = drafts_file(&store, &app.campaign.campaign.id);
    if let Ok(text) = std::fs::read_to_string(&file) {
        match serde_json::from_str::<SavedDrafts>(&text) {
            Ok(s) => {
                app.copy.tone = s.tone;
                app.copy.platform = s.platform;
                app.copy.drafts = s.drafts;
                app.copy.products = s.products;
            }
            Err(e) => app
                .warnings
                .push(format!("{}: drafts not resumed: {e}", file.display())),
        }
    }
    app.campaign.store = Some(store);
}

fn new_campaign(owner: Option<String>) -> Campaign {
    let day = campaign::model::now().chars().take(10).collect::<String>();
    Campaign::new(&format!("Campaign {day}"), owner)
}

/// Writes the Copy screen's drafts beside the campaign (atomically).
pub fn save_drafts(app: &mut App) {
    let Some(store) = &app.campaign.store else {
        return;
    };
    let saved = SavedDrafts {
        tone: app.copy.tone,
        platform: app.copy.platform,
        drafts: app.copy.drafts.clone(),
        products: app.copy.products.clone(),
    };
    let file = drafts_file(store, &app.campaign.campaign.id);
    let result = serde_json::to_vec(&saved)
        .map_err(|e| e.to_string())
        .and_then(|json| {
            if let Some(dir) = file.parent() {
                std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
            }
            campaign::atomic::write(&file, &json).map_err(|e| e.to_string())
        });
    if let Err(e) = result {
        app.campaign.saved = Some(Err(format!("drafts not saved: {e}")));
    }
}

/// After every change: records provenance and autosaves; the counts are
/// redone when the Campaign screen shows them (and on switching to it).
pub fn changed(app: &mut App) {
    record_provenance(app);
    if let Some(store) = &app.campaign.store {
        app.campaign.saved = Some(
            store
                .autosave(&mut app.campaign.campaign)
                .map(|_| app.campaign.campaign.updated.clone())
                .map_err(|e| format!("autosave failed: {e}")),
        );
    } else {
        app.campaign.campaign.touch();
    }
    save_drafts(app);
    if app.screen() == crate::tui::app::Screen::Campaign {
        recount(app);
    }
}

fn record_provenance(app: &mut App) {
    let files = app
        .load_options()
        .map(|o| (source_name(&o.events), o.items.as_ref().map(source_name)));
    let c = &mut app.campaign.campaign;
    if let Some(seg) = &app.segments.result {
        let k = match app.segments.opts.k {
            crate::segment::KChoice::Auto { .. } => json!("auto"),
            crate::segment::KChoice::Fixed(k) => json!(k),
        };
        c.provenance.segmentation = segmentation_provenance(seg, k);
    }
    if let Some(m) = &app.compare.models {
        c.provenance.recommender = json!({
            "method": Method::Hybrid.name(), "items_per_user": ITEMS_PER_USER,
            "config": serde_json::to_value(&m.config).unwrap_or_default(),
        });
    }
    if let Some(g) = &app.copy.generator {
        c.provenance.copy = json!({
            "model_id": g.model_id(),
            "backend": if g.is_gguf() { "gguf" } else { "native" },
            "tone": app.copy.tone.label(),
            "platform": app.copy.platform.label(),
        });
    }
    if let Some((events, items)) = files {
        c.provenance.events_file = Some(events);
        c.provenance.items_file = items;
    }
}

fn label_for(plan: &SegmentPlan) -> String {
    (b'A'..=b'Z')
        .map(|b| (b as char).to_string())
        .find(|l| plan.variants.iter().all(|v| &v.label != l))
        .unwrap_or_else(|| format!("V{}", plan.variants.len() + 1))
}

fn resplit(plan: &mut SegmentPlan) {
    let splits = even_split(plan.variants.len());
    for (v, s) in plan.variants.iter_mut().zip(splits) {
        v.split = s;
    }
}

/// Adds a draft to the segment's approved variants (even A/B split); returns its label.
pub fn approve(app: &mut App, segment: usize, d: &Draft) -> String {
    let (name, size) = app
        .segments
        .result
        .as_ref()
        .and_then(|r| r.segments.iter().find(|s| s.id == segment))
        .map(|s| (s.name.clone(), Some(s.size)))
        .unwrap_or_else(|| (format!("Segment {segment}"), None));
    let owner = app.campaign.owner.clone();
    let platform = match app.copy.platform {
        Platform::Ios => campaign::Platform::Ios,
        Platform::Android => campaign::Platform::Android,
        Platform::Web => campaign::Platform::Web,
    };
    let c = &mut app.campaign.campaign;
    c.platform = platform;
    let pos = match c.segments.iter().position(|s| s.id == segment) {
        Some(p) => p,
        None => {
            c.segments.push(SegmentPlan {
                id: segment,
                name: name.clone(),
                size,
                variants: Vec::new(),
            });
            c.segments.sort_by_key(|s| s.id);
            c.segments.iter().position(|s| s.id == segment).unwrap_or(0)
        }
    };
    let plan = &mut c.segments[pos];
    plan.name = name;
    plan.size = size;
    let label = label_for(plan);
    let (title, body) = d.template();
    plan.variants.push(ApprovedVariant {
        label: label.clone(),
        title,
        body,
        tone: d.variant.tone.label().to_string(),
        offer: Some(d.variant.offer.label().to_string()),
        products: d.variant.products.clone(),
        split: 0,
        critic_score: d.variant.critic_score,
        model_id: d.variant.model_id.clone(),
        seed: d.variant.seed,
        approved_by: owner.or_else(|| Some("tui".into())),
        approved_at: Some(campaign::model::now()),
    });
    resplit(plan);
    label
}

/// Removes an approved variant (re-splitting the rest evenly).
pub fn withdraw(app: &mut App, segment: usize, label: &str) {
    let c = &mut app.campaign.campaign;
    if let Some(plan) = c.segments.iter_mut().find(|s| s.id == segment) {
        plan.variants.retain(|v| v.label != label);
        resplit(plan);
    }
    c.segments.retain(|s| !s.variants.is_empty());
}

/// Updates an approved variant's text after an edit.
pub fn replace_text(app: &mut App, segment: usize, d: &Draft) {
    let Some(label) = &d.label else {
        return;
    };
    let (title, body) = d.template();
    let c = &mut app.campaign.campaign;
    if let Some(v) = c
        .segments
        .iter_mut()
        .find(|s| s.id == segment)
        .and_then(|s| s.variants.iter_mut().find(|v| &v.label == label))
    {
        v.title = title;
        v.body = body;
    }
}

/// Recomputes the counts, the row preview and the export problems.
pub fn recount(app: &mut App) {
    let (counts, preview, problems) = compute(app);
    let v = &mut app.campaign;
    v.counts = counts;
    v.preview = preview;
    v.problems = problems;
}

type Computed = (Vec<SegmentCounts>, Vec<Row>, Vec<String>);

fn compute(app: &App) -> Computed {
    let v = &app.campaign;
    let (Some(ds), Some(seg)) = (app.dataset(), app.segments.result.as_ref()) else {
        return (
            Vec::new(),
            Vec::new(),
            vec!["waiting for data and segments".into()],
        );
    };
    let models = app.compare.models.clone();
    let source = DatasetSource::new(ds, &seg.assignment, move |users: &[u32]| match &models {
        Some(m) => m.top_items(Method::Hybrid, users, ITEMS_PER_USER),
        None => vec![Vec::new(); users.len()],
    });
    let plan = match Plan::new(&v.campaign, &source) {
        Ok(p) => p,
        Err(e) => return (Vec::new(), Vec::new(), e.0),
    };
    let mut counts: BTreeMap<usize, SegmentCounts> = BTreeMap::new();
    let mut preview_users = Vec::new();
    for (u, &s) in seg.assignment.iter().enumerate() {
        let Some(arm) = plan.arm(s, ds.users.name(u as u32)) else {
            continue;
        };
        let n_variants = v.campaign.segment(s).map_or(0, |p| p.variants.len());
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
pub fn visible_rows(v: &CampaignView) -> Vec<(usize, usize)> {
    let rows = table_rows(&v.campaign);
    let labels: Vec<String> = rows
        .iter()
        .map(|&(s, i)| {
            let plan = v.campaign.segment(s);
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
    if a.is_navigation() {
        let n = visible_rows(&app.campaign).len();
        app.campaign.list.navigate(a, n);
        return;
    }
    match a {
        Action::Filter => app.campaign.list.start_filter(),
        Action::Enter => {
            // open the selected variant's segment on the Copy screen
            let rows = visible_rows(&app.campaign);
            let Some(&(seg, _)) =
                rows.get(app.campaign.list.selected.min(rows.len().saturating_sub(1)))
            else {
                return;
            };
            if let Some(pos) = app.segments.visible().iter().position(|&s| s == seg) {
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
            let c = &app.campaign.campaign;
            let next = ((c.control_percent + step) / 5.0).round() * 5.0;
            let next = next.clamp(0.0, 50.0);
            if next == c.control_percent {
                return;
            }
            super::copy::snapshot(app, super::copy::segment(app).unwrap_or(0));
            app.campaign.campaign.control_percent = next;
            changed(app);
            app.set_status(format!("control group: {next}% of each segment"), false);
        }
        Action::RenameCampaign => {
            let name = app.campaign.campaign.name.clone();
            app.overlay = Overlay::prompt(PromptKind::RenameCampaign, &name);
        }
        Action::Undo => super::copy::undo(app),
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
                .unwrap_or_else(|| default_dir(app));
            app.overlay = Overlay::prompt(PromptKind::ExportPath, &dir.display().to_string());
        }
        _ => {}
    }
}

fn default_dir(app: &App) -> PathBuf {
    let base = app
        .campaign
        .store
        .as_ref()
        .and_then(|s| s.dir().parent().map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("."));
    base.join("exports").join(&app.campaign.campaign.id)
}

/// Starts exporting into `dir` in the background.
pub fn export(app: &mut App, dir: &str) -> Result<bool, String> {
    let dir = PathBuf::from(dir.trim());
    if dir.as_os_str().is_empty() {
        return Err("give a folder to export into".into());
    }
    let ds = app.dataset().cloned().ok_or("no data loaded")?;
    let seg = app
        .segments
        .result
        .clone()
        .ok_or("segments are not ready")?;
    let models = app
        .compare
        .models
        .clone()
        .ok_or("recommendations are not ready")?;
    let force = app.campaign.overwrite.as_ref() == Some(&dir);
    app.campaign.overwrite = None;
    let formats: Vec<Format> = match FORMATS[app.campaign.format] {
        Some(f) => vec![f],
        None => Format::ALL.to_vec(),
    };
    record_provenance(app);
    let c = app.campaign.campaign.clone();
    let load = app.load_options().cloned();
    app.spawn(JobKind::Export, move |ctx| {
        let source = DatasetSource::new(&ds, &seg.assignment, |users: &[u32]| {
            models.top_items(Method::Hybrid, users, ITEMS_PER_USER)
        });
        let inputs = ExportInputs {
            source: &source,
            dataset: Some(dataset_fingerprint(&ds, load.as_ref())?),
            config: json!({"from": "tui", "items_per_user": ITEMS_PER_USER}),
            now: None,
        };
        let r = campaign::export(&c, &inputs, &formats, &dir, force, ctx);
        match r {
            Ok(report) => Ok(JobOutput::Exported(Box::new(report))),
            Err(crate::Error::Input { message, .. }) if message.starts_with("already exists") => {
                let msg = format!("files already exist in {}", dir.display());
                Ok(JobOutput::ExportExists(dir, msg))
            }
            Err(e) => Err(e),
        }
    });
    Ok(false)
}

/// Renames the campaign (the id, and so the saved file, stay the same).
pub fn rename(app: &mut App, name: &str) -> Result<bool, String> {
    let clean = crate::text::sanitize(name).trim().to_string();
    if clean.is_empty() {
        return Err("the name cannot be empty".into());
    }
    super::copy::snapshot(app, super::copy::segment(app).unwrap_or(0));
    app.campaign.campaign.name = clean;
    changed(app);
    Ok(false)
}

pub fn on_exported(app: &mut App, r: ExportReport) {
    let files: Vec<&str> = r.files.iter().map(|f| f.name.as_str()).collect();
    let msg = format!(
        "exported {} pushes ({} control) to {}: {}",
        r.counts.sent,
        r.counts.control,
        r.dir.display(),
        files.join(", ")
    );
    app.set_status(msg, false);
    app.campaign.last_export = Some(r);
}

pub fn on_export_exists(app: &mut App, dir: PathBuf, message: String) {
    app.set_status(
        format!("{message}; press e and enter again to overwrite"),
        true,
    );
    app.campaign.overwrite = Some(dir);
}
