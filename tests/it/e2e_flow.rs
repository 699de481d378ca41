//! End-to-end: the whole flow in the real binary under tmux. Data ->
//! Segments -> Compare -> Copy -> Campaign with real keystrokes, approve a
//! variant, export CSV, quit; approvals survive killing the program.

use crate::tmux_support::{wait_exit, Tmux};
use std::time::Duration;

#[test]
fn data_to_export_in_one_flow() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("export");
    let Some(t) = Tmux::start("flow", home.path(), "") else {
        return;
    };
    t.wait_for("Dataset", 60);
    // Segments: wait for clustering, pick the second segment
    t.keys(&["2"]);
    t.wait_for("Segments · k=", 120);
    t.keys(&["j"]);
    // Compare follows the selection
    t.keys(&["3"]);
    let s = t.wait_for("for segment 1:", 30);
    assert!(!s.contains("for segment 0:"), "{s}");
    t.wait_for("Hybrid", 180);
    // Copy: drafts for the same segment, approve the first
    t.keys(&["4"]);
    t.wait_for("for segment 1:", 30);
    t.wait_for("Drafts · 0 approved", 180);
    t.keys(&["a"]);
    t.wait_for("Drafts · 1 approved", 20);
    // Campaign: the approved variant, then export CSV to a folder
    t.keys(&["5"]);
    t.wait_for("Approved variants", 20);
    let s = t.wait_for("100%", 20);
    assert!(s.contains("format csv"), "{s}");
    t.keys(&["e"]);
    t.wait_for("Export to folder", 10);
    t.keys(&["C-u"]);
    t.literal(out.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for("exported", 60);
    t.keys(&["q"]);
    assert_eq!(wait_exit(home.path(), 20), "0");
    assert!(
        !t.alternate_on(),
        "terminal restored: alternate screen left"
    );
    assert!(!t.screen().contains("Approved variants"), "TUI frame gone");

    let csv = std::fs::read_to_string(out.join("campaign.csv")).expect("campaign.csv written");
    let mut lines = csv.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("user_id,segment_id,segment,arm,variant,"),
        "{header}"
    );
    let rows: Vec<&str> = lines.collect();
    assert!(rows.len() > 50, "{} rows", rows.len());
    let pushed = rows.iter().filter(|r| r.contains(",variant,A,")).count();
    let control = rows.iter().filter(|r| r.contains(",control,")).count();
    assert_eq!(pushed + control, rows.len());
    assert!(
        pushed > 0 && control > 0,
        "pushed {pushed}, control {control}"
    );
    // users the copy's claims do not hold for are left out and counted
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(m["counts"]["sent"].as_u64(), Some(pushed as u64));
    assert!(
        rows.iter().all(|r| r.split(',').nth(1) == Some("1")),
        "only segment 1"
    );
    assert!(out.join("manifest.json").exists());
}

#[test]
fn approvals_survive_a_killed_process() {
    let home = tempfile::tempdir().unwrap();
    let Some(t) = Tmux::start("kill", home.path(), "") else {
        return;
    };
    t.wait_for("Dataset", 60);
    t.keys(&["4"]);
    t.wait_for("Drafts · 0 approved", 300);
    t.keys(&["a"]);
    let s = t.wait_for("Drafts · 1 approved", 20);
    let title = s
        .lines()
        .find(|l| l.contains("✓A"))
        .map(|l| l.to_string())
        .expect("approved row");
    t.kill();
    std::thread::sleep(Duration::from_millis(500));

    let Some(t) = Tmux::start("resume", home.path(), "") else {
        return;
    };
    t.wait_for("Dataset", 60);
    t.keys(&["5"]);
    t.wait_for("100%", 120);
    t.keys(&["4"]);
    let s = t.wait_for("Drafts · 1 approved", 120);
    assert!(
        s.contains(
            title
                .trim_matches(|c| c == '│' || c == ' ')
                .split('│')
                .next()
                .unwrap()
        ),
        "{title}\n{s}"
    );
    t.keys(&["q"]);
    assert_eq!(wait_exit(home.path(), 20), "0");
}
