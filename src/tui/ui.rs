//! Drawing the whole frame: tabs, the current screen, status bar, overlays.

use super::app::{App, Hit, Screen};
use super::overlay::{palette_entries, Overlay};
use super::screens;
use crate::text::{sanitize, truncate};
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};
use ratatui::Frame;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn draw(f: &mut Frame, app: &App) {
    app.hits.borrow_mut().clear();
    let area = f.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let msg = format!(
            "pushbench needs at least {MIN_WIDTH}x{MIN_HEIGHT}; this terminal is {}x{}. Enlarge it or press q to quit.",
            area.width, area.height
        );
        f.render_widget(
            Paragraph::new(msg)
                .style(app.theme.error)
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let [tabs, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(f, app, tabs);
    match app.screen() {
        Screen::Data => screens::data::draw(f, app, body),
        Screen::Segments => screens::segments::draw(f, app, body),
        Screen::Compare => screens::compare::draw(f, app, body),
        Screen::Copy => screens::draw_copy(f, app, body),
        Screen::Campaign => screens::draw_campaign(f, app, body),
    }
    draw_status(f, app, status);
    match &app.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => draw_help(f, app, area, *scroll),
        Overlay::Palette { input, selected } => {
            draw_palette(f, app, area, &input.text, input.cursor, *selected)
        }
        Overlay::Prompt {
            kind,
            input,
            candidates,
            error,
        } => draw_prompt(
            f,
            app,
            area,
            kind.title(),
            &input.text,
            input.cursor,
            candidates,
            error.as_deref(),
        ),
    }
}

fn draw_tabs(f: &mut Frame, app: &App, area: Rect) {
    let mut spans = Vec::new();
    let mut x = area.x;
    for (i, s) in app.screens.iter().enumerate() {
        let label = format!(" {} {} ", i + 1, s.title());
        let w = label.chars().count() as u16;
        app.hits
            .borrow_mut()
            .push((Rect::new(x, area.y, w.min(area.width), 1), Hit::Tab(i)));
        x += w;
        let style = if i == app.current {
            app.theme.tab_active
        } else {
            app.theme.tab
        };
        spans.push(Span::styled(label, style));
    }
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(10)]).areas(area);
    f.render_widget(Paragraph::new(Line::from(spans)), left);
    f.render_widget(
        Paragraph::new(Line::from(Span::styled("pushbench ", app.theme.header)))
            .alignment(ratatui::layout::Alignment::Right),
        right,
    );
}

fn draw_status(f: &mut Frame, app: &App, area: Rect) {
    let mut spans: Vec<Span> = Vec::new();
    if let Some(w) = app.warnings.first() {
        let more = match app.warnings.len() {
            1 => String::new(),
            n => format!(" (+{} more in the log)", n - 1),
        };
        spans.push(Span::styled(
            format!(" {}{more} · esc dismisses ", sanitize(w)),
            app.theme.error,
        ));
    } else if let Some(job) = app.job_running() {
        spans.push(Span::styled(
            format!(
                " {} {:.0}% · {} · esc cancels ",
                job.kind.name(),
                job.fraction * 100.0,
                sanitize(&job.message)
            ),
            app.theme.accent,
        ));
    } else if let Some((msg, is_err)) = &app.status {
        let style = if *is_err {
            app.theme.error
        } else {
            app.theme.status
        };
        spans.push(Span::styled(format!(" {} ", sanitize(msg)), style));
        spans.push(Span::raw(" "));
    }
    // Key hints in the key map's order, each shown whole or not at all (a
    // hint cut mid-word names no key); `?` lists them all.
    let mut used: usize = spans.iter().map(Span::width).sum();
    for (k, d) in app.keymap.hints(app.scope()) {
        let key = Span::styled(k, app.theme.key);
        let desc = Span::styled(format!(" {d}  "), app.theme.muted);
        let w = key.width() + desc.width();
        if used + w > area.width as usize + 2 {
            break;
        }
        used += w;
        spans.push(key);
        spans.push(desc);
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

fn centered(area: Rect, w: u16, h: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(h.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [r] = Layout::horizontal([Constraint::Length(w.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    r
}

/// The help page of the current screen: its purpose, what its numbers mean
/// (which way is better) and its keys, generated from the key map.
pub fn help_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    use super::glossary;
    let w = width.max(20);
    let mut lines: Vec<Line> = Vec::new();
    for l in crate::text::wrap(glossary::purpose(app.screen()), w, 4) {
        lines.push(Line::styled(l, app.theme.title));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("What the numbers mean", app.theme.header));
    for t in glossary::terms(app.screen()) {
        let short = if t.short.is_empty() || t.short == t.shown {
            String::new()
        } else {
            format!(" ({})", t.short)
        };
        let better = match t.better.label() {
            "" => String::new(),
            b => format!("; {b}"),
        };
        let text = format!("{}{short}: {}{better}", t.shown, t.meaning);
        for (i, l) in crate::text::wrap(&text, w - 2, 6).into_iter().enumerate() {
            let indent = if i == 0 { "" } else { "  " };
            lines.push(Line::raw(format!("{indent}{l}")));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("Keys", app.theme.header));
    for b in app.keymap.for_scope(app.scope()) {
        let keys = match b.keys.is_empty() {
            true => "(none; use :)".to_string(),
            false => b
                .keys
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join(" "),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{keys:<16} "), app.theme.key),
            Span::raw(crate::text::abbreviate(b.desc, w.saturating_sub(17))),
        ]));
    }
    lines
}

/// The help overlay: the page scrolls (↑/↓, page keys) when taller than the
/// terminal, and says where it is.
fn draw_help(f: &mut Frame, app: &App, area: Rect, scroll: usize) {
    let width = 76.min(area.width.saturating_sub(2));
    let lines = help_lines(app, width.saturating_sub(2) as usize);
    let h = (lines.len() as u16 + 2).min(area.height.saturating_sub(1));
    let popup = centered(area, width, h);
    f.render_widget(Clear, popup);
    let rows = h.saturating_sub(2) as usize;
    let max_scroll = lines.len().saturating_sub(rows);
    let top = scroll.min(max_scroll);
    let where_ = if max_scroll == 0 {
        "esc closes".to_string()
    } else {
        format!(
            "↑↓ scroll, {}-{} of {}, esc closes",
            top + 1,
            (top + rows).min(lines.len()),
            lines.len()
        )
    };
    let title = format!(" Help: {} screen ({where_}) ", app.screen().title());
    f.render_widget(
        Paragraph::new(lines.into_iter().skip(top).take(rows).collect::<Vec<_>>()).block(
            Block::bordered()
                .title(title)
                .border_style(app.theme.border),
        ),
        popup,
    );
}

fn draw_palette(f: &mut Frame, app: &App, area: Rect, query: &str, cursor: usize, selected: usize) {
    let entries = palette_entries(&app.keymap, app.scope(), query);
    let h = (entries.len() as u16 + 3)
        .min(area.height.saturating_sub(2))
        .max(5);
    let popup = centered(area, 70.min(area.width.saturating_sub(2)), h);
    f.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(" Run any action by name: type, enter runs, esc closes ")
        .border_style(app.theme.border);
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    let [input_area, list] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(": ", app.theme.key),
            Span::raw(sanitize(query)),
        ])),
        input_area,
    );
    f.set_cursor_position(Position::new(
        input_area.x
            + 2
            + crate::text::width(&query.chars().take(cursor).collect::<String>()) as u16,
        input_area.y,
    ));
    let rows = list.height as usize;
    let start = selected.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = entries
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, e)| {
            let screen = match e.scope {
                s if s == app.scope() || s == super::keymap::Scope::Global => String::new(),
                s => format!("{}: ", s.name()),
            };
            let line = Line::from(vec![
                Span::styled(screen, app.theme.muted),
                Span::raw(format!("{} ", e.desc)),
                Span::styled(truncate(&e.keys, 11), app.theme.key),
            ]);
            if i == selected {
                line.style(app.theme.selected)
            } else {
                line
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), list);
}

#[allow(clippy::too_many_arguments)]
fn draw_prompt(
    f: &mut Frame,
    app: &App,
    area: Rect,
    title: &str,
    text: &str,
    cursor: usize,
    candidates: &[String],
    error: Option<&str>,
) {
    let extra = candidates.len().min(8) as u16 + u16::from(error.is_some());
    let popup = centered(area, 76.min(area.width.saturating_sub(2)), 3 + extra);
    f.render_widget(Clear, popup);
    let block = Block::bordered()
        .title(format!(" {title} · enter accepts, esc cancels "))
        .border_style(app.theme.border);
    let inner = block.inner(popup);
    f.render_widget(block, popup);
    let w = inner.width as usize;
    // show the tail of long input
    let shown: String = {
        let t = sanitize(text);
        let n = t.chars().count();
        if n + 2 > w {
            t.chars().skip(n + 2 - w).collect()
        } else {
            t
        }
    };
    let mut lines = vec![Line::from(vec![
        Span::styled("> ", app.theme.key),
        Span::raw(shown.clone()),
    ])];
    if let Some(e) = error {
        lines.push(Line::from(Span::styled(sanitize(e), app.theme.error)));
    }
    for c in candidates.iter().take(8) {
        lines.push(Line::from(Span::styled(sanitize(c), app.theme.muted)));
    }
    f.render_widget(Paragraph::new(lines), inner);
    let before: String = text.chars().take(cursor).collect();
    let cx = (2 + crate::text::width(&sanitize(&before))).min(w.saturating_sub(1));
    f.set_cursor_position(Position::new(inner.x + cx as u16, inner.y));
}
