//! The Compare screen: content, CF and hybrid recommendations side by side for
//! a user or a segment, with explanations; the offline metrics of every method
//! below. The hybrid weight and CF model change instantly; fitting and
//! evaluation run in the background.

use crate::eval::{self, EvalConfig, EvalReport, MethodMetrics, Prepared};
use crate::recommend::{CfModel, Method, Models, Rec, RecConfig};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::jobs::{JobKind, JobOutput};
use crate::tui::overlay::{Overlay, PromptKind};
use std::sync::Arc;

pub const K: usize = 10;

/// Whom the recommendations are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject {
    /// Follows the segment selected on the Segments screen.
    Segment(usize),
    User(u32),
}

#[derive(Default)]
pub struct CompareView {
    pub report: Option<EvalReport>,
    pub subject: Option<Subject>,
    /// (content, cf, hybrid) for the subject.
    pub columns: Option<[Vec<Rec>; 3]>,
    pub error: Option<String>,
    pub eval_error: Option<String>,
    /// The evaluation's fitted split, kept to score the hybrid again.
    pub prepared: Option<Arc<Prepared>>,
    /// The blend the report's hybrid row was scored at.
    pub scored_at: Option<(f32, CfModel)>,
    /// The selected product: column (0 content, 1 CF, 2 hybrid) and rank.
    pub col: usize,
    pub row: usize,
}

pub fn start(app: &mut App) {
    let Some(ds) = app.dataset().cloned() else {
        return;
    };
    app.compare.error = None;
    app.spawn(JobKind::Fit, move |ctx| {
        let m = Models::fit(&ds, &RecConfig::default(), ctx)?;
        Ok(JobOutput::Fitted(Box::new(m)))
    });
    let Some(ds) = app.dataset().cloned() else {
        return;
    };
    app.compare.prepared = None;
    app.spawn(JobKind::Evaluate, move |ctx| {
        // The settings `pushbench evaluate` uses by default, so the screen
        // and the command show the same numbers for the same data.
        let cfg = EvalConfig::default();
        let (report, prep) = eval::evaluate_prepared(&ds, &cfg, ctx)?;
        Ok(JobOutput::Evaluated(Box::new(report), Arc::new(prep)))
    });
}

/// The blend the hybrid is shown at: (weight, CF model).
fn blend(app: &App) -> Option<(f32, CfModel)> {
    let m = app.session.models.as_ref()?;
    Some((m.config.hybrid_weight, m.config.cf_model))
}

pub fn on_evaluated(app: &mut App, r: EvalReport, prep: Arc<Prepared>) {
    let fitted = (
        prep.models.config.hybrid_weight,
        prep.models.config.cf_model,
    );
    app.compare.report = Some(r);
    app.compare.scored_at = Some(fitted);
    app.compare.prepared = Some(prep);
    if blend(app).is_some_and(|b| b != fitted) {
        rescore(app);
    }
}

/// Scores the hybrid row again at the blend now shown (in the background).
fn rescore(app: &mut App) {
    let (Some(prep), Some(at)) = (app.compare.prepared.clone(), blend(app)) else {
        // the evaluation still runs; it is rescored when it arrives
        return;
    };
    if app.compare.scored_at == Some(at) {
        app.cancel_job(JobKind::Rescore);
        return;
    }
    app.spawn(JobKind::Rescore, move |ctx| {
        let r = prep.score(&[Method::Hybrid], ctx, None, Some(at))?;
        let m = r.methods.into_iter().next().ok_or_else(|| {
            crate::Error::Other("the hybrid could not be scored on this split".into())
        })?;
        Ok(JobOutput::Rescored(Box::new(m), at))
    });
}

pub fn on_rescored(app: &mut App, m: MethodMetrics, at: (f32, CfModel)) {
    let v = &mut app.compare;
    if let Some(r) = v.report.as_mut() {
        if let Some(row) = r.methods.iter_mut().find(|x| x.name == m.name) {
            *row = m;
            v.scored_at = Some(at);
        }
    }
}

pub fn on_fitted(app: &mut App, m: Models) {
    app.session.set_models(m);
    refresh(app);
}

/// The CF model shown in the middle column (the one the hybrid uses).
pub fn cf_method(models: Option<&Models>) -> Method {
    models
        .as_ref()
        .map(|m| m.config.cf_model.method())
        .unwrap_or(Method::Als)
}

/// The methods of the three columns: content, the CF model, hybrid.
pub fn column_methods(models: Option<&Models>) -> [Method; 3] {
    [Method::Content, cf_method(models), Method::Hybrid]
}

/// The current subject: a picked user, else the Segments screen's selection.
pub fn subject(app: &App) -> Option<Subject> {
    match app.compare.subject {
        Some(Subject::User(u)) => Some(Subject::User(u)),
        _ => app
            .segments
            .selected(app.session.segmentation.as_deref())
            .map(Subject::Segment),
    }
}

/// Recomputes the three columns for the subject.
pub fn refresh(app: &mut App) {
    let subject = subject(app);
    let seg = app.session.segmentation.clone();
    let Some(models) = app.session.models.clone() else {
        return;
    };
    let v = &mut app.compare;
    let methods = column_methods(Some(&models));
    // a method the data cannot support gets no list (its column says why)
    let usable = |m: Method| models.missing(m).is_none();
    v.columns = match subject {
        Some(Subject::User(u)) => Some(methods.map(|m| match usable(m) {
            true => models.recommend(m, u, K),
            false => Vec::new(),
        })),
        Some(Subject::Segment(id)) => seg.as_ref().map(|s| {
            let members = s.members(id);
            let name = s.segments[id].name.clone();
            methods.map(|m| match usable(m) {
                true => models.recommend_for_users(m, &members, K, Some(&name)),
                false => Vec::new(),
            })
        }),
        None => None,
    };
}

pub fn on_action(app: &mut App, a: Action) {
    match a {
        Action::WeightUp | Action::WeightDown => {
            if let Some(m) = app.session.models.as_mut().map(Arc::make_mut) {
                let step = if a == Action::WeightUp { 0.1 } else { -0.1 };
                let w = ((m.config.hybrid_weight + step) * 10.0).round() / 10.0;
                let cf = m.config.cf_model;
                m.set_hybrid(w.clamp(0.0, 1.0), cf);
                let msg = format!(
                    "hybrid: {:.0}% CF, {:.0}% content",
                    m.config.hybrid_weight * 100.0,
                    (1.0 - m.config.hybrid_weight) * 100.0
                );
                refresh(app);
                rescore(app);
                app.set_status(msg, false);
            }
        }
        Action::CycleCf => {
            if let Some(m) = app.session.models.as_mut().map(Arc::make_mut) {
                let w = m.config.hybrid_weight;
                let mut next = m.config.cf_model.next();
                // EASE is absent for catalogues too large for it
                if next.method() == Method::Ease && m.ease.is_none() {
                    next = next.next();
                }
                m.set_hybrid(w, next);
                let msg = format!("CF model: {}", next.method().title());
                refresh(app);
                rescore(app);
                app.set_status(msg, false);
            }
        }
        a if a.is_navigation() || a == Action::Left || a == Action::Right => move_cursor(app, a),
        Action::PickUser | Action::Filter => {
            app.overlay = Overlay::prompt(PromptKind::PickUser, "");
        }
        Action::Back => {
            if matches!(app.compare.subject, Some(Subject::User(_))) {
                app.compare.subject = None;
                refresh(app);
            }
        }
        _ => {}
    }
}

/// Users whose id contains the query (at most `max`).
pub fn search_users(app: &App, q: &str, max: usize) -> Vec<String> {
    let Some(ds) = app.dataset() else {
        return Vec::new();
    };
    let q = q.to_lowercase();
    ds.users
        .names()
        .iter()
        .filter(|n| n.to_lowercase().contains(&q))
        .take(max)
        .cloned()
        .collect()
}

pub fn pick_user(app: &mut App, id: &str) -> Result<bool, String> {
    let Some(ds) = app.dataset() else {
        return Err("no data loaded".into());
    };
    let u = match ds.users.get(id) {
        Some(u) => u,
        None => {
            let matches = search_users(app, id, 2);
            match matches.as_slice() {
                [one] => ds.users.get(one).ok_or("no such user")?,
                [] => return Err(format!("no user matches '{id}'")),
                _ => return Err(format!("'{id}' matches several users; type more")),
            }
        }
    };
    app.compare.subject = Some(Subject::User(u));
    refresh(app);
    Ok(false)
}

/// Moves the selection: up/down within a column, left/right across them.
fn move_cursor(app: &mut App, a: Action) {
    let v = &mut app.compare;
    let len = |v: &CompareView, c: usize| v.columns.as_ref().map_or(0, |cols| cols[c].len());
    match a {
        // to the next column that has products
        Action::Left => {
            if let Some(c) = (0..v.col).rev().find(|&c| len(v, c) > 0) {
                v.col = c;
            }
        }
        Action::Right => {
            if let Some(c) = (v.col + 1..3).find(|&c| len(v, c) > 0) {
                v.col = c;
            }
        }
        Action::Up => v.row = v.row.saturating_sub(1),
        Action::Down => v.row += 1,
        Action::PageUp | Action::Top => v.row = 0,
        Action::PageDown | Action::Bottom => v.row = usize::MAX,
        _ => {}
    }
    v.row = v.row.min(len(v, v.col).saturating_sub(1));
}

/// The selected recommendation: (column, rank, item).
pub fn selected(app: &App) -> Option<(usize, usize, &Rec)> {
    let v = &app.compare;
    let cols = v.columns.as_ref()?;
    // the chosen column, or the first after it with products
    let col = (v.col.min(2)..3)
        .chain(0..v.col.min(2))
        .find(|&c| !cols[c].is_empty())?;
    let row = v.row.min(cols[col].len().checked_sub(1)?);
    Some((col, row, &cols[col][row]))
}

/// Where each method of the three columns ranks an item (1-based), if it does.
pub fn ranks_of(app: &App, item: u32) -> [Option<usize>; 3] {
    let mut out = [None; 3];
    if let Some(cols) = &app.compare.columns {
        for (c, col) in cols.iter().enumerate() {
            out[c] = col.iter().position(|r| r.item == item).map(|p| p + 1);
        }
    }
    out
}

pub use super::compare_draw::draw;
