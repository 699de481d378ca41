//! Drawing the Compare screen: three ranked columns with a cursor, a detail
//! pane for the selected product, and the offline metrics in words.

use super::compare::{column_methods, ranks_of, selected, subject, Subject};
use crate::eval::EvalReport;
use crate::recommend::{Method, Rec};
use crate::text::{abbreviate, abbreviate_middle, sanitize, wrap};
use crate::tui::app::App;
use crate::tui::jobs::JobKind;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table};
use ratatui::Frame;

/// The metrics table's columns: header in words, the metric's short name
/// (as `pushbench evaluate` prints it, explained in help) and its value.
type Metric = (&'static str, fn(&crate::eval::MethodMetrics) -> f64);

const METRICS: &[Metric] = &[
    ("hit rate", |m| m.hit_rate),
    ("precision", |m| m.precision),
    ("recall", |m| m.recall),
    ("ranking", |m| m.ndcg),
    ("catalogue", |m| m.coverage),
    ("variety", |m| m.diversity),
    ("novelty", |m| m.novelty),
];

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let n_notes = app
        .compare
        .report
        .as_ref()
        .map_or(0, |r| r.unavailable.len());
    let n_rows = app.compare.report.as_ref().map_or(1, |r| r.methods.len());
    let metrics_h = (n_rows + 4 + n_notes.min(2)) as u16;
    let detail_h = if area.height >= 36 { 7 } else { 5 };
    let [head, cols, detail, metrics] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(5),
        Constraint::Length(detail_h),
        Constraint::Length(metrics_h),
    ])
    .areas(area);
    draw_head(f, app, head);
    let v = &app.compare;
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
    draw_detail(f, app, detail);
    draw_metrics(f, app, metrics);
}

fn draw_head(f: &mut Frame, app: &App, area: Rect) {
    let label = match subject(app) {
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
                "user {} ({hist} products in their history; esc: back to the segment)",
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
    let blend = app.session.models.as_ref().map(|m| {
        format!(
            " · hybrid {:.0}% {}",
            m.config.hybrid_weight * 100.0,
            m.config.cf_model.method().label()
        )
    });
    let blend = blend.unwrap_or_default();
    let room = (area.width as usize).saturating_sub(blend.chars().count() + 13);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled("Products for ", app.theme.muted),
            Span::styled(abbreviate(&label, room), app.theme.title),
            Span::styled(blend, app.theme.muted),
        ])),
        area,
    );
}

fn draw_columns(f: &mut Frame, app: &App, area: Rect, c: &[Vec<Rec>; 3]) {
    let ds = app.dataset();
    let models = app.session.models.as_deref();
    let methods = column_methods(models);
    let cursor = selected(app).map(|(c, r, _)| (c, r));
    let areas: [Rect; 3] = Layout::horizontal([Constraint::Ratio(1, 3); 3]).areas(area);
    for (ci, ((recs, m), a)) in c.iter().zip(methods).zip(areas).enumerate() {
        let focused = cursor.is_some_and(|(c, _)| c == ci);
        // the full name when it fits, else the short one
        let room = a.width.saturating_sub(4) as usize;
        let title = match m.title() {
            t if t.chars().count() <= room => t.to_string(),
            _ if m == Method::Content => abbreviate("Content-based", room),
            _ if m == Method::Hybrid => abbreviate(
                &models.map_or("Hybrid".to_string(), |x| {
                    format!(
                        "Hybrid {:.0}% {}",
                        x.config.hybrid_weight * 100.0,
                        x.config.cf_model.method().label()
                    )
                }),
                room,
            ),
            _ => abbreviate(m.label(), room),
        };
        let block = Block::bordered()
            .title(Span::styled(format!(" {title} "), app.theme.title))
            .border_style(if focused {
                app.theme.accent
            } else {
                app.theme.border
            });
        let inner = block.inner(a);
        f.render_widget(block, a);
        let w = inner.width as usize;
        if let Some(why) = models.and_then(|x| x.missing(m)) {
            let lines: Vec<Line> = wrap(&why, w, inner.height as usize)
                .into_iter()
                .map(|l| Line::from(Span::styled(l, app.theme.muted)))
                .collect();
            f.render_widget(Paragraph::new(lines), inner);
            continue;
        }
        if recs.is_empty() {
            f.render_widget(
                Paragraph::new(Span::styled("nothing to recommend", app.theme.muted)),
                inner,
            );
            continue;
        }
        let two_lines = inner.height as usize >= recs.len() * 2;
        // keep the cursor in view
        let per = if two_lines { 2 } else { 1 };
        let fit = (inner.height as usize / per).max(1);
        let sel = cursor.filter(|(c, _)| *c == ci).map(|(_, r)| r);
        let first = sel.map_or(0, |r| (r + 1).saturating_sub(fit));
        let mut lines = Vec::new();
        for (i, r) in recs.iter().enumerate().skip(first).take(fit) {
            let name = ds
                .map(|d| sanitize(d.item_title(r.item)))
                .unwrap_or_default();
            let shared = ranks_of(app, r.item).iter().flatten().count() > 1;
            let mut style = if shared {
                app.theme.accent
            } else {
                app.theme.base
            };
            if sel == Some(i) {
                style = app.theme.selected;
            }
            lines.push(Line::from(vec![
                Span::styled(format!("{:>2} ", i + 1), app.theme.muted),
                Span::styled(abbreviate_middle(&name, w.saturating_sub(3)), style),
            ]));
            if two_lines {
                let cat = ds
                    .and_then(|d| d.item_category(r.item))
                    .map(sanitize)
                    .unwrap_or_default();
                let text = match cat.is_empty() {
                    true => sanitize(&r.explanation),
                    false => format!("{cat} · {}", sanitize(&r.explanation)),
                };
                lines.push(Line::from(Span::styled(
                    format!("   {}", abbreviate(&text, w.saturating_sub(3))),
                    app.theme.muted,
                )));
            }
        }
        f.render_widget(Paragraph::new(lines), inner);
    }
}

fn draw_detail(f: &mut Frame, app: &App, area: Rect) {
    let block = Block::bordered()
        .title(Span::styled(" Selected product ", app.theme.title))
        .border_style(app.theme.border);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let (Some((col, rank, rec)), Some(ds)) = (selected(app), app.dataset()) else {
        f.render_widget(
            Paragraph::new(Span::styled(
                "←/→ choose a column, ↑/↓ a product: its details show here",
                app.theme.muted,
            )),
            inner,
        );
        return;
    };
    let w = inner.width as usize;
    let cat = &ds.catalogue;
    let i = rec.item as usize;
    let mut facts = Vec::new();
    if let Some(p) = cat.price.get(i).copied().flatten() {
        facts.push(format!("${p:.2}"));
    }
    if let Some(c) = ds.item_category(rec.item) {
        facts.push(sanitize(c));
    }
    if let Some(b) = cat.brand.get(i).copied().flatten() {
        facts.push(format!("brand {}", sanitize(cat.brands.name(b))));
    }
    facts.push(format!("id {}", sanitize(ds.items.name(rec.item))));
    let models = app.session.models.as_deref();
    let names = column_methods(models).map(|m| m.label());
    let others: Vec<String> = ranks_of(app, rec.item)
        .iter()
        .enumerate()
        .filter(|(c, r)| *c != col && r.is_some())
        .map(|(c, r)| format!("{} #{}", names[c], r.unwrap_or(0)))
        .collect();
    let also = if others.is_empty() {
        format!(
            "only {} ranks it in its top {}",
            names[col],
            super::compare::K
        )
    } else {
        format!("also ranked by {}", others.join(", "))
    };
    let title_lines = if inner.height >= 5 { 2 } else { 1 };
    let mut lines: Vec<Line> = wrap(&sanitize(ds.item_title(rec.item)), w, title_lines)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, app.theme.title)))
        .collect();
    lines.push(Line::from(Span::styled(
        abbreviate(
            &format!("#{} in {} · {}", rank + 1, names[col], facts.join(" · ")),
            w,
        ),
        app.theme.base,
    )));
    lines.push(Line::from(Span::styled(
        abbreviate(&format!("why: {} · {also}", sanitize(&rec.explanation)), w),
        app.theme.muted,
    )));
    f.render_widget(Paragraph::new(lines), inner);
}

fn draw_metrics(f: &mut Frame, app: &App, area: Rect) {
    let v = &app.compare;
    let block = Block::bordered()
        .title(Span::styled(
            " How well each method predicts held-out activity (top 10, 80/20 split) ",
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
    let inner = block.inner(area);
    f.render_widget(block, area);
    let notes = r.unavailable.len().min(2) as u16;
    let [table, legend] =
        Layout::vertical([Constraint::Min(1), Constraint::Length(notes + 1)]).areas(inner);
    f.render_widget(metrics_table(app, r), table);
    let w = inner.width as usize;
    let mut lines = vec![Line::from(Span::styled(
        abbreviate(
            "higher is better in every column · ? explains each · accent: best ranking",
            w,
        ),
        app.theme.muted,
    ))];
    for u in r.unavailable.iter().take(2) {
        lines.push(Line::from(Span::styled(
            abbreviate(
                &format!(
                    "{}: {}",
                    Method::parse(&u.method).map_or(u.method.as_str(), |m| m.label()),
                    u.reason
                ),
                w,
            ),
            app.theme.muted,
        )));
    }
    f.render_widget(Paragraph::new(lines), legend);
}

fn metrics_table<'a>(app: &'a App, r: &'a EvalReport) -> Table<'a> {
    let best = r.methods.iter().map(|m| m.ndcg).fold(f64::MIN, f64::max);
    let rescoring = app.job(JobKind::Rescore).is_some();
    let hybrid_label = app
        .session
        .models
        .as_ref()
        .map_or("hybrid".to_string(), |m| {
            format!(
                "hybrid {:.0}%{}",
                m.config.hybrid_weight * 100.0,
                if rescoring { "…" } else { "" }
            )
        });
    let rows: Vec<Row> = r
        .methods
        .iter()
        .map(|m| {
            let name = match Method::parse(&m.name) {
                Some(Method::Hybrid) => hybrid_label.clone(),
                Some(x) => x.label().to_string(),
                None => m.name.clone(),
            };
            let cells =
                std::iter::once(name).chain(METRICS.iter().map(|(_, f)| format!("{:.3}", f(m))));
            let row = Row::new(cells.collect::<Vec<_>>());
            if m.ndcg == best {
                row.style(app.theme.accent)
            } else {
                row
            }
        })
        .collect();
    let widths = [Constraint::Length(12)].into_iter().chain(
        METRICS
            .iter()
            .map(|(h, _)| Constraint::Length(h.len().max(5) as u16)),
    );
    Table::new(rows, widths).header(
        Row::new(
            std::iter::once("method")
                .chain(METRICS.iter().map(|(h, _)| *h))
                .collect::<Vec<_>>(),
        )
        .style(app.theme.header),
    )
}
