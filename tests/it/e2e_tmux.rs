//! End-to-end: the real binary in a real terminal (tmux), driven by keystrokes.

use crate::tmux_support::{wait_exit, Tmux};
use std::time::Duration;

#[test]
fn data_screen_help_palette_and_clean_exit() {
    let home = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("basic", home.path(), "") else {
        return;
    };
    let s = t.wait_for("Dataset", 60);
    assert!(s.contains("2500"), "users shown:\n{s}");
    assert!(t.alternate_on(), "TUI uses the alternate screen");
    t.keys(&["?"]);
    t.wait_for("Help: Data screen", 10);
    t.keys(&["Escape"]);
    t.keys(&[":"]);
    t.wait_for("Run any action by name", 10);
    t.literal("help");
    t.keys(&["Enter"]);
    t.wait_for("Help: Data screen", 10);
    t.keys(&["Escape", "q"]);
    assert_eq!(wait_exit(home.path(), 20), "0");
    assert!(
        !t.alternate_on(),
        "terminal restored: alternate screen left"
    );
    assert!(
        !t.screen().contains("Top categories"),
        "TUI frame gone after exit"
    );
}

#[test]
fn keymap_file_rebinds_and_reports_conflicts() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("config")).unwrap();
    std::fs::write(
        home.path().join("config/keymap.toml"),
        "[global]\nquit = [\"x\"]\nhelp = \"j\"\n",
    )
    .unwrap();
    let Some(t) = Tmux::start("keymap", home.path(), "") else {
        return;
    };
    let s = t.wait_for("Dataset", 60);
    assert!(
        s.contains("key 'x' now runs 'quit'"),
        "conflict reported:\n{s}"
    );
    t.keys(&["q"]);
    std::thread::sleep(Duration::from_millis(500));
    assert!(t.screen().contains("Dataset"), "q no longer quits");
    t.keys(&["j"]);
    t.wait_for("Help: Data screen", 10);
    t.keys(&["Escape", "x"]);
    assert_eq!(wait_exit(home.path(), 20), "0");
}

#[test]
fn bad_data_shows_an_error_in_place() {
    let home = tempfile::tempdir().unwrap();
    let bad = home.path().join("bad.csv");
    std::fs::write(
        &bad,
        "user_id,item_id,event,timestamp\nu1,i1,teleport,1700000000\n",
    )
    .unwrap();
    let Some(t) = Tmux::start("bad", home.path(), &format!("--events {}", bad.display())) else {
        return;
    };
    let s = t.wait_for("could not be loaded", 60);
    assert!(s.contains("teleport"), "{s}");
    t.keys(&["q"]);
    assert_eq!(wait_exit(home.path(), 20), "0");
}
