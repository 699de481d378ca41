//! The selected draft's details on the Copy screen: its lengths against the
//! platform's limits, the taste note, what the checks found (first: they
//! decide whether it can be sent), its products and the template it fills.
//! Wrapped by cells (emoji count as two) and, when the pane is too short,
//! ended by a line saying how much is hidden.

use super::copy_draw::{product_name, taste_note};
use crate::text::{sanitize, wrap_runs};
use crate::tui::app::App;
use crate::workbench::draft::{Draft, Status};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use ratatui::Frame;

/// The detail as paragraphs of styled runs, most important first.
fn paragraphs(app: &App, d: &Draft) -> Vec<Vec<(String, Style)>> {
    let v = &d.variant;
    let t = &app.theme;
    let limits = crate::copy::Limits::for_platform(app.session.platform);
    let fits = |n: usize, max: usize| if n <= max { t.ok } else { t.error };
    let asked = if d.edited {
        format!(
            "edited by hand (asked: {} · {})",
            v.tone.words(),
            v.offer.words()
        )
    } else {
        format!("{} · {}", v.tone.words(), v.offer.words())
    };
    let mut out = vec![vec![
        ("title".to_string(), t.muted),
        (
            format!("{}/{}", v.title_chars, limits.title),
            fits(v.title_chars, limits.title),
        ),
        ("  body".to_string(), t.muted),
        (
            format!("{}/{}", v.body_chars, limits.body),
            fits(v.body_chars, limits.body),
        ),
        (format!("  {asked}  {}", taste_note(app, d)), t.muted),
    ]];
    for issue in &d.issues {
        out.push(vec![(format!("! {}", sanitize(issue)), t.error)]);
    }
    let names: Vec<String> = v.products.iter().map(|id| product_name(app, id)).collect();
    out.push(vec![
        ("products".to_string(), t.muted),
        (sanitize(&names.join(", ")), t.base),
    ]);
    if v.template.is_some() {
        let (title, body) = d.template();
        out.push(vec![
            ("template".to_string(), t.muted),
            (sanitize(&format!("{title} | {body}")), t.base),
        ]);
    }
    out
}

/// The paragraphs wrapped to `cols` cells and cut to `rows` lines; the last
/// line then says how many are hidden.
fn lines(app: &App, d: &Draft, cols: usize, rows: usize) -> Vec<Line<'static>> {
    let mut all: Vec<Line<'static>> = Vec::new();
    for p in paragraphs(app, d) {
        let runs: Vec<(&str, Style)> = p.iter().map(|(s, st)| (s.as_str(), *st)).collect();
        for l in wrap_runs(&runs, cols) {
            all.push(Line::from(
                l.into_iter()
                    .map(|(s, st)| Span::styled(s, st))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    if all.len() > rows && rows > 0 {
        let hidden = all.len() - rows + 1;
        all.truncate(rows - 1);
        let more = crate::text::longest_fit(
            &[
                format!("… {hidden} more lines: a taller window shows them"),
                format!("… {hidden} more lines (taller window)"),
                format!("… {hidden} more lines"),
            ],
            cols,
        );
        all.push(Line::styled(more, app.theme.muted));
    }
    all
}

pub fn draw(f: &mut Frame, app: &App, area: Rect, d: &Draft) {
    let status = match d.status {
        Status::Approved => format!("approved as variant {}", d.label.as_deref().unwrap_or("?")),
        Status::Rejected => "rejected".into(),
        Status::Pending => "pending review".into(),
    };
    let block = Block::bordered()
        .title(Span::styled(format!(" {status} "), app.theme.title))
        .border_style(app.theme.border);
    let inner = block.inner(area);
    let text = lines(app, d, inner.width as usize, inner.height as usize);
    f.render_widget(Paragraph::new(text).block(block), area);
}
