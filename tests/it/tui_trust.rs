//! The TUI a marketer can trust: numbers that follow the settings, state
//! that is not lost, words for every number, room to see (issue 13).

use crate::tui_support::{analysed_app, render, wait_idle};
use pushbench::data::{self};
use pushbench::tui::action::Action;
use pushbench::tui::app::{App, Screen};
use pushbench::tui::key::Key;
use pushbench::tui::keymap::Keymap;
use pushbench::tui::overlay::Overlay;
use pushbench::tui::screens::compare;
use pushbench::tui::theme::Theme;

fn key(s: &str) -> Key {
    Key::parse(s).unwrap()
}

/// A MovieLens-like purchases-only dataset (ratings, no catalogue), made
/// deterministically: 120 users, 90 items, tastes in three blocks.
pub fn movielens_app() -> App {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::new();
    let mut x: u64 = 7;
    for u in 1..=120u64 {
        for _ in 0..18 {
            x = x
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let block = u % 3;
            let item = 1 + block * 30 + (x >> 33) % 30;
            let rating = 1 + (x >> 20) % 5;
            let ts = 880_000_000 + (x >> 40) % 20_000_000;
            text.push_str(&format!("{u}\t{item}\t{rating}\t{ts}\n"));
        }
    }
    let p = crate::common::write(dir.path(), "u.data", &text);
    let ds = crate::common::load_one(&p).unwrap();
    let mut app = App::with_dataset(ds, Keymap::default(), Theme::mono());
    app.start_analysis();
    wait_idle(&mut app);
    app
}

/// The fixture's temporary folder, which differs per run, as `<tmp>`.
fn redact_tmp(s: &str) -> String {
    s.lines()
        .map(|l| match (l.find("/tmp"), l.find("u.data")) {
            (Some(a), Some(b)) if a < b => {
                let pad = (b - a).saturating_sub(5);
                format!("{}<tmp>/{}{}", &l[..a], &l[b..], " ".repeat(pad))
            }
            _ => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn hybrid_row(app: &App) -> pushbench::eval::MethodMetrics {
    app.compare
        .report
        .as_ref()
        .and_then(|r| r.method("hybrid"))
        .cloned()
        .expect("a hybrid row")
}

#[test]
fn hybrid_weight_and_cf_model_change_the_hybrid_metrics_row() {
    let mut app = analysed_app();
    app.update(Action::Screen3);
    let before = hybrid_row(&app);
    // all the way to content only
    for _ in 0..10 {
        app.update(Action::WeightDown);
    }
    wait_idle(&mut app);
    let content_only = hybrid_row(&app);
    assert_ne!(before, content_only, "the row follows the weight");
    let w = app.session.models.as_ref().unwrap().config.hybrid_weight;
    assert_eq!(w, 0.0);
    assert_eq!(app.compare.scored_at.map(|s| s.0), Some(0.0));
    // back to 80% and a different CF model: the row follows the model
    for _ in 0..8 {
        app.update(Action::WeightUp);
    }
    wait_idle(&mut app);
    assert_eq!(hybrid_row(&app), before, "same blend, same numbers");
    app.update(Action::CycleCf);
    wait_idle(&mut app);
    let cf = app.session.models.as_ref().unwrap().config.cf_model;
    assert_eq!(app.compare.scored_at.map(|s| s.1), Some(cf));
    assert_ne!(hybrid_row(&app), before, "another CF model, other numbers");
}

#[test]
fn compare_has_a_cursor_and_a_detail_pane_without_raw_scores() {
    let mut app = analysed_app();
    app.update(Action::Screen3);
    app.update(Action::Right);
    app.update(Action::Down);
    let (col, rank, rec) = compare::selected(&app).unwrap();
    assert_eq!((col, rank), (1, 1));
    let title = app.dataset().unwrap().item_title(rec.item).to_string();
    let s = render(&app, 160, 48);
    assert!(s.contains("Selected product"), "{s}");
    assert!(
        s.contains(&title),
        "the full name in the detail pane: {title}\n{s}"
    );
    assert!(s.contains("#2 in ALS"), "{s}");
    // no per-column raw scores on different scales
    let cols: Vec<&str> = s.lines().skip(3).take(20).collect();
    for l in &cols {
        assert!(
            !l.split_whitespace()
                .any(|w| w.parse::<f64>().is_ok() && w.contains('.')),
            "a raw score in {l}"
        );
    }
    // the cursor stays inside the column
    for _ in 0..30 {
        app.update(Action::Down);
    }
    let (_, rank, _) = compare::selected(&app).unwrap();
    assert_eq!(rank, 9);
    app.update(Action::Right);
    app.update(Action::Right);
    assert_eq!(compare::selected(&app).unwrap().0, 2);
}

#[test]
fn without_a_catalogue_content_says_what_it_needs() {
    let mut app = movielens_app();
    app.update(Action::Screen3);
    let s = render(&app, 160, 48);
    assert!(s.contains("needs a catalogue"), "{s}");
    let r = app.compare.report.as_ref().unwrap();
    assert!(
        r.method("content").is_none(),
        "no content row copying popularity"
    );
    assert!(r.unavailable.iter().any(|u| u.method == "content"));
    insta::assert_snapshot!("movielens_compare_80x24", render(&app, 80, 24));
    insta::assert_snapshot!("movielens_compare_160x48", render(&app, 160, 48));
}

#[test]
fn funnel_shows_only_the_stages_the_data_has() {
    let app = movielens_app();
    let s = render(&app, 80, 24);
    assert!(!s.contains("→ 0 →"), "{s}");
    assert!(!s.contains("view→cart"), "{s}");
    assert!(
        s.contains("no view or cart events") || s.contains("no cart events"),
        "{s}"
    );
    insta::assert_snapshot!("movielens_data_80x24", redact_tmp(&s));
    insta::assert_snapshot!("movielens_data_160x48", redact_tmp(&render(&app, 160, 48)));
}

#[test]
fn daily_activity_title_and_axis_cover_the_same_period() {
    let app = movielens_app();
    let summary = data::summarize(app.dataset().unwrap());
    let first = summary.daily.first().unwrap().date.clone();
    let last = summary.daily.last().unwrap().date.clone();
    for (w, h) in [(80, 24), (160, 48)] {
        let s = render(&app, w, h);
        assert!(s.contains(&first) && s.contains(&last), "{w}x{h}: {s}");
        assert!(s.contains(&format!("{} days", summary.daily.len())), "{s}");
    }
}

#[test]
fn status_messages_stay_on_their_screen() {
    let mut app = analysed_app();
    app.update(Action::Screen3);
    app.update(Action::WeightUp);
    assert!(app.status.is_some());
    app.update(Action::Screen1);
    assert!(app.status.is_none());
    assert!(!render(&app, 80, 24).contains("hybrid:"));
}

#[test]
fn undo_takes_back_one_action_and_says_which() {
    let mut app = analysed_app();
    app.update(Action::Screen4);
    wait_idle(&mut app);
    let seg = compare_segment(&app);
    let before: Vec<_> = app.session.drafts[&seg].clone();
    assert!(before.len() >= 2);
    // reject the first draft, regenerate the second
    app.update(Action::Reject);
    app.update(Action::Down);
    app.update(Action::Regenerate);
    wait_idle(&mut app);
    let after = app.session.drafts[&seg].clone();
    assert_ne!(after[1].variant.title, before[1].variant.title);
    app.update(Action::Undo);
    let msg = app.status.clone().unwrap().0;
    assert!(msg.contains("undid the regeneration of"), "{msg}");
    let now = &app.session.drafts[&seg];
    assert_eq!(now[1], before[1], "the regenerated draft is back");
    assert_eq!(
        now[0].status,
        pushbench::workbench::draft::Status::Rejected,
        "the rejection stays"
    );
    app.update(Action::Undo);
    let msg = app.status.clone().unwrap().0;
    assert!(msg.contains("undid the rejection of"), "{msg}");
    assert_eq!(app.session.drafts[&seg], before);
}

fn compare_segment(app: &App) -> usize {
    pushbench::tui::screens::copy::segment(app).unwrap()
}

#[test]
fn an_edited_draft_drops_the_generated_labels() {
    let mut app = analysed_app();
    app.update(Action::Screen4);
    wait_idle(&mut app);
    let seg = compare_segment(&app);
    pushbench::tui::screens::copy::apply_edit(&mut app, 0, "Hello", "A line I wrote").unwrap();
    let d = &app.session.drafts[&seg][0];
    assert!(d.edited);
    assert!(d.variant.critic_score.is_nan(), "no score of another text");
    let s = render(&app, 160, 48);
    assert!(s.contains("edited by hand (asked:"), "{s}");
}

#[test]
fn help_scrolls_to_its_last_line_and_explains_the_numbers() {
    let mut app = analysed_app();
    app.update(Action::Screen3);
    app.update(Action::Help);
    let mut seen = String::new();
    for _ in 0..80 {
        seen.push_str(&render(&app, 80, 24));
        app.on_key(key("down"));
    }
    for word in [
        "ranking (ndcg)",
        "higher is better",
        "catalogue (cover)",
        "Keys",
        "ctrl-r",
    ] {
        assert!(seen.contains(word), "help lacks {word}");
    }
    for b in app.keymap.for_scope(app.scope()) {
        assert!(seen.contains(b.desc), "help lacks {:?}", b.desc);
    }
    assert!(matches!(app.overlay, Overlay::Help { .. }));
    app.on_key(key("esc"));
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn the_palette_finds_actions_of_every_screen() {
    let mut app = analysed_app();
    assert_eq!(app.screen(), Screen::Data);
    app.on_key(key(":"));
    for c in "export the".chars() {
        app.on_key(key(&c.to_string()));
    }
    let s = render(&app, 80, 24);
    assert!(s.contains("campaign: export the campaign"), "{s}");
    app.on_key(key("enter"));
    assert_eq!(
        app.screen(),
        Screen::Campaign,
        "switched to the action's screen"
    );
}

#[test]
fn each_platform_preview_looks_like_that_platform() {
    let mut app = analysed_app();
    app.update(Action::Screen4);
    wait_idle(&mut app);
    let ios = render(&app, 100, 30);
    assert!(ios.contains("iPhone") && ios.contains("9:41") && ios.contains("▣ SHOP"));
    app.update(Action::CyclePlatform);
    let android = render(&app, 100, 30);
    assert!(
        android.contains("Android") && android.contains("▣ Shop · now"),
        "{android}"
    );
    app.update(Action::CyclePlatform);
    let web = render(&app, 100, 30);
    assert!(web.contains("Google Chrome"), "{web}");
    assert!(!web.contains("9:41"), "no phone clock on a desktop: {web}");
    insta::assert_snapshot!("preview_android_100x30", android);
    insta::assert_snapshot!("preview_web_100x30", web);
}
