//! TUI without a terminal: snapshots on ratatui's TestBackend and state
//! transitions driven by actions.

use pushbench::data::bundled;

use crate::tui_support::{analysed_app, render, sample_app, wait_idle};
use pushbench::tui::action::Action;
use pushbench::tui::app::{App, DataState, Screen};
use pushbench::tui::key::Key;
use pushbench::tui::keymap::Keymap;
use pushbench::tui::overlay::Overlay;
use pushbench::tui::theme::Theme;
use std::time::Duration;

/// Offline metrics are checked by the eval tests; the snapshot keeps the
/// table's shape but not its digits (multi-threaded fits may differ in the
/// last digit).
fn redact_metrics(screen: &str) -> String {
    let methods = [
        "popularity",
        "content ",
        "item-kNN",
        "ALS ",
        "EASE ",
        "hybrid ",
    ];
    screen
        .lines()
        .map(|l| {
            let t = l.trim_start_matches('│');
            if methods.iter().any(|m| t.starts_with(m)) {
                l.chars()
                    .map(|c| if c.is_ascii_digit() { '#' } else { c })
                    .collect()
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn key(s: &str) -> Key {
    Key::parse(s).unwrap()
}

#[test]
fn data_screen_80x24() {
    insta::assert_snapshot!(render(&sample_app(), 80, 24));
}

#[test]
fn data_screen_160x48() {
    insta::assert_snapshot!(render(&sample_app(), 160, 48));
}

#[test]
fn analysed_screens() {
    let mut app = analysed_app();
    assert!(
        app.session.segmentation.is_some(),
        "{:?}",
        app.segments.error
    );
    assert!(app.session.models.is_some(), "{:?}", app.compare.error);
    assert!(app.compare.report.is_some(), "{:?}", app.compare.eval_error);
    app.update(Action::Screen2);
    assert_eq!(app.screen(), Screen::Segments);
    insta::assert_snapshot!("segments_80x24", render(&app, 80, 24));
    insta::assert_snapshot!("segments_160x48", render(&app, 160, 48));
    app.update(Action::Screen3);
    assert_eq!(app.screen(), Screen::Compare);
    let cols = app
        .compare
        .columns
        .as_ref()
        .expect("columns for the selected segment");
    assert!(cols.iter().all(|c| c.len() == 10));
    insta::assert_snapshot!("compare_80x24", redact_metrics(&render(&app, 80, 24)));
    insta::assert_snapshot!("compare_160x48", redact_metrics(&render(&app, 160, 48)));
}

#[test]
fn segment_selection_flows_into_compare() {
    let mut app = analysed_app();
    app.update(Action::Screen2);
    app.update(Action::Down);
    let seg = app
        .segments
        .selected(app.session.segmentation.as_deref())
        .unwrap();
    assert_eq!(seg, 1);
    app.update(Action::Screen3);
    let before = app.compare.columns.clone().unwrap();
    // the hybrid weight changes the hybrid column only
    app.update(Action::WeightDown);
    app.update(Action::WeightDown);
    app.update(Action::WeightDown);
    let after = app.compare.columns.clone().unwrap();
    assert_eq!(before[0], after[0], "content column unchanged");
    assert_ne!(before[2], after[2], "hybrid column follows the weight");
    // drill from a member into Compare
    app.update(Action::Screen2);
    app.update(Action::Enter);
    assert!(app.segments.focus_members);
    app.update(Action::Enter);
    assert_eq!(app.screen(), Screen::Compare);
    assert!(matches!(
        pushbench::tui::screens::compare::subject(&app),
        Some(pushbench::tui::screens::compare::Subject::User(_))
    ));
}

#[test]
fn changing_k_reclusters_in_the_background() {
    let mut app = analysed_app();
    let k = app.session.segmentation.as_ref().unwrap().k;
    app.update(Action::Screen2);
    app.update(Action::KMore);
    assert!(app.busy(), "a clustering job runs");
    // the screen keeps answering while it runs
    app.update(Action::Down);
    wait_idle(&mut app);
    assert_eq!(app.session.segmentation.as_ref().unwrap().k, k + 1);
    // cancel: Esc stops the job and keeps the old result
    app.update(Action::KMore);
    app.update(Action::Back);
    assert!(!app.busy());
    wait_idle(&mut app);
    assert_eq!(app.session.segmentation.as_ref().unwrap().k, k + 1);
}

#[test]
fn rename_segment_through_the_prompt() {
    let mut app = analysed_app();
    app.update(Action::Screen2);
    app.update(Action::Rename);
    assert!(matches!(app.overlay, Overlay::Prompt { .. }));
    app.on_key(key("ctrl-u"));
    for c in "VIPs".chars() {
        app.on_key(key(&c.to_string()));
    }
    app.on_key(key("enter"));
    assert_eq!(app.overlay, Overlay::None);
    let id = app
        .segments
        .selected(app.session.segmentation.as_deref())
        .unwrap();
    assert_eq!(
        app.session.segmentation.as_ref().unwrap().segments[id].name,
        "VIPs"
    );
}

#[test]
fn help_overlay_lists_every_binding_of_the_screen() {
    let mut app = sample_app();
    app.update(Action::Help);
    let mut s = String::new();
    for _ in 0..60 {
        s.push_str(&render(&app, 100, 40));
        app.on_key(key("down"));
    }
    for b in app.keymap.for_scope(app.scope()) {
        assert!(s.contains(b.desc), "help lacks {:?}", b.desc);
    }
    app.update(Action::Back);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn palette_runs_actions_by_name() {
    let mut app = sample_app();
    app.on_key(key(":"));
    for c in "next_scr".chars() {
        app.on_key(key(&c.to_string()));
    }
    app.on_key(key("enter"));
    assert_eq!(app.current, 1);
    assert_eq!(app.overlay, Overlay::None);
}

#[test]
fn every_bound_action_is_reachable_from_its_key() {
    let km = Keymap::default();
    for b in &km.bindings {
        let scope = b.scope;
        for k in &b.keys {
            assert_eq!(km.action_for(scope, *k), Some(b.action), "{}", k.label());
        }
    }
}

#[test]
fn filter_narrows_the_category_list() {
    let mut app = sample_app();
    app.on_key(key("/"));
    for c in "ook".chars() {
        app.on_key(key(&c.to_string()));
    }
    app.on_key(key("enter"));
    let s = render(&app, 100, 30);
    assert!(s.contains("Books"), "{s}");
    assert!(!s.contains("Fashion  "), "{s}");
}

#[test]
fn too_small_terminal_gets_a_message() {
    let s = render(&sample_app(), 40, 10);
    assert!(s.contains("needs at least"), "{s}");
}

#[test]
fn selection_moves_and_clamps() {
    let mut app = sample_app();
    let n = match &app.data {
        DataState::Ready(l) => l.summary.top_categories.len(),
        _ => unreachable!(),
    };
    assert!(n > 2);
    app.update(Action::Down);
    app.update(Action::Down);
    assert_eq!(app.data_view.categories.selected, 2);
    app.update(Action::Bottom);
    assert_eq!(app.data_view.categories.selected, n - 1);
    app.update(Action::Down);
    assert_eq!(app.data_view.categories.selected, n - 1);
    app.update(Action::Top);
    assert_eq!(app.data_view.categories.selected, 0);
    app.update(Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn background_load_reaches_ready_and_cancel_stops_it() {
    let mut app = App::new(bundled::options(), Keymap::default(), Theme::mono());
    assert!(matches!(app.data, DataState::Loading));
    let mut spins = 0;
    while !matches!(app.data, DataState::Ready(_)) {
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(10));
        spins += 1;
        assert!(spins < 6000, "load never finished");
        if let DataState::Failed(e) = &app.data {
            panic!("{e}");
        }
    }
    let mut app = App::new(bundled::options(), Keymap::default(), Theme::mono());
    app.update(Action::Back);
    assert!(!app.busy());
    assert!(matches!(app.data, DataState::Failed(ref m) if m.contains("cancelled")));
    // a late result of the cancelled job is dropped
    std::thread::sleep(Duration::from_millis(300));
    app.poll_jobs();
    assert!(matches!(app.data, DataState::Failed(_)));
}

#[test]
fn readme_lists_every_key_binding() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    for b in &Keymap::default().bindings {
        // the five screen jumps share one row: "go to screen 1 … 5"
        let desc = if b.desc.starts_with("go to screen") {
            "go to screen 1 … 5"
        } else {
            b.desc
        };
        assert!(
            readme.contains(desc),
            "README lacks the binding {:?}",
            b.desc
        );
    }
}
