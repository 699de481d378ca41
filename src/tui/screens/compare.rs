//! The Compare screen: content, CF and hybrid recommendations side by side for
//! a user or a segment, with explanations; the offline metrics of every method
//! below. The hybrid weight and CF model change instantly; fitting and
//! evaluation run in the background.

use crate::eval::{self, EvalConfig, EvalReport};
use crate::recommend::{Method, Models, Rec, RecConfig};
use crate::text::{sanitize, truncate};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::jobs::{JobKind, JobOutput};
use crate::tui::overlay::{Overlay, PromptKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table};
use ratatui::Frame;
use std::collections::HashMap;
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
    app.spawn(JobKind::Evaluate, move |ctx| {
        // The settings `pushbench evaluate` uses by default, so the screen
        // and the command show the same numbers for the same data.
        let cfg = EvalConfig::default();
        Ok(JobOutput::Evaluated(Box::new(eval::evaluate(
            &ds, &cfg, ctx,
        )?)))
    });
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
    let methods = [Method::Content, cf_method(Some(&models)), Method::Hybrid];
    v.columns = match subject {
        Some(Subject::User(u)) => Some(methods.map(|m| models.recommend(m, u, K))),
        Some(Subject::Segment(id)) => seg.as_ref().map(|s| {
            let members = s.members(id);
            let name = s.segments[id].name.clone();
            methods.map(|m| models.recommend_for_users(m, &members, K, Some(&name)))
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
                app.set_status(msg, false);
            }
        }
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

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let v = &app.compare;
    let [head, cols, metrics] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(6),
        Constraint::Length(9),
    ])
    .areas(area);
    let subject_label = match subject(app) {
        Some(Subject::User(u)) => {
            let hist = app
                .session
                .models
                .as_ref()
                .map(|m| m.history_len(u))
                .unwrap_or(0);
            let name = app
                .dataset()
                .map(|d| d.users.name(u).to_string())
                .unwrap_or_default();
            format!(
                "user {} ({hist} items in history) · esc: back to the segment",
                sanitize(&name)
            )
        }
        Some(Subject::Segment(id)) => app
            .session
            .segmentation
            .as_ref()
            .map(|s| {
                format!(
                    "segment {id}: {} ({} users)",
                    sanitize(&s.segments[id].name),
                    s.segments[id].size
                )
            })
            .unwrap_or_default(),
        None => "waiting for segments…".into(),
    };
    let weight = app
        .session
        .models
        .as_ref()
        .map(|m| m.config.hybrid_weight)
        .unwrap_or(0.0);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("for ", app.theme.muted),
            Span::styled(subject_label, app.theme.title),
            Span::styled(
                format!("  · hybrid {:.0}% CF", weight * 100.0),
                app.theme.muted,
            ),
        ])),
        head,
    );
    match (&v.columns, &v.error) {
        (_, Some(e)) => f.render_widget(
            Paragraph::new(Span::styled(sanitize(e), app.theme.error)).block(Block::bordered()),
            cols,
        ),
        (Some(c), None) => draw_columns(f, app, cols, c),
        (None, None) => {
            let msg = match app.job(JobKind::Fit) {
                Some(j) => format!(
                    "fitting recommenders… {:.0}% ({})",
                    j.fraction * 100.0,
                    sanitize(&j.message)
                ),
                None => "no recommendations yet".into(),
            };
            f.render_widget(
                Paragraph::new(msg).block(Block::bordered().border_style(app.theme.border)),
                cols,
            );
        }
    }
    draw_metrics(f, app, metrics);
}

fn draw_columns(f: &mut Frame, app: &App, area: Rect, c: &[Vec<Rec>; 3]) {
    let ds = app.dataset();
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for col in c {
        for r in col {
            *counts.entry(r.item).or_default() += 1;
        }
    }
    let titles = [
        Method::Content.title().to_string(),
        cf_method(app.session.models.as_deref()).title().to_string(),
        Method::Hybrid.title().to_string(),
    ];
    let areas: [Rect; 3] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(area);
    for ((recs, title), a) in c.iter().zip(&titles).zip(areas) {
        let block = Block::bordered()
            .title(Span::styled(
                format!(" {} ", truncate(title, a.width.saturating_sub(4) as usize)),
                app.theme.title,
            ))
            .border_style(app.theme.border);
        let inner = block.inner(a);
        f.render_widget(block, a);
        let w = inner.width as usize;
        let two_lines = inner.height as usize >= recs.len() * 2;
        let mut lines = Vec::new();
        for (i, r) in recs.iter().enumerate() {
            let title = ds
                .map(|d| sanitize(d.item_title(r.item)))
                .unwrap_or_default();
            let cat = ds
                .and_then(|d| d.item_category(r.item))
                .map(sanitize)
                .unwrap_or_default();
            let shared = counts.get(&r.item).copied().unwrap_or(0) > 1;
            let style = if shared {
                app.theme.accent
            } else {
                app.theme.base
            };
            lines.push(Line::from(vec![
                Span::styled(format!("{:>2} ", i + 1), app.theme.muted),
                Span::styled(truncate(&title, w.saturating_sub(9)), style),
                Span::styled(format!(" {:.2}", r.score), app.theme.muted),
            ]));
            if two_lines {
                lines.push(Line::from(Span::styled(
                    truncate(&format!("   {} · {}", cat, sanitize(&r.explanation)), w),
                    app.theme.muted,
                )));
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

fn draw_metrics(f: &mut Frame, app: &App, area: Rect) {
    let v = &app.compare;
    let block = Block::bordered()
        .title(Span::styled(
            " Offline metrics @10 (random 80/20 split) ",
            app.theme.title,
        ))
        .border_style(app.theme.border);
    let Some(r) = &v.report else {
        let msg = match (&v.eval_error, app.job(JobKind::Evaluate)) {
            (Some(e), _) => Span::styled(sanitize(e), app.theme.error),
            (None, Some(j)) => Span::raw(format!("evaluating… {:.0}%", j.fraction * 100.0)),
            _ => Span::raw("no evaluation yet"),
        };
        f.render_widget(Paragraph::new(msg).block(block), area);
        return;
    };
    let best = r.methods.iter().map(|m| m.ndcg).fold(f64::MIN, f64::max);
    let rows: Vec<Row> = r
        .methods
        .iter()
        .map(|m| {
            let row = Row::new(vec![
                m.name.clone(),
                format!("{:.3}", m.precision),
                format!("{:.3}", m.recall),
                format!("{:.3}", m.ndcg),
                format!("{:.3}", m.map),
                format!("{:.3}", m.hit_rate),
                format!("{:.2}", m.coverage),
                format!("{:.2}", m.diversity),
                format!("{:.2}", m.novelty),
            ]);
            if m.ndcg == best {
                row.style(app.theme.accent)
            } else {
                row
            }
        })
        .collect();
    let widths = [Constraint::Length(11)]
        .into_iter()
        .chain(std::iter::repeat_n(Constraint::Length(7), 8));
    f.render_widget(
        Table::new(rows, widths)
            .header(
                Row::new(vec![
                    "method", "prec", "recall", "ndcg", "map", "hit", "cover", "divers", "novel",
                ])
                .style(app.theme.header),
            )
            .block(block),
        area,
    );
}
