//! Drawing the Copy screen: the drafts, the selected one's details and a
//! phone notification mock-up showing it as the chosen platform would.

use super::copy::segment;
use crate::copy::preview::{show, Device};
use crate::text::sanitize;
use crate::tui::app::{App, Hit};
use crate::tui::jobs::JobKind;
use crate::workbench::draft::{Draft, Status};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Paragraph, Wrap};
use ratatui::Frame;

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let [head, main] = Layout::vertical([Constraint::Length(1), Constraint::Min(4)]).areas(area);
    draw_head(f, app, head);
    let Some(seg) = segment(app) else {
        placeholder(f, app, main, "waiting for segments…".into());
        return;
    };
    let drafts = app
        .session
        .drafts
        .get(&seg)
        .map(Vec::as_slice)
        .unwrap_or(&[]);
    if drafts.is_empty() {
        let msg = match (app.job(JobKind::Generate), &app.copy.error) {
            (Some(j), _) => format!(
                "writing copy… {:.0}% ({})",
                j.fraction * 100.0,
                sanitize(&j.message)
            ),
            (None, Some(e)) => sanitize(e),
            (None, None) if app.session.models.is_none() => {
                "waiting for recommendations: the copy names the segment's recommended products"
                    .into()
            }
            (None, None) => "no drafts yet: press N to write some".into(),
        };
        placeholder(f, app, main, msg);
        return;
    }
    let phone_w = Device::of(app.session.platform).width as u16 + 6;
    let brief_w = if main.width >= 130 { main.width / 3 } else { 0 };
    let [left, brief, right] = Layout::horizontal([
        Constraint::Min(30),
        Constraint::Length(brief_w),
        Constraint::Length(phone_w),
    ])
    .areas(main);
    if brief_w > 0 {
        draw_brief(f, app, brief, seg);
    }
    let list_h = (drafts.len() as u16 + 2).min(left.height.saturating_sub(6).max(3));
    let [list, detail] =
        Layout::vertical([Constraint::Length(list_h), Constraint::Min(3)]).areas(left);
    let visible = app.copy.visible(&app.session.drafts, seg);
    let pos = app.copy.list.selected.min(visible.len().saturating_sub(1));
    draw_list(f, app, list, drafts, &visible, pos);
    let Some(&sel) = visible.get(pos) else {
        placeholder(
            f,
            app,
            detail,
            "no draft matches the filter (esc clears it)".into(),
        );
        return;
    };
    super::copy_detail::draw(f, app, detail, &drafts[sel]);
    draw_phone(f, app, right, &drafts[sel]);
}

fn placeholder(f: &mut Frame, app: &App, area: Rect, msg: String) {
    f.render_widget(
        Paragraph::new(msg)
            .wrap(Wrap { trim: true })
            .block(Block::bordered().border_style(app.theme.border)),
        area,
    );
}

fn draw_head(f: &mut Frame, app: &App, area: Rect) {
    // the segment said as fully as the line allows, never cut inside a part
    let seg = segment(app).and_then(|id| {
        app.session
            .segmentation
            .as_ref()
            .and_then(|r| r.segments.iter().find(|s| s.id == id))
            .map(|s| {
                let name = sanitize(&s.name);
                [
                    format!("segment {id}: {name} ({} users)", s.size),
                    format!("{name} ({} users)", s.size),
                    name,
                ]
            })
    });
    let model = app
        .copy
        .generator
        .as_ref()
        .map(|g| sanitize(g.model_id()))
        .unwrap_or_else(|| "copy model not loaded yet".into());
    // the settings always, the copy model's name when there is room
    let settings = format!(
        " · {} · {} · {}",
        offer_label(app),
        app.session.tone.words(),
        app.session.platform
    );
    let room = (area.width as usize).saturating_sub(4 + settings.chars().count());
    let seg = seg.map_or("no segment".to_string(), |v| {
        crate::text::longest_fit(&v, room)
    });
    let with_model = format!("{settings} · {model}");
    let tail = if 4 + seg.chars().count() + with_model.chars().count() <= area.width as usize {
        with_model
    } else {
        settings
    };
    let line = Line::from(vec![
        Span::styled("for ", app.theme.muted),
        Span::styled(seg, app.theme.title),
        Span::styled(tail, app.theme.muted),
    ]);
    f.render_widget(Paragraph::new(line), area);
}

fn draw_list(
    f: &mut Frame,
    app: &App,
    area: Rect,
    drafts: &[Draft],
    visible: &[usize],
    sel: usize,
) {
    let approved = drafts
        .iter()
        .filter(|d| d.status == Status::Approved)
        .count();
    let l = &app.copy.list;
    let filter = if l.filtering || !l.filter.text.is_empty() {
        format!("· /{} ", sanitize(&l.filter.text))
    } else {
        String::new()
    };
    let title = format!(" Drafts · {approved} approved {filter}");
    let block = Block::bordered()
        .title(Span::styled(title, app.theme.title))
        .border_style(app.theme.accent);
    let inner = block.inner(area);
    let start = sel.saturating_sub((inner.height as usize).saturating_sub(1));
    let lines: Vec<Line> = visible
        .iter()
        .map(|&i| &drafts[i])
        .enumerate()
        .skip(start)
        .take(inner.height as usize)
        .map(|(i, d)| {
            let y = inner.y + (i - start) as u16;
            app.hits
                .borrow_mut()
                .push((Rect::new(inner.x, y, inner.width, 1), Hit::Row(i)));
            let label = d.label.as_deref().unwrap_or(" ");
            let flag = if !d.issues.is_empty() {
                "!"
            } else if d.edited {
                "✎"
            } else {
                " "
            };
            // a score only when the learnt critic beats chance on held-out
            // decisions; the corpus critic's is not shown
            let score = app
                .session
                .taste_score(d)
                .map_or(String::new(), |s| format!("{s:.2} "));
            let head = format!("{}{label}{flag} {score}", d.status.mark());
            let room = (inner.width as usize).saturating_sub(head.chars().count());
            // as users receive it (name tags resolved)
            let title = crate::copy::slots::deliver_liquid(&d.variant.title);
            let text = crate::text::abbreviate(&sanitize(&title), room);
            let style = match d.status {
                _ if i == sel => app.theme.selected,
                Status::Approved => app.theme.ok,
                Status::Rejected => app.theme.muted,
                Status::Pending => app.theme.base,
            };
            Line::styled(format!("{head}{text}"), style)
        })
        .collect();
    f.render_widget(Paragraph::new(lines).block(block), area);
}

/// What the copy was written from: the segment's profile and products.
fn draw_brief(f: &mut Frame, app: &App, area: Rect, seg: usize) {
    let mut lines = Vec::new();
    if let Some(s) = app
        .session
        .segmentation
        .as_ref()
        .and_then(|r| r.segments.iter().find(|s| s.id == seg))
    {
        lines.push(Line::raw(sanitize(&s.description)));
        lines.push(Line::raw(""));
    }
    lines.push(Line::styled(
        "Recommended products (hybrid)",
        app.theme.header,
    ));
    for p in app
        .session
        .products
        .get(&seg)
        .map(Vec::as_slice)
        .unwrap_or(&[])
    {
        let price = p
            .price
            .map(|x| format!(" · {}{x:.2}", app.session.campaign.currency));
        lines.push(Line::raw(format!("• {}", sanitize(&p.title))));
        lines.push(Line::styled(
            format!(
                "  {}{}",
                sanitize(p.category.as_deref().unwrap_or("-")),
                sanitize(&price.unwrap_or_default())
            ),
            app.theme.muted,
        ));
    }
    f.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(
            Block::bordered()
                .title(Span::styled(" Brief ", app.theme.title))
                .border_style(app.theme.border),
        ),
        area,
    );
}

pub(super) fn product_name(app: &App, id: &str) -> String {
    app.dataset()
        .and_then(|ds| ds.items.get(id).map(|i| ds.item_title(i).to_string()))
        .unwrap_or_else(|| id.to_string())
}

/// The site a web push names: the web link's host, else a placeholder.
fn web_site(app: &App) -> String {
    app.session
        .campaign
        .web_link
        .as_deref()
        .and_then(|l| l.split("://").nth(1))
        .and_then(|rest| rest.split(['/', '?', '{']).next())
        .filter(|h| !h.is_empty())
        .map(sanitize)
        .unwrap_or_else(|| "your-shop.example".into())
}

fn draw_phone(f: &mut Frame, app: &App, area: Rect, d: &Draft) {
    use crate::copy::Platform;
    let platform = app.session.platform;
    let device = Device::of(platform);
    let shown = show(&d.variant.title, &d.variant.body, device);
    let frame = Block::bordered()
        .border_type(BorderType::Rounded)
        .title(Span::styled(format!(" {} ", device.label), app.theme.muted))
        .border_style(app.theme.border);
    let inner = frame.inner(area);
    f.render_widget(frame, area);
    // what is around the card: the lock screen's clock, the shade's status
    // bar, or nothing on a desktop
    let top_h = match platform {
        Platform::Ios => 2,
        Platform::Android => 2,
        Platform::Web => 1,
    };
    let card_h = shown.title.len() + shown.body.len() + 3 + usize::from(platform == Platform::Web);
    let [top, card, note] = Layout::vertical([
        Constraint::Length(top_h),
        Constraint::Length(card_h as u16),
        Constraint::Min(0),
    ])
    .areas(inner);
    let w = inner.width as usize;
    match platform {
        Platform::Ios => f.render_widget(
            Paragraph::new(Line::styled("9:41", app.theme.title)).centered(),
            top,
        ),
        Platform::Android => f.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "9:41  Tue 3 Nov{:>width$}",
                    "▾ ▮ 87%",
                    width = w.saturating_sub(16)
                ),
                app.theme.muted,
            )),
            top,
        ),
        Platform::Web => {}
    }
    let card_block = Block::bordered()
        .border_type(match platform {
            Platform::Web => BorderType::Plain,
            _ => BorderType::Rounded,
        })
        .border_style(app.theme.border);
    let card_inner = card_block.inner(card);
    f.render_widget(card_block, card);
    let cw = card_inner.width as usize;
    let header = match platform {
        Platform::Ios => format!("▣ SHOP{:>width$}", "now", width = cw.saturating_sub(6)),
        Platform::Android => {
            format!("▣ Shop · now{:>width$}", "⌄", width = cw.saturating_sub(12))
        }
        Platform::Web => format!(
            "◉ Google Chrome{:>width$}",
            "✕",
            width = cw.saturating_sub(15)
        ),
    };
    let mut lines = vec![Line::styled(header, app.theme.muted)];
    lines.extend(
        shown
            .title
            .iter()
            .map(|l| Line::styled(l.clone(), app.theme.title)),
    );
    lines.extend(shown.body.iter().map(|l| Line::raw(l.clone())));
    if platform == Platform::Web {
        lines.push(Line::styled(
            crate::text::abbreviate_start(&web_site(app), cw),
            app.theme.muted,
        ));
    }
    f.render_widget(Paragraph::new(lines), card_inner);
    let mut notes = Vec::new();
    if shown.title_cut {
        notes.push(Line::styled("title cut by the device", app.theme.error));
    }
    if shown.body_cut {
        notes.push(Line::styled("body cut by the device", app.theme.error));
    }
    if d.variant.title.contains("{{") || d.variant.body.contains("{{") {
        notes.push(Line::styled(
            "{{ }} tags: filled per user by the push service",
            app.theme.muted,
        ));
    }
    f.render_widget(Paragraph::new(notes).wrap(Wrap { trim: true }), note);
}

/// The offer the drafts are for: the chosen one, or "auto" and the offer the
/// data backs for this segment (as the drafts were written).
fn offer_label(app: &App) -> String {
    let written = super::copy::segment(app)
        .and_then(|s| app.session.drafts.get(&s))
        .and_then(|d| d.first())
        .map(|d| d.variant.offer);
    match (app.session.offer, written) {
        (Some(o), _) => o.words(),
        (None, Some(w)) => format!("{} (auto)", w.words()),
        (None, None) => "offer auto".into(),
    }
}

/// The learnt critic's word on a draft: its score when it agrees with the
/// marketer's held-out decisions, else how far it is from that.
pub(super) fn taste_note(app: &App, d: &Draft) -> String {
    use crate::copy::taste::MIN_PER_CLASS;
    let n = match app.session.decisions {
        1 => "1 decision".to_string(),
        n => format!("{n} decisions"),
    };
    match (&app.session.taste, app.session.taste_score(d)) {
        (Some(t), Some(s)) => format!(
            "your taste {s:.2} (AUC {:.2} on past decisions)",
            t.auc.unwrap_or(0.0)
        ),
        (Some(_), None) => format!("learning your taste: {n}, not reliable yet"),
        (None, _) => {
            format!("learning your taste: {n} (needs {MIN_PER_CLASS} ✓ and {MIN_PER_CLASS} ✗)")
        }
    }
}
