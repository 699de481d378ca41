//! The Copy screen's state: drafts per segment written by the copy model in
//! the background, each approved, rejected, edited or regenerated. Approvals
//! go straight into the campaign (see `campaign`), which autosaves.

use super::campaign as camp;
use crate::copy::taste::DecisionKind;
use crate::copy::{CopyRequest, GenOptions, Generator, Offer, Platform, Tone, Variant};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::jobs::{JobKind, JobOutput};
use crate::tui::list::ListView;
use crate::tui::overlay::{Overlay, PromptKind};
use crate::workbench::draft::{Draft, Status};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Variants written per request.
pub const VARIANTS: usize = 5;
/// Recommended products a segment's copy may name.
pub const PRODUCTS: usize = 5;

/// An undo step: the edits that undo a change to the campaign, and one
/// segment's drafts before it.
pub struct Snapshot {
    /// What the step did, for the message that undoes it ("rejection of …").
    pub what: String,
    pub undo: Vec<crate::campaign::Edit>,
    pub segment: usize,
    pub drafts: Vec<Draft>,
}

/// What the running generation job is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pending {
    pub segment: usize,
    /// Replace this draft (regenerate one); None: replace every unapproved one.
    pub replace: Option<usize>,
}

#[derive(Default)]
pub struct CopyView {
    pub generator: Option<Arc<Generator>>,
    pub list: ListView,
    pub error: Option<String>,
    pub undo: Vec<Snapshot>,
    pub pending: Option<Pending>,
    /// Bumped by every regeneration, so each gives new lines.
    pub round: u64,
    /// What a few users would receive for the shown draft, kept while the
    /// draft, the campaign and the models stay the same (drawing reads it).
    pub recipients: std::cell::RefCell<Option<RecipientsCache>>,
}

/// The rows a few members would get for a draft, or why none can be shown.
pub type Recipients = Result<Vec<crate::campaign::Row>, String>;

/// The data, segments and models a cached result was computed from.
pub type Pins = (
    Option<Arc<crate::data::Dataset>>,
    Option<Arc<crate::segment::Segmentation>>,
    Option<Arc<crate::recommend::Models>>,
);

/// [`Recipients`] with what they were computed from. The data, segments and
/// models are held, so a recomputed one can never reuse the address the key
/// was made from.
pub struct RecipientsCache {
    pub key: u64,
    pub pins: Pins,
    pub rows: Recipients,
}

impl CopyView {
    /// Indices of `segment`'s drafts that pass the `/` filter.
    pub fn visible(&self, drafts: &BTreeMap<usize, Vec<Draft>>, segment: usize) -> Vec<usize> {
        let drafts = drafts.get(&segment).map(Vec::as_slice).unwrap_or(&[]);
        self.list
            .visible(drafts.iter().map(|d| d.variant.title.as_str()))
    }

    /// The selected draft's index in `drafts` of `segment`.
    pub fn selected(&self, drafts: &BTreeMap<usize, Vec<Draft>>, segment: usize) -> Option<usize> {
        self.list.selected_index(&self.visible(drafts, segment))
    }
}

/// The segment the Copy screen writes for: the one selected on Segments.
pub fn segment(app: &App) -> Option<usize> {
    app.segments.selected(app.session.segmentation.as_deref())
}

/// Called when the screen is shown or its inputs change: writes drafts for
/// the segment when it has none yet.
pub fn refresh(app: &mut App) {
    let Some(id) = segment(app) else {
        return;
    };
    if app.session.drafts.get(&id).is_some_and(|d| !d.is_empty())
        || app.job(JobKind::Generate).is_some()
    {
        return;
    }
    if app.session.models.is_some() {
        generate(app, id, None);
    }
}

/// The segment's request (the session's one brief builder): its profile,
/// the tone, platform and its recommended products (hybrid, best first).
fn request(app: &App, id: usize) -> Result<CopyRequest, String> {
    let spec = crate::workbench::BriefSpec {
        products: PRODUCTS,
        ..app.session.brief_spec()
    };
    app.session.brief(id, &spec)
}

/// Starts writing drafts for `segment` in the background.
pub fn generate(app: &mut App, segment: usize, replace: Option<usize>) {
    let req = match request(app, segment) {
        Ok(r) => r,
        Err(e) => {
            app.copy.error = Some(e.clone());
            app.set_status(e, true);
            return;
        }
    };
    app.copy.error = None;
    app.session.products.insert(segment, req.products.clone());
    let opts = GenOptions {
        n: if replace.is_some() { 1 } else { VARIANTS },
        seed: crate::workbench::brief::seed(42, segment, app.copy.round),
        ..GenOptions::default()
    };
    app.copy.round += 1;
    app.copy.pending = Some(Pending { segment, replace });
    let generator = app.copy.generator.clone();
    app.spawn(JobKind::Generate, move |ctx| {
        let generator = match generator {
            Some(g) => g,
            None => {
                ctx.progress(0.0, "loading the copy model");
                Arc::new(Generator::load_default()?)
            }
        };
        ctx.progress(0.05, "writing copy");
        let variants = generator.generate(&req, &opts, ctx)?;
        Ok(JobOutput::Generated {
            generator,
            variants,
        })
    });
}

/// Folds generated variants into the pending segment's drafts.
pub fn on_generated(app: &mut App, generator: Arc<Generator>, variants: Vec<Variant>) {
    app.session.copy_model = Some(crate::campaign::model::CopyProvenance {
        model_id: generator.model_id().to_string(),
        backend: if generator.is_gguf() {
            "gguf"
        } else {
            "native"
        }
        .into(),
        ..Default::default()
    });
    app.copy.generator = Some(generator);
    let Some(p) = app.copy.pending.take() else {
        return;
    };
    if variants.is_empty() {
        let msg = "no variant passed the guardrails; press N to try again".to_string();
        app.copy.error = Some(msg.clone());
        app.set_status(msg, true);
        return;
    }
    let mut fresh: Vec<Draft> = variants.into_iter().map(Draft::new).collect();
    // the learnt critic, when it agrees with held-out decisions, orders them
    if app.session.taste.as_ref().is_some_and(|t| t.trusted()) {
        let key = |d: &Draft| app.session.taste_score(d).unwrap_or(0.0);
        fresh.sort_by(|a, b| key(b).total_cmp(&key(a)));
    }
    // a regeneration is a step of its own: undo brings the old text back
    let what = match p.replace {
        Some(i) => format!("the regeneration of {}", draft_name(app, p.segment, i)),
        None => "the new drafts".to_string(),
    };
    if app
        .session
        .drafts
        .get(&p.segment)
        .is_some_and(|d| !d.is_empty())
    {
        snapshot(app, p.segment, what);
    }
    let drafts = app.session.drafts.entry(p.segment).or_default();
    match p.replace {
        Some(i) if i < drafts.len() => {
            if let Some(d) = fresh.into_iter().next() {
                drafts[i] = d;
            }
        }
        _ => {
            drafts.retain(|d| d.status == Status::Approved);
            drafts.extend(fresh);
        }
    }
    camp::save_drafts(app);
    app.set_status("copy ready", false);
}

/// Records an undo step before a change to the campaign or `segment`'s drafts.
pub fn snapshot(app: &mut App, segment: usize, what: impl Into<String>) {
    let s = Snapshot {
        what: what.into(),
        undo: Vec::new(),
        segment,
        drafts: app
            .session
            .drafts
            .get(&segment)
            .cloned()
            .unwrap_or_default(),
    };
    app.copy.undo.push(s);
    if app.copy.undo.len() > 100 {
        app.copy.undo.remove(0);
    }
}

/// Records what undoes the change the last [`snapshot`] was taken for.
pub fn set_undo(app: &mut App, undo: Vec<crate::campaign::Edit>) {
    if let Some(s) = app.copy.undo.last_mut() {
        s.undo = undo;
    }
}

pub fn on_action(app: &mut App, a: Action) {
    let Some(seg) = segment(app) else {
        app.set_status("no segment selected yet", true);
        return;
    };
    let n = app.copy.visible(&app.session.drafts, seg).len();
    if a.is_navigation() {
        app.copy.list.navigate(a, n);
        return;
    }
    let sel = app.copy.selected(&app.session.drafts, seg);
    match a {
        Action::Filter => app.copy.list.start_filter(),
        Action::Approve => with_selected(app, seg, sel, "approval", approve),
        Action::Reject => with_selected(app, seg, sel, "rejection", reject),
        Action::Edit | Action::Enter => {
            if let Some(i) = sel {
                let d = &app.session.drafts[&seg][i];
                let title = d.template().0;
                app.overlay = Overlay::prompt(PromptKind::EditTitle(i), &title);
            }
        }
        Action::Regenerate => match sel {
            Some(i) if app.session.drafts[&seg][i].status == Status::Approved => app.set_status(
                "this variant is approved: reject it (x) before regenerating it",
                true,
            ),
            Some(i) => generate(app, seg, Some(i)),
            None => generate(app, seg, None),
        },
        Action::RegenerateAll => generate(app, seg, None),
        Action::CycleTone => {
            let all = Tone::ALL;
            app.session.tone = all[(app.session.tone.index() + 1) % all.len()];
            app.set_status(
                format!("tone: {}; N rewrites the drafts", app.session.tone.words()),
                false,
            );
        }
        Action::CycleOffer => {
            // auto, then each offer in turn, then auto again
            let all = Offer::ALL;
            app.session.offer = match app.session.offer {
                None => all.first().copied(),
                Some(o) => all.get(o.index() + 1).copied(),
            };
            let shown = app
                .session
                .offer
                .map_or("auto (what the data backs)".to_string(), |o| o.words());
            app.set_status(format!("offer: {shown}; N rewrites the drafts"), false);
        }
        Action::SetDiscount => {
            let now = app.session.campaign.discount.clone().unwrap_or_default();
            app.overlay = Overlay::prompt(PromptKind::SetDiscount, &now);
        }
        Action::CyclePlatform => {
            let all = Platform::ALL;
            let i = all
                .iter()
                .position(|p| *p == app.session.platform)
                .unwrap_or(0);
            app.session.platform = all[(i + 1) % all.len()];
            let platform = app.session.platform;
            for (seg, d) in app.session.drafts.iter_mut() {
                let products = app.session.products.get(seg).map_or(&[][..], Vec::as_slice);
                d.iter_mut().for_each(|d| d.recheck(platform, products));
            }
        }
        Action::Undo => undo(app),
        _ => {}
    }
}

fn with_selected(
    app: &mut App,
    seg: usize,
    sel: Option<usize>,
    what: &str,
    f: fn(&mut App, usize, usize) -> Result<String, String>,
) {
    let Some(i) = sel else {
        app.set_status("no draft selected", true);
        return;
    };
    let what = format!("the {what} of {}", draft_name(app, seg, i));
    snapshot(app, seg, what);
    match f(app, seg, i) {
        Ok(msg) => app.set_status(msg, false),
        Err(e) => {
            app.copy.undo.pop();
            app.set_status(e, true);
        }
    }
}

fn approve(app: &mut App, seg: usize, i: usize) -> Result<String, String> {
    let d = &app.session.drafts[&seg][i];
    if d.status == Status::Approved {
        return Err("already approved".into());
    }
    if let Some(issue) = d.issues.first() {
        return Err(format!("cannot approve: {issue} (e edits it)"));
    }
    let edit = crate::workbench::approval(&app.session, seg, d);
    let decision = d.decision(true, DecisionKind::Approved);
    let d = &mut app.session.drafts.get_mut(&seg).ok_or("no drafts")?[i];
    d.status = Status::Approved;
    app.session.record(vec![decision]);
    let applied = camp::commit(app, vec![edit]);
    let label = applied.label.clone().unwrap_or_default();
    if let Some(d) = app.session.drafts.get_mut(&seg).and_then(|v| v.get_mut(i)) {
        d.label = Some(label.clone());
    }
    set_undo(app, applied.undo);
    camp::save_drafts(app);
    Ok(format!("approved as variant {label}; autosaved"))
}

fn reject(app: &mut App, seg: usize, i: usize) -> Result<String, String> {
    let d = &mut app.session.drafts.get_mut(&seg).ok_or("no drafts")?[i];
    if d.status == Status::Rejected {
        return Err("already rejected".into());
    }
    let label = d.label.take();
    d.status = Status::Rejected;
    let decision = d.decision(false, DecisionKind::Rejected);
    app.session.record(vec![decision]);
    let Some(l) = label else {
        camp::commit(app, Vec::new());
        return Ok("rejected".into());
    };
    let applied = camp::commit(
        app,
        vec![crate::campaign::Edit::Withdraw {
            segment: seg,
            label: l.clone(),
        }],
    );
    set_undo(app, applied.undo);
    Ok(format!("variant {l} withdrawn and rejected"))
}

/// "'Your tea is back'" (a draft's title, short), for messages.
fn draft_name(app: &App, seg: usize, i: usize) -> String {
    let t = app
        .session
        .drafts
        .get(&seg)
        .and_then(|d| d.get(i))
        .map(|d| crate::copy::slots::deliver_liquid(&d.variant.title))
        .unwrap_or_default();
    format!(
        "'{}'",
        crate::text::abbreviate(&crate::text::sanitize(&t), 32)
    )
}

/// Applies an edited title and body to draft `i` of the current segment.
pub fn apply_edit(app: &mut App, i: usize, title: &str, body: &str) -> Result<(), String> {
    let seg = segment(app).ok_or("no segment selected")?;
    let what = format!("the edit of {}", draft_name(app, seg, i));
    snapshot(app, seg, what);
    let products = app.session.products.get(&seg).cloned().unwrap_or_default();
    let platform = app.session.platform;
    let currency = app.session.campaign.currency.clone();
    let Some(d) = app.session.drafts.get_mut(&seg).and_then(|v| v.get_mut(i)) else {
        app.copy.undo.pop();
        return Err("that draft no longer exists".into());
    };
    let before = d.decision(false, DecisionKind::EditedFrom);
    d.edit(title, body, &products, platform, &currency);
    let d = d.clone();
    // the text it replaced counts against, the new text for
    if before.title != d.template().0 || before.body != d.template().1 {
        app.session
            .record(vec![before, d.decision(true, DecisionKind::EditedTo)]);
    }
    let mut edits = Vec::new();
    if let (Status::Approved, Some(label)) = (d.status, &d.label) {
        let (title, body) = d.template();
        edits.push(crate::campaign::Edit::SetText {
            segment: seg,
            label: label.clone(),
            title,
            body,
        });
    }
    let applied = camp::commit(app, edits);
    set_undo(app, applied.undo);
    if let Some(issue) = d.issues.first() {
        app.set_status(format!("edited; check: {issue}"), true);
    } else {
        app.set_status("edited; autosaved", false);
    }
    Ok(())
}

pub fn undo(app: &mut App) {
    let Some(s) = app.copy.undo.pop() else {
        app.set_status("nothing to undo", false);
        return;
    };
    app.session.drafts.insert(s.segment, s.drafts);
    camp::commit(app, s.undo);
    let left = match app.copy.undo.len() {
        0 => "nothing more to undo".to_string(),
        1 => "1 more step to undo".to_string(),
        n => format!("{n} more steps to undo"),
    };
    app.set_status(format!("undid {}; autosaved; {left}", s.what), false);
}

/// Sets the campaign's discount from the prompt ("15", "15%", or empty for
/// none); the drafts written next may promise it.
pub fn set_discount(app: &mut App, text: &str) -> Result<bool, String> {
    let t = text.trim();
    let d = if t.is_empty() {
        None
    } else {
        let pct = crate::campaign::render::percent(t)
            .ok_or_else(|| format!("'{t}' is not a percentage between 0 and 100"))?;
        Some(format!("{pct}%"))
    };
    let seg = segment(app).unwrap_or(0);
    snapshot(app, seg, "the discount change");
    let applied = camp::commit(app, vec![crate::campaign::Edit::SetDiscount(d.clone())]);
    set_undo(app, applied.undo);
    let shown = d.unwrap_or_else(|| "none".into());
    app.set_status(format!("discount: {shown}; N rewrites the drafts"), false);
    Ok(false)
}
