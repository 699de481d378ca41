//! The Data screen: what was loaded, the funnel, daily activity and top categories.

use crate::data::summary::Summary;
use crate::text::{abbreviate, abbreviate_start, sanitize};
use crate::tui::action::Action;
use crate::tui::app::{App, DataState, Hit, Loaded};
use crate::tui::list::ListView;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Gauge, Paragraph, Sparkline, Wrap};
use ratatui::Frame;

/// Selection state of the Data screen.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DataView {
    pub categories: ListView,
}

pub fn on_action(app: &mut App, a: Action) {
    let labels: Vec<String> = match &app.data {
        DataState::Ready(l) => l
            .summary
            .top_categories
            .iter()
            .map(|c| c.category.clone())
            .collect(),
        _ => return,
    };
    let view = &mut app.data_view.categories;
    let visible = view.visible(labels.iter().map(String::as_str));
    match a {
        Action::Filter => view.start_filter(),
        a if a.is_navigation() => view.navigate(a, visible.len()),
        _ => {}
    }
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    match &app.data {
        DataState::Loading => {
            let (fraction, message) = app
                .job(crate::tui::jobs::JobKind::Load)
                .map(|r| (r.fraction, r.message.clone()))
                .unwrap_or((0.0, "loading".into()));
            draw_loading(f, app, area, fraction, &message)
        }
        DataState::Failed(e) => draw_failed(f, app, area, e),
        DataState::Ready(l) => draw_ready(f, app, area, l),
    }
}

fn draw_loading(f: &mut Frame, app: &App, area: Rect, fraction: f64, message: &str) {
    let [_, g, hint, _] = Layout::vertical([
        Constraint::Percentage(40),
        Constraint::Length(3),
        Constraint::Length(1),
        Constraint::Min(0),
    ])
    .areas(area);
    f.render_widget(
        Gauge::default()
            .block(
                Block::bordered()
                    .title(" Loading ")
                    .border_style(app.theme.border),
            )
            .gauge_style(app.theme.gauge)
            .ratio(fraction.clamp(0.0, 1.0))
            .label(sanitize(message)),
        g,
    );
    f.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                app.keymap.keys_for(crate::tui::action::Action::Back),
                app.theme.key,
            ),
            Span::styled(" cancels", app.theme.muted),
        ]))
        .centered(),
        hint,
    );
}

fn draw_failed(f: &mut Frame, app: &App, area: Rect, e: &str) {
    let text = vec![
        Line::from(Span::styled(
            "The data could not be loaded:",
            app.theme.error,
        )),
        Line::from(""),
        Line::from(sanitize(e)),
        Line::from(""),
        Line::from(vec![
            Span::styled(
                app.keymap.keys_for(crate::tui::action::Action::Reload),
                app.theme.key,
            ),
            Span::styled(" tries again, ", app.theme.muted),
            Span::styled(
                app.keymap.keys_for(crate::tui::action::Action::Quit),
                app.theme.key,
            ),
            Span::styled(" quits", app.theme.muted),
        ]),
    ];
    f.render_widget(
        Paragraph::new(text).wrap(Wrap { trim: false }).block(
            Block::bordered()
                .title(" Data ")
                .border_style(app.theme.error),
        ),
        area,
    );
}

fn pct(x: f64) -> String {
    format!("{:.1}%", x * 100.0)
}

fn draw_ready(f: &mut Frame, app: &App, area: Rect, l: &Loaded) {
    let s = &l.summary;
    let [top, bottom] = Layout::vertical([Constraint::Length(11), Constraint::Min(5)]).areas(area);
    let [overview, funnel] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(top);
    let [daily, cats] =
        Layout::horizontal([Constraint::Percentage(55), Constraint::Percentage(45)]).areas(bottom);
    draw_overview(f, app, overview, s);
    draw_funnel(f, app, funnel, s);
    draw_daily(f, app, daily, s);
    draw_categories(f, app, cats, s);
}

fn kv<'a>(app: &App, k: &'a str, v: String) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{k:<10}"), app.theme.muted),
        Span::raw(v),
    ])
}

fn draw_overview(f: &mut Frame, app: &App, area: Rect, s: &Summary) {
    let w = area.width.saturating_sub(13) as usize;
    let file = sanitize(&s.events_file);
    let mut lines = vec![
        kv(
            app,
            "layout",
            abbreviate(&format!("{} · {}", s.layout_title, s.format), w),
        ),
        kv(app, "file", abbreviate_start(&file, w)),
    ];
    if let Some(i) = &s.items_file {
        lines.push(kv(app, "catalogue", abbreviate_start(&sanitize(i), w)));
    }
    lines.push(kv(app, "users", format!("{}", s.users)));
    lines.push(kv(
        app,
        "items",
        format!("{} ({} categories)", s.items, s.categories),
    ));
    lines.push(kv(app, "events", format!("{}", s.events)));
    lines.push(kv(
        app,
        "period",
        format!(
            "{} .. {} ({} d)",
            &s.first_event[..10.min(s.first_event.len())],
            &s.last_event[..10.min(s.last_event.len())],
            s.days
        ),
    ));
    if let Some(r) = s.revenue {
        lines.push(kv(app, "revenue", format!("{r:.2}")));
    }
    let dropped: usize = s.dropped.iter().map(|d| d.rows).sum();
    if dropped > 0 {
        lines.push(kv(app, "dropped", format!("{dropped} rows (see summary)")));
    }
    f.render_widget(
        Paragraph::new(lines).block(
            Block::bordered()
                .title(Span::styled(" Dataset ", app.theme.title))
                .border_style(app.theme.border),
        ),
        area,
    );
}

fn draw_funnel(f: &mut Frame, app: &App, area: Rect, s: &Summary) {
    let block = Block::bordered()
        .title(Span::styled(" Events & funnel ", app.theme.title))
        .border_style(app.theme.border);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let total = s.events.max(1) as f64;
    let mut lines: Vec<Line> = s
        .events_by_type
        .iter()
        .filter(|(_, n)| **n > 0)
        .map(|(k, n)| {
            let bar_w = inner.width.saturating_sub(24) as f64;
            let bar = "█".repeat(((*n as f64 / total) * bar_w).round() as usize);
            Line::from(vec![
                Span::styled(format!("{k:<9}"), app.theme.muted),
                Span::raw(format!("{n:>8} ")),
                Span::styled(bar, app.theme.chart),
            ])
        })
        .collect();
    let fu = &s.funnel;
    let gap = lines.len();
    lines.push(Line::from(""));
    let stages: Vec<String> = fu
        .stages()
        .iter()
        .map(|(k, n)| format!("{n} {k}"))
        .collect();
    if stages.len() > 1 {
        let w = (inner.width as usize).saturating_sub(10);
        for (i, l) in crate::text::wrap(&stages.join(" → "), w, 2)
            .into_iter()
            .enumerate()
        {
            let head = if i == 0 { "users     " } else { "          " };
            lines.push(Line::from(vec![
                Span::styled(head, app.theme.muted),
                Span::raw(l),
            ]));
        }
    }
    for (k, x) in fu.steps() {
        lines.push(Line::from(vec![
            Span::styled(format!("{k:<10}"), app.theme.muted),
            Span::styled(pct(x), app.theme.accent),
        ]));
    }
    if let Some(n) = fu.missing_note() {
        for l in crate::text::wrap(&n, inner.width as usize, 2) {
            lines.push(Line::styled(l, app.theme.muted));
        }
    }
    // the blank line goes first when the box is short
    if lines.len() > inner.height as usize {
        lines.remove(gap);
    }
    f.render_widget(Paragraph::new(lines), inner);
}

/// Days per bar so the whole period fits `width` bars.
pub fn days_per_bar(days: usize, width: usize) -> usize {
    days.div_ceil(width.max(1)).max(1)
}

fn draw_daily(f: &mut Frame, app: &App, area: Rect, s: &Summary) {
    let max = s.daily.iter().map(|d| d.events).max().unwrap_or(0);
    let days = s.daily.len();
    // the whole period, several days to a bar when it is longer than the width
    let per = days_per_bar(days, area.width.saturating_sub(2) as usize);
    // the longest title that fits, each naming the period the axis shows
    let room = area.width.saturating_sub(2) as usize;
    let titles = if per == 1 {
        vec![
            format!(" Daily activity ({days} days, busiest day {max} events) "),
            format!(" Daily activity ({days} days) "),
            format!(" {days} days "),
        ]
    } else {
        vec![
            format!(" Activity over {days} days ({per} days a bar, busiest day {max}) "),
            format!(" Activity over {days} days ({per} days a bar) "),
            format!(" {days} days, {per} a bar "),
        ]
    };
    let title = crate::text::longest_fit(&titles, room);
    let block = Block::bordered()
        .title(Span::styled(title, app.theme.title))
        .border_style(app.theme.border);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [chart, axis] = Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
    let data: Vec<u64> = s
        .daily
        .chunks(per)
        // a bar's height is its days' mean, so a short last bar is not low
        .map(|c| c.iter().map(|d| d.events as u64).sum::<u64>() / c.len() as u64)
        .collect();
    f.render_widget(
        Sparkline::default().data(&data).style(app.theme.chart),
        chart,
    );
    let first = s.daily.first().map(|d| d.date.clone()).unwrap_or_default();
    let last = s.daily.last().map(|d| d.date.clone()).unwrap_or_default();
    let pad = (axis.width as usize).saturating_sub(first.len() + last.len());
    f.render_widget(
        Paragraph::new(Span::styled(
            format!("{first}{}{last}", " ".repeat(pad)),
            app.theme.muted,
        )),
        axis,
    );
}

fn draw_categories(f: &mut Frame, app: &App, area: Rect, s: &Summary) {
    let view = &app.data_view.categories;
    let title = if view.filtering || !view.filter.text.is_empty() {
        format!(" Top categories /{} ", sanitize(&view.filter.text))
    } else {
        " Top categories ".to_string()
    };
    let block = Block::bordered()
        .title(Span::styled(title, app.theme.title))
        .border_style(app.theme.border);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let visible = view.visible(s.top_categories.iter().map(|c| c.category.as_str()));
    if visible.is_empty() {
        let msg = if s.top_categories.is_empty() {
            "no categories in this data"
        } else {
            "no category matches the filter"
        };
        f.render_widget(Paragraph::new(Span::styled(msg, app.theme.muted)), inner);
        return;
    }
    let name_w = 16usize.min(inner.width as usize / 2);
    let bar_w = (inner.width as usize).saturating_sub(name_w + 8);
    let max = s
        .top_categories
        .iter()
        .map(|c| c.share)
        .fold(0.0, f64::max)
        .max(1e-9);
    let sel = view.selected.min(visible.len() - 1);
    let rows = inner.height as usize;
    let start = sel.saturating_sub(rows.saturating_sub(1));
    let mut lines = Vec::new();
    for (pos, &i) in visible.iter().enumerate().skip(start).take(rows) {
        let c = &s.top_categories[i];
        let name = abbreviate(&sanitize(&c.category), name_w);
        let bar = "■".repeat(((c.share / max) * bar_w as f64).round() as usize);
        let line = Line::from(vec![
            Span::raw(format!("{name:<name_w$} ")),
            Span::raw(format!("{:>5} ", pct(c.share))),
            Span::styled(bar, app.theme.chart),
        ]);
        let y = inner.y + (pos - start) as u16;
        app.hits
            .borrow_mut()
            .push((Rect::new(inner.x, y, inner.width, 1), Hit::Row(pos)));
        lines.push(if pos == sel {
            line.style(app.theme.selected)
        } else {
            line
        });
    }
    f.render_widget(Paragraph::new(lines), inner);
}
