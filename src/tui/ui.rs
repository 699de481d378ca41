//! Drawing the whole frame: tabs, the current screen, status bar, overlays.

use super::app::{App, DataState, Screen};
use super::screens;
use crate::text::sanitize;
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Row, Table, Tabs, Wrap};
use ratatui::Frame;

pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 16;

pub fn draw(f: &mut Frame, app: &App) {
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
    }
    draw_status(f, app, status);
    if app.show_help {
        draw_help(f, app, area);
    }
}

fn draw_tabs(f: &mut Frame, app: &App, area: Rect) {
    let titles: Vec<Line> = app
        .screens
        .iter()
        .enumerate()
        .map(|(i, s)| Line::from(format!(" {} {} ", i + 1, s.title())))
        .collect();
    let [left, right] =
        Layout::horizontal([Constraint::Min(10), Constraint::Length(12)]).areas(area);
    f.render_widget(
        Tabs::new(titles)
            .select(app.current)
            .style(app.theme.tab)
            .highlight_style(app.theme.tab_active)
            .divider("")
            .padding("", ""),
        left,
    );
    f.render_widget(
        Paragraph::new(Line::from(Span::styled("pushbench ", app.theme.header)))
            .alignment(ratatui::layout::Alignment::Right),
        right,
    );
}

fn draw_status(f: &mut Frame, app: &App, area: Rect) {
    let mut spans: Vec<Span> = Vec::new();
    if let Some((msg, is_err)) = &app.status {
        let style = if *is_err {
            app.theme.error
        } else {
            app.theme.status
        };
        spans.push(Span::styled(format!(" {} ", sanitize(msg)), style));
        spans.push(Span::raw(" "));
    }
    if let (Some(job), DataState::Loading { fraction, .. }) = (app.job_running(), &app.data) {
        spans.push(Span::styled(
            format!("[{job} {:.0}%] ", fraction * 100.0),
            app.theme.accent,
        ));
    }
    for (k, d) in app.keymap.hints() {
        spans.push(Span::styled(k, app.theme.key));
        spans.push(Span::styled(format!(" {d}  "), app.theme.muted));
    }
    f.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The help overlay, generated from the key map.
fn draw_help(f: &mut Frame, app: &App, area: Rect) {
    let rows: Vec<Row> = app
        .keymap
        .bindings
        .iter()
        .map(|b| {
            Row::new(vec![
                Span::styled(
                    b.keys
                        .iter()
                        .map(|k| k.label())
                        .collect::<Vec<_>>()
                        .join(" "),
                    app.theme.key,
                ),
                Span::raw(b.desc),
            ])
        })
        .collect();
    let h = (rows.len() as u16 + 4).min(area.height.saturating_sub(2));
    let w = 64.min(area.width.saturating_sub(4));
    let [popup] = Layout::vertical([Constraint::Length(h)])
        .flex(Flex::Center)
        .areas(area);
    let [popup] = Layout::horizontal([Constraint::Length(w)])
        .flex(Flex::Center)
        .areas(popup);
    f.render_widget(Clear, popup);
    let title = format!(" Help: {} screen (esc closes) ", app.screen().title());
    f.render_widget(
        Table::new(rows, [Constraint::Length(22), Constraint::Min(10)])
            .block(
                Block::bordered()
                    .title(title)
                    .border_style(app.theme.border),
            )
            .header(Row::new(vec!["keys", "action"]).style(app.theme.header)),
        popup,
    );
}
