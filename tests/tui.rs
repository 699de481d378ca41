//! TUI without a terminal: snapshots on ratatui's TestBackend and state
//! transitions driven by actions.

use pushbench::data::{self, bundled};
use pushbench::jobs::JobCtx;
use pushbench::tui::action::Action;
use pushbench::tui::app::{App, DataState};
use pushbench::tui::keymap::Keymap;
use pushbench::tui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::Terminal;

fn sample_app() -> App {
    let ds = data::load(&bundled::options(), &JobCtx::none()).unwrap();
    App::with_dataset(ds, Keymap::default(), Theme::mono())
}

fn render(app: &App, w: u16, h: u16) -> String {
    let mut t = Terminal::new(TestBackend::new(w, h)).unwrap();
    t.draw(|f| pushbench::tui::ui::draw(f, app)).unwrap();
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        for x in 0..w {
            line.push_str(buf[(x, y)].symbol());
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
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
fn help_overlay_lists_every_binding() {
    let mut app = sample_app();
    app.update(Action::Help);
    let s = render(&app, 100, 30);
    for b in &app.keymap.bindings {
        assert!(s.contains(b.desc), "help lacks {:?}", b.desc);
    }
    app.update(Action::Back);
    assert!(!app.show_help);
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
    assert_eq!(app.data_view.selected_category, 2);
    app.update(Action::Bottom);
    assert_eq!(app.data_view.selected_category, n - 1);
    app.update(Action::Down);
    assert_eq!(app.data_view.selected_category, n - 1);
    app.update(Action::Top);
    assert_eq!(app.data_view.selected_category, 0);
    app.update(Action::Quit);
    assert!(app.should_quit);
}

#[test]
fn background_load_reaches_ready_and_cancel_stops_it() {
    let mut app = App::new(bundled::options(), Keymap::default(), Theme::mono());
    assert!(matches!(app.data, DataState::Loading { .. }));
    // the UI thread is never blocked: poll until the job reports back
    let mut spins = 0;
    while !matches!(app.data, DataState::Ready(_)) {
        app.poll_jobs();
        std::thread::sleep(std::time::Duration::from_millis(10));
        spins += 1;
        assert!(spins < 6000, "load never finished");
        if let DataState::Failed(e) = &app.data {
            panic!("{e}");
        }
    }
    assert!(app.job_running().is_none());

    let mut app = App::new(bundled::options(), Keymap::default(), Theme::mono());
    app.update(Action::Back);
    assert!(app.job_running().is_none());
    assert!(matches!(app.data, DataState::Failed(ref m) if m.contains("cancelled")));
    // a late result of the cancelled job is dropped
    std::thread::sleep(std::time::Duration::from_millis(300));
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
        let found = readme.contains(desc);
        assert!(found, "README lacks the binding {:?}", b.desc);
    }
}
