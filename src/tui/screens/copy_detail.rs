//! The selected draft's details on the Copy screen: its lengths against the
//! platform's limits, the taste note, what the checks found (first: they
//! decide whether it can be sent), its products and the template it fills.
//! Wrapped by cells (emoji count as two) and, when the pane is too short,
//! ended by a line saying how much is hidden. A tall pane also shows what
//! the first members of the segment would receive if the draft were
//! approved, filled per user by the same plan the export writes.

use super::copy_draw::{product_name, taste_note};
use crate::text::{sanitize, wrap_runs};
use crate::tui::app::App;
use crate::workbench::draft::{Draft, Status};
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};
use std::hash::{Hash, Hasher};

/// Rows a recipient line needs at least (a head and one push line).
const RECIPIENT_ROWS: usize = 2;
/// Most recipients shown.
const MAX_RECIPIENTS: usize = 12;
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

/// Where a shared value lives (a new one replaces it when recomputed).
fn addr<T>(p: Option<&std::sync::Arc<T>>) -> usize {
    p.map_or(0, |x| std::sync::Arc::as_ptr(x) as usize)
}

/// What identifies the rows shown: the draft's text and products, the
/// campaign's revision and the data, segments and models in use.
fn recipients_key(app: &App, segment: usize, d: &Draft, n: usize) -> u64 {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (segment, n, d.template(), &d.variant.products).hash(&mut h);
    let c = &app.session.campaign;
    (&c.id, c.revision, &c.deep_link, &c.currency, &c.discount).hash(&mut h);
    let s = &app.session;
    (
        addr(s.dataset()),
        addr(s.segmentation.as_ref()),
        addr(s.models.as_ref()),
    )
        .hash(&mut h);
    h.finish()
}

/// The recipients section: a head line, then per user their id and push
/// (or why they would be left out), each on at most two lines.
fn recipient_lines(
    app: &App,
    segment: usize,
    d: &Draft,
    cols: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let n = ((rows.saturating_sub(1)) / RECIPIENT_ROWS).min(MAX_RECIPIENTS);
    if n == 0 {
        return Vec::new();
    }
    let key = recipients_key(app, segment, d, n);
    let mut cache = app.copy.recipients.borrow_mut();
    if cache.as_ref().map(|c| c.key) != Some(key) {
        let s = &app.session;
        *cache = Some(super::copy::RecipientsCache {
            key,
            pins: (
                s.dataset().cloned(),
                s.segmentation.clone(),
                s.models.clone(),
            ),
            rows: s.draft_recipients(segment, d, n),
        });
    }
    let t = &app.theme;
    let rows_of = match cache.as_ref().map(|c| &c.rows) {
        Some(Ok(r)) => r,
        Some(Err(e)) => {
            return vec![Line::styled(
                crate::text::abbreviate(
                    &format!("what users would receive: {}", sanitize(e)),
                    cols,
                ),
                t.muted,
            )];
        }
        None => return Vec::new(),
    };
    let left_out = rows_of.iter().filter(|r| r.excluded.is_some()).count();
    let (shown, get) = (rows_of.len(), rows_of.len() - left_out);
    let mut out = vec![Line::styled(
        crate::text::longest_fit(
            &[
                format!("If approved, of the first {shown} members of this segment {get} receive it, {left_out} are left out:"),
                format!("If approved, of {shown} members {get} receive it, {left_out} left out:"),
                format!("If approved: {get} of {shown} receive it"),
            ],
            cols,
        ),
        t.header,
    )];
    let id_w = rows_of
        .iter()
        .map(|r| crate::text::width(&sanitize(&r.user_id)).min(12))
        .max()
        .unwrap_or(0);
    for r in rows_of {
        let id = crate::text::abbreviate(&sanitize(&r.user_id), id_w);
        let (what, style) = match &r.excluded {
            Some(why) => (format!("left out: {why}"), t.muted),
            None => (format!("{} | {}", r.title, r.body), t.base),
        };
        let pad = " ".repeat(id_w.saturating_sub(crate::text::width(&id)) + 1);
        let room = cols.saturating_sub(id_w + 1);
        let (lines, _) = crate::text::wrap_cut(&sanitize(&what), room, RECIPIENT_ROWS);
        for (i, l) in lines.into_iter().enumerate() {
            let head = if i == 0 {
                format!("{id}{pad}")
            } else {
                " ".repeat(id_w + 1)
            };
            out.push(Line::from(vec![
                Span::styled(head, t.muted),
                Span::styled(l, style),
            ]));
        }
    }
    out
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
    let (cols, rows) = (inner.width as usize, inner.height as usize);
    let mut text = lines(app, d, cols, rows);
    // the room left under the detail, one blank line between
    let free = rows.saturating_sub(text.len() + 1);
    if let Some(seg) = super::copy::segment(app) {
        if free > 2 * RECIPIENT_ROWS {
            text.push(Line::raw(""));
            text.extend(recipient_lines(app, seg, d, cols, free));
        }
    }
    f.render_widget(Paragraph::new(text).block(block), area);
}
