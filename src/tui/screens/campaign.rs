//! The Campaign screen's state: the campaign the approvals go into, saved to
//! the data folder after every change (with the Copy screen's drafts beside
//! it) and resumed on start; per-variant counts, a preview of per-user rows,
//! and exports run in the background.

use super::copy_draft::Draft;
use crate::campaign::edit::{apply_all, Applied};
use crate::campaign::export::ExportReport;
use crate::campaign::pipeline::{dataset_fingerprint, segmentation_provenance, source_name};
use crate::campaign::{
    self, ApprovedVariant, Arm, Campaign, DatasetBinding, DatasetSource, Edit, ExportInputs,
    Format, Plan, Row, Store,
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

/// Keeps campaigns in `store`; the campaign shown is chosen when the data
/// arrives (the last one of that data, never one built on other data).
pub fn attach_store(app: &mut App, store: Store, owner: Option<String>) {
    app.campaign.owner = owner;
    app.campaign.store = Some(store);
    if app.dataset().is_some() {
        bind_to_data(app);
    }
}

/// The loaded data as campaigns record it.
pub fn binding(app: &App) -> Option<DatasetBinding> {
    let fp = app.fingerprint()?.clone();
    let label = app
        .load_options()
        .map(|o| source_name(&o.events))
        .unwrap_or_else(|| "in-memory data".into());
    Some(DatasetBinding::new(fp, label))
}

/// After new data: resumes the last campaign built on it (with its drafts),
/// or starts a new one; campaigns of other data stay in the store, untouched.
pub fn bind_to_data(app: &mut App) {
    let Some(data) = binding(app) else {
        return;
    };
    let owner = app.campaign.owner.clone();
    let Some(store) = app.campaign.store.clone() else {
        open(app, new_campaign(owner, &data));
        return;
    };
    let others = store.list().map_or(0, |l| {
        l.iter()
            .filter(|s| {
                s.dataset
                    .as_ref()
                    .is_none_or(|d| d.fingerprint.hash != data.fingerprint.hash)
            })
            .count()
    });
    let hint = if others > 0 {
        format!(" ({others} campaign(s) of other data are not shown)")
    } else {
        String::new()
    };
    match store.load_last_for(&data.fingerprint) {
        Ok(Some(c)) => {
            let approved: usize = c.segments.iter().map(|s| s.variants.len()).sum();
            let msg = format!("resumed campaign '{}' ({approved} approved){hint}", c.name);
            open(app, c);
            app.set_status(msg, false);
        }
        Ok(None) => {
            open(app, new_campaign(owner, &data));
            if others > 0 {
                app.set_status(format!("new campaign for this data{hint}"), false);
            }
        }
        Err(e) => {
            app.warnings.push(format!("last campaign not resumed: {e}"));
            open(app, new_campaign(owner, &data));
        }
    }
}

/// Shows campaign `c` and the drafts saved beside it.
fn open(app: &mut App, c: Campaign) {
    app.copy.drafts.clear();
    app.copy.products.clear();
    app.copy.undo.clear();
    app.campaign.saved = None;
    app.campaign.last_export = None;
    app.campaign.overwrite = None;
    app.campaign.list = ListView::default();
    if let Some(store) = &app.campaign.store {
        let file = store.drafts_file(&c.id);
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
    }
    app.campaign.campaign = c;
    recount(app);
}

fn new_campaign(owner: Option<String>, data: &DatasetBinding) -> Campaign {
    let day = campaign::model::now().chars().take(10).collect::<String>();
    let mut c = Campaign::new(&format!("Campaign {day}"), owner);
    c.dataset = Some(data.clone());
    c
}

/// The campaigns of the loaded data, most recent first: "name (id)".
pub fn campaigns_of_data(app: &App) -> Vec<(String, String)> {
    let (Some(store), Some(fp)) = (&app.campaign.store, app.fingerprint()) else {
        return Vec::new();
    };
    store
        .list_for(fp)
        .unwrap_or_default()
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect()
}

/// Prompt candidates for switching campaigns, filtered by what was typed.
pub fn campaign_candidates(app: &App, typed: &str) -> Vec<String> {
    let q = typed.trim().to_lowercase();
    campaigns_of_data(app)
        .into_iter()
        .filter(|(id, name)| q.is_empty() || id.contains(&q) || name.to_lowercase().contains(&q))
        .map(|(id, name)| format!("{} ({id})", crate::text::sanitize(&name)))
        .collect()
}

/// Switches to the campaign of this data named (or with the id) `text`;
/// any other text starts a new campaign with that name.
pub fn switch_to(app: &mut App, text: &str) -> Result<bool, String> {
    let typed = crate::text::sanitize(text).trim().to_string();
    if typed.is_empty() {
        return Err("type a campaign's name, or a new name to start one".into());
    }
    let Some(data) = binding(app) else {
        return Err("no data loaded".into());
    };
    let id_in_parens = typed
        .rsplit_once(" (")
        .and_then(|(_, rest)| rest.strip_suffix(')'))
        .map(str::to_string);
    let found = campaigns_of_data(app)
        .into_iter()
        .find(|(id, name)| Some(id) == id_in_parens.as_ref() || id == &typed || name == &typed);
    let Some(store) = app.campaign.store.clone() else {
        return Err("campaigns are not saved in this session".into());
    };
    match found {
        Some((id, _)) => {
            let c = store.load(&id).map_err(|e| e.to_string())?;
            store.mark_last(&c).map_err(|e| e.to_string())?;
            let name = c.name.clone();
            open(app, c);
            app.set_status(format!("opened campaign '{name}'"), false);
        }
        None => {
            let mut c = Campaign::new(&typed, app.campaign.owner.clone());
            c.dataset = Some(data);
            store.save(&c).map_err(|e| e.to_string())?;
            open(app, c);
            app.set_status(format!("new campaign '{typed}'"), false);
        }
    }
    Ok(false)
}

/// Saves a copy of the current campaign and switches to it.
pub fn duplicate(app: &mut App) {
    let Some(store) = app.campaign.store.clone() else {
        app.set_status("campaigns are not saved in this session", true);
        return;
    };
    let id = app.campaign.campaign.id.clone();
    // A campaign nobody changed yet exists only here: save it first.
    if !store.dir().join(format!("{id}.json")).exists() {
        if let Err(e) = store.save(&app.campaign.campaign) {
            app.set_status(format!("not duplicated: {e}"), true);
            return;
        }
    }
    match store.duplicate(&id) {
        Ok(c) => {
            let name = c.name.clone();
            open(app, c);
            app.set_status(format!("duplicated as '{name}' (now open)"), false);
        }
        Err(e) => app.set_status(format!("not duplicated: {e}"), true),
    }
}

/// Deletes the current campaign once its name was typed to confirm; opens
/// the data's most recent other campaign, or a new one.
pub fn delete(app: &mut App, typed: &str) -> Result<bool, String> {
    let c = &app.campaign.campaign;
    if crate::text::sanitize(typed).trim() != c.name {
        return Err(format!(
            "type the campaign's name ('{}') to delete it",
            crate::text::sanitize(&c.name)
        ));
    }
    let Some(store) = app.campaign.store.clone() else {
        return Err("campaigns are not saved in this session".into());
    };
    let (id, name) = (c.id.clone(), c.name.clone());
    if store.dir().join(format!("{id}.json")).exists() {
        store.delete(&id).map_err(|e| e.to_string())?;
    }
    let next = campaigns_of_data(app)
        .into_iter()
        .find(|(other, _)| *other != id);
    match next.and_then(|(other, _)| store.load(&other).ok()) {
        Some(c) => open(app, c),
        None => match binding(app) {
            Some(data) => open(app, new_campaign(app.campaign.owner.clone(), &data)),
            None => return Err("no data loaded".into()),
        },
    }
    let now = crate::text::sanitize(&app.campaign.campaign.name);
    app.set_status(format!("deleted campaign '{name}'; now on '{now}'"), false);
    Ok(false)
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
    let file = store.drafts_file(&app.campaign.campaign.id);
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

/// Applies `edits` to the campaign and saves it at once (onto the latest
/// saved version, under the store's lock, so changes made in another window
/// or process are kept), records provenance and saves the drafts. Returns
/// what undoes the edits.
pub fn commit(app: &mut App, edits: Vec<Edit>) -> Applied {
    let prov = provenance(app);
    let mut applied = Applied::default();
    if !edits.is_empty() {
        match app.campaign.store.clone() {
            Some(store) => {
                match store.update(&app.campaign.campaign, edits.clone(), |c| {
                    apply_provenance(c, prov.clone())
                }) {
                    Ok(u) => {
                        let note = if u.changed_elsewhere {
                            " (merged with changes made in another window)"
                        } else {
                            ""
                        };
                        app.campaign.saved = Some(Ok(format!("{}{note}", u.campaign.updated)));
                        app.campaign.campaign = u.campaign;
                        applied = u.applied;
                    }
                    Err(e) => {
                        // Keep the change in this session; say it is not saved.
                        applied = apply_all(edits, &mut app.campaign.campaign);
                        apply_provenance(&mut app.campaign.campaign, prov);
                        app.campaign.campaign.touch();
                        app.campaign.saved = Some(Err(format!("autosave failed: {e}")));
                    }
                }
            }
            None => {
                applied = apply_all(edits, &mut app.campaign.campaign);
                apply_provenance(&mut app.campaign.campaign, prov);
                app.campaign.campaign.touch();
            }
        }
    }
    save_drafts(app);
    if app.screen() == crate::tui::app::Screen::Campaign {
        recount(app);
    }
    applied
}

/// Provenance of what the screens hold now (None where nothing is ready).
#[derive(Clone)]
struct Prov {
    files: Option<(String, Option<String>)>,
    segmentation: Option<serde_json::Value>,
    recommender: Option<serde_json::Value>,
    copy: Option<serde_json::Value>,
}

fn provenance(app: &App) -> Prov {
    let files = app
        .load_options()
        .map(|o| (source_name(&o.events), o.items.as_ref().map(source_name)));
    let segmentation = app.segments.result.as_ref().map(|seg| {
        let k = match app.segments.opts.k {
            crate::segment::KChoice::Auto { .. } => json!("auto"),
            crate::segment::KChoice::Fixed(k) => json!(k),
        };
        segmentation_provenance(seg, k)
    });
    let recommender = app.compare.models.as_ref().map(|m| {
        json!({
            "method": Method::Hybrid.name(), "items_per_user": ITEMS_PER_USER,
            "config": serde_json::to_value(&m.config).unwrap_or_default(),
        })
    });
    let copy = app.copy.generator.as_ref().map(|g| {
        json!({
            "model_id": g.model_id(),
            "backend": if g.is_gguf() { "gguf" } else { "native" },
            "tone": app.copy.tone.label(),
            "platform": app.copy.platform.label(),
        })
    });
    Prov {
        files,
        segmentation,
        recommender,
        copy,
    }
}

fn apply_provenance(c: &mut Campaign, p: Prov) {
    if let Some(s) = p.segmentation {
        c.provenance.segmentation = s;
    }
    if let Some(r) = p.recommender {
        c.provenance.recommender = r;
    }
    if let Some(x) = p.copy {
        c.provenance.copy = x;
    }
    if let Some((events, items)) = p.files {
        c.provenance.events_file = Some(events);
        c.provenance.items_file = items;
    }
}

/// The approval edit for a draft of `segment` (the same edit `pushbench
/// campaign approve` applies).
pub fn approval(app: &App, segment: usize, d: &Draft) -> Edit {
    let (name, size) = app
        .segments
        .result
        .as_ref()
        .and_then(|r| r.segments.iter().find(|s| s.id == segment))
        .map(|s| (s.name.clone(), Some(s.size)))
        .unwrap_or_else(|| (format!("Segment {segment}"), None));
    let platform = match app.copy.platform {
        Platform::Ios => campaign::Platform::Ios,
        Platform::Android => campaign::Platform::Android,
        Platform::Web => campaign::Platform::Web,
    };
    let (title, body) = d.template();
    Edit::Approve {
        segment,
        name,
        size,
        variant: ApprovedVariant {
            label: String::new(),
            title,
            body,
            tone: d.variant.tone.label().to_string(),
            offer: Some(d.variant.offer.label().to_string()),
            products: d.variant.products.clone(),
            split: 0,
            critic_score: d.variant.critic_score,
            model_id: d.variant.model_id.clone(),
            seed: d.variant.seed,
            approved_by: app.campaign.owner.clone().or_else(|| Some("tui".into())),
            approved_at: Some(campaign::model::now()),
        },
        platform: Some(platform),
    }
}

/// Recomputes the counts, the row preview and the export problems.
pub fn recount(app: &mut App) {
    if let Some(store) = &app.campaign.store {
        if let Ok(Some(newer)) = store.newer(&app.campaign.campaign) {
            app.campaign.campaign = newer;
            app.campaign.saved = Some(Ok(format!(
                "{} (reloaded: changed in another window)",
                app.campaign.campaign.updated
            )));
        }
    }
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
            let applied = commit(app, vec![Edit::SetControl(next)]);
            super::copy::set_undo(app, applied.undo);
            app.set_status(format!("control group: {next}% of each segment"), false);
        }
        Action::RenameCampaign => {
            let name = app.campaign.campaign.name.clone();
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
    if let Some(data) = binding(app) {
        app.campaign
            .campaign
            .check_data(&data.fingerprint, &data.label)
            .map_err(|e| e.to_string())?;
    }
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
    let mut c = app.campaign.campaign.clone();
    apply_provenance(&mut c, provenance(app));
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
            Err(crate::Error::Exists { .. }) => {
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
    let applied = commit(app, vec![Edit::Rename(clean)]);
    super::copy::set_undo(app, applied.undo);
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
