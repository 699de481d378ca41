//! Drawing the Campaign screen: settings, approved variants with their A/B
//! split and audience counts, a preview of per-user rows, and the export.

use super::campaign::{format_label, visible_rows, FORMATS};
use crate::campaign::{Arm, Campaign};
use crate::text::{abbreviate_middle, sanitize};
use crate::tui::app::{App, Hit};
use crate::tui::jobs::JobKind;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph, Row, Table, Wrap};
use ratatui::Frame;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let rows = visible_rows(app);
    let table_h = (rows.len() as u16 + 3).clamp(4, (area.height / 2).max(4));
    let [head, table, preview, export] = Layout::vertical([
        Constraint::Length(3),
        Constraint::Length(table_h),
        Constraint::Min(3),
        Constraint::Length(4),
    ])
    .areas(area);
    draw_head(f, app, head);
    draw_table(f, app, table, &rows);
    draw_preview(f, app, preview);
    draw_export(f, app, export);
}

fn schedule_label(c: &Campaign) -> String {
    c.schedule.describe()
}

fn draw_head(f: &mut Frame, app: &App, area: Rect) {
    let c = &app.session.campaign;
    let saved = match &app.session.saved {
        Some(Ok(t)) => Span::styled(format!("autosaved {t}"), app.theme.ok),
        Some(Err(e)) => Span::styled(sanitize(e), app.theme.error),
        None if app.session.store.is_some() => {
            Span::styled("saved campaigns: data folder", app.theme.muted)
        }
        None => Span::styled("not saved (no data folder)", app.theme.error),
    };
    let lines = vec![
        Line::from(vec![
            Span::styled(sanitize(&c.name), app.theme.title),
            Span::styled(
                format!(
                    "  {} · owner {} · rev {} · ",
                    sanitize(&c.id),
                    sanitize(c.owner.as_deref().unwrap_or("-")),
                    c.revision
                ),
                app.theme.muted,
            ),
            saved,
        ]),
        Line::from(vec![
            Span::styled("platform ", app.theme.muted),
            Span::raw(c.platform.name()),
            Span::styled("  control ", app.theme.muted),
            Span::raw(format!("{}%", c.control_percent)),
            Span::styled("  link ", app.theme.muted),
            Span::raw(sanitize(&c.deep_link)),
        ]),
        Line::from(vec![
            Span::styled("schedule ", app.theme.muted),
            Span::raw(sanitize(&schedule_label(c))),
        ]),
    ];
    f.render_widget(Paragraph::new(lines), area);
}

fn draw_table(f: &mut Frame, app: &App, area: Rect, rows: &[(usize, usize)]) {
    let v = &app.campaign;
    let c = &app.session.campaign;
    let filter = if v.list.filtering || !v.list.filter.text.is_empty() {
        format!("· /{} ", sanitize(&v.list.filter.text))
    } else {
        String::new()
    };
    let block = Block::bordered()
        .title(Span::styled(
            format!(" Approved variants {filter}"),
            app.theme.title,
        ))
        .border_style(app.theme.accent);
    if rows.is_empty() {
        f.render_widget(
            Paragraph::new("No approved variant yet: approve drafts on the Copy screen (a).")
                .wrap(Wrap { trim: true })
                .block(block),
            area,
        );
        return;
    }
    let inner = block.inner(area);
    let sel = v.list.selected.min(rows.len() - 1);
    let visible = (inner.height as usize).saturating_sub(1).max(1);
    let start = sel.saturating_sub(visible - 1);
    let table_rows: Vec<Row> = rows
        .iter()
        .enumerate()
        .skip(start)
        .take(visible)
        .filter_map(|(pos, &(sid, vi))| {
            let plan = c.segment(sid)?;
            let var = plan.variants.get(vi)?;
            let counts = v.counts.iter().find(|x| x.id == sid);
            let users = counts
                .and_then(|x| x.variants.get(vi))
                .copied()
                .unwrap_or(0);
            let control = counts.map_or(0, |x| x.control);
            let y = inner.y + 1 + (pos - start) as u16;
            app.hits
                .borrow_mut()
                .push((Rect::new(inner.x, y, inner.width, 1), Hit::Row(pos)));
            let seg = if vi == 0 {
                format!("{sid} {}", abbreviate_middle(&sanitize(&plan.name), 18))
            } else {
                String::new()
            };
            let ctl = if vi == 0 {
                control.to_string()
            } else {
                String::new()
            };
            let row = Row::new(vec![
                seg,
                sanitize(&var.label),
                format!("{:>3}%", var.split),
                format!("{users:>6}"),
                format!("{ctl:>6}"),
                sanitize(&format!("{} | {}", var.title, var.body)),
            ]);
            Some(if pos == sel {
                row.style(app.theme.selected)
            } else {
                row
            })
        })
        .collect();
    let widths = [
        Constraint::Length(21),
        Constraint::Length(3),
        Constraint::Length(5),
        Constraint::Length(6),
        Constraint::Length(6),
        Constraint::Min(10),
    ];
    f.render_widget(
        Table::new(table_rows, widths)
            .header(
                Row::new(vec![
                    "segment",
                    "var",
                    "split",
                    "users",
                    "ctrl",
                    "title | body",
                ])
                .style(app.theme.header),
            )
            .block(block),
        area,
    );
}

fn draw_preview(f: &mut Frame, app: &App, area: Rect) {
    let v = &app.campaign;
    let fit = (area.height.saturating_sub(3) as usize).min(v.preview.len());
    // the rows shown: from the scrolled-to one, never past the end
    let top = v.preview_top.min(v.preview.len().saturating_sub(fit));
    let total: usize = v.counts.iter().map(|c| c.users).sum();
    let title = if fit == 0 {
        format!(" What users receive ({total} targeted) ")
    } else if fit == v.preview.len() {
        format!(" What users receive: the first {fit} of {total} targeted ")
    } else {
        let (a, b, n) = (top + 1, top + fit, v.preview.len());
        crate::text::longest_fit(
            &[
                format!(" What users receive: users {a}–{b} of the first {n} of {total} targeted · pgup/pgdn scroll "),
                format!(" What users receive: {a}–{b} of {n} shown, {total} targeted · pgup/pgdn "),
                format!(" Users {a}–{b} of {n} shown ({total} targeted) · pgup/pgdn "),
            ],
            area.width.saturating_sub(2) as usize,
        )
    };
    let block = Block::bordered()
        .title(Span::styled(title, app.theme.title))
        .border_style(app.theme.border);
    if !v.problems.is_empty() {
        let lines: Vec<Line> = v
            .problems
            .iter()
            .map(|p| Line::styled(sanitize(p), app.theme.muted))
            .collect();
        f.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            area,
        );
        return;
    }
    // the table's inner width less the fixed columns and their gaps
    let push_w = (area.width as usize)
        .saturating_sub(2 + 10 + 3 + 3 + 12 + 4)
        .max(10);
    let rows: Vec<Row> = v
        .preview
        .iter()
        .skip(top)
        .take(fit.max(1))
        .map(|r| {
            let what = match (&r.arm, &r.excluded) {
                (Arm::Control, _) => "control: no push".to_string(),
                (Arm::Variant(_), Some(why)) => format!("left out: {why}"),
                (Arm::Variant(_), None) => format!("{} | {}", r.title, r.body),
            };
            // the first recommended item (the one a push names) and how many
            // more; the push shortened by whole words to its column
            let items = match r.items.len() {
                0 => "-".to_string(),
                1 => sanitize(&r.items[0]),
                n => format!("{} +{}", sanitize(&r.items[0]), n - 1),
            };
            Row::new(vec![
                crate::text::abbreviate(&sanitize(&r.user_id), 10),
                r.segment_id.to_string(),
                r.variant.clone().unwrap_or_else(|| "-".into()),
                crate::text::abbreviate(&items, 12),
                crate::text::abbreviate(&sanitize(&what), push_w),
            ])
        })
        .collect();
    let widths = [
        Constraint::Length(10),
        Constraint::Length(3),
        Constraint::Length(3),
        Constraint::Length(12),
        Constraint::Min(10),
    ];
    f.render_widget(
        Table::new(rows, widths)
            .header(Row::new(vec!["user", "seg", "var", "items", "push"]).style(app.theme.header))
            .block(block),
        area,
    );
}

fn draw_export(f: &mut Frame, app: &App, area: Rect) {
    let v = &app.campaign;
    let total: usize = v.counts.iter().map(|c| c.users).sum();
    let control: usize = v.counts.iter().map(|c| c.control).sum();
    let mut lines = vec![Line::from(vec![
        Span::styled("format ", app.theme.muted),
        Span::styled(format_label(FORMATS[v.format]), app.theme.accent),
        Span::styled(
            format!(
                "  · {} users targeted, {control} control, {} in variants",
                total,
                total - control
            ),
            app.theme.muted,
        ),
    ])];
    let w = area.width.saturating_sub(2) as usize;
    let last = match (app.job(JobKind::Export), &v.last_export) {
        _ if v.overwrite.is_some() && app.job(JobKind::Export).is_none() => {
            let tail = ": e, enter replaces it";
            let dir = v
                .overwrite
                .as_ref()
                .map(|d| sanitize(&d.display().to_string()))
                .unwrap_or_default();
            let room = w.saturating_sub(tail.len() + 24);
            Line::styled(
                format!(
                    "{} holds an export already{tail}",
                    crate::text::abbreviate_start(&dir, room)
                ),
                app.theme.error,
            )
        }
        (Some(j), _) => Line::styled(
            format!("exporting… {:.0}%", j.fraction * 100.0),
            app.theme.accent,
        ),
        (None, Some(r)) => {
            let c = &r.counts;
            let mut text = format!("last export: {} pushes to {}", c.sent, r.dir.display());
            if c.left_out() > 0 {
                // the reasons that apply, shortest first (details in the manifest)
                let why: Vec<String> = [
                    (c.unbacked, "claim"),
                    (c.other_category, "category"),
                    (c.over_limit, "length"),
                    (c.missing_details, "details"),
                ]
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, w)| format!("{n} {w}"))
                .collect();
                text += &format!("; {} left out ({})", c.left_out(), why.join(", "));
            }
            let style = if c.left_out() > 0 {
                app.theme.error
            } else {
                app.theme.ok
            };
            Line::styled(sanitize(&text), style)
        }
        (None, None) => Line::styled(
            "not exported yet: e exports, f picks the format",
            app.theme.muted,
        ),
    };
    lines.push(last);
    f.render_widget(
        Paragraph::new(lines).block(Block::bordered().border_style(app.theme.border)),
        area,
    );
}
