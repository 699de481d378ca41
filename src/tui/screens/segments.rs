//! The Segments screen: the segment table, the selected segment's profile
//! (feature lifts, top categories, active hours), the PCA scatter, and the
//! member list. Changing k or the algorithm re-runs clustering in the background.

use crate::segment::{self, Algo, KChoice, SegmentOptions, Segmentation};
use crate::text::{abbreviate, abbreviate_middle, sanitize};
use crate::tui::action::Action;
use crate::tui::app::{App, Hit};
use crate::tui::jobs::{JobKind, JobOutput};
use crate::tui::list::ListView;
use crate::tui::overlay::{Overlay, PromptKind};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};
use ratatui::widgets::canvas::{Canvas, Points};
use ratatui::widgets::{Block, Paragraph, Row, Sparkline, Table};
use ratatui::Frame;

#[derive(Default)]
pub struct SegmentsView {
    pub opts: SegmentOptions,
    pub error: Option<String>,
    pub list: ListView,
    pub members: ListView,
    /// The member list has the keys.
    pub focus_members: bool,
}

impl SegmentsView {
    /// Segment ids in table order, after the filter.
    pub fn visible(&self, seg: Option<&Segmentation>) -> Vec<usize> {
        match seg {
            Some(r) => self
                .list
                .visible(r.segments.iter().map(|s| s.name.as_str())),
            None => Vec::new(),
        }
    }

    /// The selected segment id.
    pub fn selected(&self, seg: Option<&Segmentation>) -> Option<usize> {
        self.list.selected_index(&self.visible(seg))
    }

    pub fn filtering(&self) -> bool {
        self.list.filtering || self.members.filtering
    }
}

/// Starts (or restarts) clustering; reuses the computed features when present.
pub fn start(app: &mut App) {
    let Some(ds) = app.dataset().cloned() else {
        return;
    };
    let opts = app.segments.opts.clone();
    app.session.k_requested = match opts.k {
        KChoice::Auto { .. } => crate::campaign::model::KRequested::Auto,
        KChoice::Fixed(k) => crate::campaign::model::KRequested::Fixed(k),
    };
    let features = app
        .session
        .segmentation
        .as_ref()
        .map(|r| r.features.clone());
    app.segments.error = None;
    app.spawn(JobKind::Segment, move |ctx| {
        let s = match features {
            Some(fm) => segment::segment_features(&ds, fm, &opts, ctx)?,
            None => segment::run(&ds, &opts, ctx)?,
        };
        Ok(JobOutput::Segmented(Box::new(s)))
    });
}

pub fn on_result(app: &mut App, s: Segmentation) {
    let k = s.k;
    let keep = app.segments.selected(app.session.segmentation.as_deref());
    app.session.set_segmentation(s);
    app.segments.list.selected = keep.unwrap_or(0).min(k.saturating_sub(1));
    app.segments.members = ListView::default();
    app.set_status(format!("{k} segments ready"), false);
}

pub fn on_action(app: &mut App, a: Action) {
    let seg = app.session.segmentation.clone();
    let v = &mut app.segments;
    let current_k = seg.as_ref().map(|r| r.k).unwrap_or(5);
    match a {
        Action::KMore | Action::KLess => {
            let k = if a == Action::KMore {
                (current_k + 1).min(20)
            } else {
                current_k.saturating_sub(1).max(2)
            };
            v.opts.k = KChoice::Fixed(k);
            start(app);
        }
        Action::KAuto => {
            v.opts.k = KChoice::Auto { min: 3, max: 10 };
            start(app);
        }
        Action::CycleAlgo => {
            v.opts.algo = match v.opts.algo {
                Algo::KMeans => Algo::Gmm,
                Algo::Gmm => Algo::Dbscan,
                Algo::Dbscan => Algo::KMeans,
            };
            start(app);
        }
        Action::Rename => {
            if let Some((id, name)) = v
                .selected(seg.as_deref())
                .and_then(|id| seg.as_ref().map(|r| (id, r.segments[id].name.clone())))
            {
                app.overlay = Overlay::prompt(PromptKind::RenameSegment(id), &name);
            }
        }
        Action::Enter => {
            if v.focus_members {
                super::open_member(app);
            } else if v.selected(seg.as_deref()).is_some() {
                v.focus_members = true;
            }
        }
        Action::Back => v.focus_members = false,
        Action::Filter => {
            if v.focus_members {
                v.members.start_filter()
            } else {
                v.list.start_filter()
            }
        }
        a if a.is_navigation() => {
            if v.focus_members {
                let n = member_ids(app).len();
                app.segments.members.navigate(a, n);
            } else {
                let n = v.visible(seg.as_deref()).len();
                v.list.navigate(a, n);
                v.members = ListView::default();
            }
        }
        _ => {}
    }
}

/// User ids of the selected segment's members, after the member filter.
pub fn member_ids(app: &App) -> Vec<String> {
    let (Some(r), Some(id), Some(ds)) = (
        app.session.segmentation.as_ref(),
        app.segments.selected(app.session.segmentation.as_deref()),
        app.dataset(),
    ) else {
        return Vec::new();
    };
    let names: Vec<&str> = r
        .members(id)
        .into_iter()
        .map(|u| ds.users.name(u))
        .collect();
    app.segments
        .members
        .visible(names.iter().copied())
        .into_iter()
        .map(|i| names[i].to_string())
        .collect()
}

pub fn rename(app: &mut App, id: usize, name: &str) -> Result<bool, String> {
    app.session
        .rename_segment(id, name)
        .map_err(|e| e.to_string())?;
    app.set_status(format!("segment {id} renamed"), false);
    Ok(false)
}

pub fn draw(f: &mut Frame, app: &App, area: Rect) {
    let v = &app.segments;
    let Some(r) = &app.session.segmentation else {
        let msg = match (&v.error, app.job(JobKind::Segment)) {
            (Some(e), _) => Line::from(Span::styled(sanitize(e), app.theme.error)),
            (None, Some(j)) => Line::from(format!(
                "clustering users… {:.0}% ({})",
                j.fraction * 100.0,
                sanitize(&j.message)
            )),
            (None, None) if app.dataset().is_none() => Line::from("load data first (screen 1)"),
            _ => Line::from("no segments yet"),
        };
        f.render_widget(
            Paragraph::new(msg).block(
                Block::bordered()
                    .title(" Segments ")
                    .border_style(app.theme.border),
            ),
            area,
        );
        return;
    };
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(52), Constraint::Percentage(48)]).areas(area);
    let table_h = (r.segments.len() as u16 + 3).min(left.height / 2).max(5);
    let [table, profile] =
        Layout::vertical([Constraint::Length(table_h), Constraint::Min(4)]).areas(left);
    let [scatter, members] =
        Layout::vertical([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(right);
    draw_table(f, app, r, table);
    draw_profile(f, app, r, profile);
    draw_scatter(f, app, r, scatter);
    draw_members(f, app, members);
}

fn draw_table(f: &mut Frame, app: &App, r: &Segmentation, area: Rect) {
    let v = &app.segments;
    let visible = v.visible(Some(r));
    let sel = v.list.selected.min(visible.len().saturating_sub(1));
    let k_label = match v.opts.k {
        KChoice::Auto { .. } => format!("k={} auto", r.k),
        KChoice::Fixed(_) => format!("k={}", r.k),
    };
    let filter = if v.list.filtering || !v.list.filter.text.is_empty() {
        format!(" /{}", sanitize(&v.list.filter.text))
    } else {
        String::new()
    };
    // the longest title that fits; the silhouette is always named whole
    let room = area.width.saturating_sub(2) as usize;
    let title = [
        format!(
            " Segments · {k_label} · {} · silhouette {:.2}{filter} ",
            r.algo.label(),
            r.silhouette
        ),
        format!(
            " Segments · {k_label} · silhouette {:.2}{filter} ",
            r.silhouette
        ),
        format!(" {k_label} · silhouette {:.2}{filter} ", r.silhouette),
        format!(" {k_label} "),
    ];
    let title = crate::text::longest_fit(&title, room);
    let block = Block::bordered()
        .title(Span::styled(title, app.theme.title))
        .border_style(if v.focus_members {
            app.theme.border
        } else {
            app.theme.accent
        });
    let inner = block.inner(area);
    // narrow: the share column goes so names keep their words
    let narrow = inner.width < 52;
    let fixed = if narrow {
        1 + 2 + 6 + 6 + 5
    } else {
        1 + 2 + 6 + 6 + 6 + 6
    };
    let name_w = (inner.width as usize).saturating_sub(fixed).max(8);
    let start = sel.saturating_sub((inner.height as usize).saturating_sub(2));
    let rows: Vec<Row> = visible
        .iter()
        .enumerate()
        .map(|(pos, &id)| {
            let s = &r.segments[id];
            let y = inner.y + 1 + pos.saturating_sub(start) as u16;
            if pos >= start && y < inner.y + inner.height {
                app.hits
                    .borrow_mut()
                    .push((Rect::new(inner.x, y, inner.width, 1), Hit::Row(pos)));
            }
            let mut cells = vec![
                Span::styled("●", Style::default().fg(app.theme.series(id))),
                Span::raw(format!("{id}")),
                Span::raw(abbreviate_middle(&sanitize(&s.name), name_w)),
                Span::raw(format!("{:>6}", s.size)),
            ];
            if !narrow {
                cells.push(Span::raw(format!("{:>5.1}%", s.share * 100.0)));
            }
            cells.push(Span::raw(format!("{:>5.0}%", s.buyer_share * 100.0)));
            let row = Row::new(cells);
            if pos == sel {
                row.style(app.theme.selected)
            } else {
                row
            }
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(8),
        Constraint::Length(6),
    ];
    let mut header = vec!["", "id", "name", "users"];
    if !narrow {
        widths.push(Constraint::Length(6));
        header.push("share");
    }
    widths.push(Constraint::Length(6));
    header.push("buyers");
    f.render_widget(
        Table::new(rows.into_iter().skip(start), widths)
            .header(Row::new(header).style(app.theme.header))
            .block(block),
        area,
    );
}

fn draw_profile(f: &mut Frame, app: &App, r: &Segmentation, area: Rect) {
    let Some(id) = app.segments.selected(app.session.segmentation.as_deref()) else {
        return;
    };
    let s = &r.segments[id];
    let block = Block::bordered()
        .title(Span::styled(
            format!(" {} ", abbreviate_middle(&sanitize(&s.name), 40)),
            app.theme.title,
        ))
        .border_style(app.theme.border);
    let inner = block.inner(area);
    f.render_widget(block, area);
    let [desc, body, hours] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(2),
        Constraint::Length(2),
    ])
    .areas(inner);
    f.render_widget(
        Paragraph::new(Span::styled(sanitize(&s.description), app.theme.accent))
            .wrap(ratatui::widgets::Wrap { trim: true }),
        desc,
    );
    let [lifts, cats] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(body);
    // the features that set the segment apart most (by standardised distance)
    let mut z: Vec<&(String, f64)> = s.z.iter().filter(|(_, v)| v.is_finite()).collect();
    z.sort_by(|a, b| b.1.abs().total_cmp(&a.1.abs()));
    let name_w = 16usize;
    let bar_w = (lifts.width as usize).saturating_sub(name_w + 7) / 2;
    let lines: Vec<Line> = z
        .iter()
        .take(lifts.height as usize)
        .map(|(name, zv)| {
            let lift = s
                .lifts
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, l)| *l)
                .unwrap_or(f64::NAN);
            let n = ((zv.abs() / 2.0).min(1.0) * bar_w as f64).round() as usize;
            // the arrow points the way the ratio shown beside it does (the
            // standardised distance can disagree on skewed features)
            let below = if lift.is_finite() {
                lift < 1.0
            } else {
                *zv < 0.0
            };
            let (l, rr) = if below {
                (
                    format!("{:>w$}", "◀".repeat(n), w = bar_w),
                    " ".repeat(bar_w),
                )
            } else {
                (
                    " ".repeat(bar_w),
                    format!("{:<w$}", "▶".repeat(n), w = bar_w),
                )
            };
            Line::from(vec![
                Span::raw(format!("{:<name_w$}", abbreviate(name, name_w))),
                Span::styled(l, app.theme.error),
                Span::raw("│"),
                Span::styled(rr, app.theme.ok),
                Span::styled(
                    if lift.is_finite() {
                        // "0.96x", not a "1.0x" that contradicts its arrow
                        if (lift * 10.0).round() == 10.0 && lift != 1.0 {
                            format!(" {lift:.2}x")
                        } else {
                            format!(" {lift:.1}x")
                        }
                    } else {
                        String::new()
                    },
                    app.theme.muted,
                ),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(lines), lifts);
    let cat_lines: Vec<Line> = s
        .top_categories
        .iter()
        .take(cats.height as usize)
        .map(|(c, share)| {
            Line::from(vec![
                Span::raw(abbreviate(
                    &sanitize(c),
                    (cats.width as usize).saturating_sub(7),
                )),
                Span::styled(format!(" {:.0}%", share * 100.0), app.theme.muted),
            ])
        })
        .collect();
    f.render_widget(Paragraph::new(cat_lines), cats);
    let data: Vec<u64> = s.active_hours.iter().map(|h| (h * 1000.0) as u64).collect();
    let [label, spark] =
        Layout::horizontal([Constraint::Length(10), Constraint::Length(24)]).areas(hours);
    f.render_widget(
        Paragraph::new(Span::styled("hours 0-23", app.theme.muted)),
        label,
    );
    f.render_widget(
        Sparkline::default().data(&data).style(app.theme.chart),
        spark,
    );
}

fn draw_scatter(f: &mut Frame, app: &App, r: &Segmentation, area: Rect) {
    let pts = &r.projection;
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for p in pts {
        x0 = x0.min(p[0]);
        x1 = x1.max(p[0]);
        y0 = y0.min(p[1]);
        y1 = y1.max(p[1]);
    }
    if !(x0 < x1 && y0 < y1) {
        (x0, x1, y0, y1) = (-1.0, 1.0, -1.0, 1.0);
    }
    // at most ~6000 points are drawn; larger data is thinned evenly
    let stride = (pts.len() / 6000).max(1);
    let k = r.segments.len();
    let mut groups: Vec<Vec<(f64, f64)>> = vec![Vec::new(); k];
    for (i, p) in pts.iter().enumerate().step_by(stride) {
        let s = r.assignment[i];
        if s < k {
            groups[s].push((p[0], p[1]));
        }
    }
    let selected = app.segments.selected(app.session.segmentation.as_deref());
    let theme = &app.theme;
    f.render_widget(
        Canvas::default()
            .block(
                Block::bordered()
                    .title(Span::styled(" Users, PCA projection ", theme.title))
                    .border_style(theme.border),
            )
            .marker(Marker::Braille)
            .x_bounds([x0, x1])
            .y_bounds([y0, y1])
            .paint(|ctx| {
                for (id, g) in groups.iter().enumerate() {
                    if Some(id) != selected {
                        ctx.draw(&Points {
                            coords: g,
                            color: theme.series(id),
                        });
                    }
                }
                ctx.layer();
                if let Some(id) = selected {
                    ctx.draw(&Points {
                        coords: &groups[id],
                        color: theme.series(id),
                    });
                }
            }),
        area,
    );
}

fn draw_members(f: &mut Frame, app: &App, area: Rect) {
    let v = &app.segments;
    let ids = member_ids(app);
    let filter = if v.members.filtering || !v.members.filter.text.is_empty() {
        format!(" /{}", sanitize(&v.members.filter.text))
    } else {
        String::new()
    };
    let title = format!(" Members ({}){filter} · enter opens ", ids.len());
    let block = Block::bordered()
        .title(Span::styled(title, app.theme.title))
        .border_style(if v.focus_members {
            app.theme.accent
        } else {
            app.theme.border
        });
    let inner = block.inner(area);
    f.render_widget(block, area);
    let sel = v.members.selected.min(ids.len().saturating_sub(1));
    let rows = inner.height as usize;
    let start = sel.saturating_sub(rows.saturating_sub(1));
    let lines: Vec<Line> = ids
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .map(|(i, id)| {
            let l = Line::from(sanitize(id));
            if v.focus_members && i == sel {
                l.style(app.theme.selected)
            } else {
                l
            }
        })
        .collect();
    f.render_widget(Paragraph::new(lines), inner);
}
