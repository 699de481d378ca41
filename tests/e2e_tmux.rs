//! End-to-end: the real binary in a real terminal (tmux), driven by keystrokes.
//! CI installs tmux; without it the test fails under CI and is skipped locally.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

struct Tmux {
    session: String,
}

impl Tmux {
    fn start(name: &str, home: &Path, args: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            assert!(
                std::env::var_os("CI").is_none(),
                "tmux is required in CI (.ci/run installs it)"
            );
            eprintln!("SKIPPED: tmux not installed");
            return None;
        }
        let session = format!("pb-{name}-{}", std::process::id());
        let bin = env!("CARGO_BIN_EXE_pushbench");
        let exit_file = home.join("exit_code");
        let cmd = format!(
            "cd {root} && PUSHBENCH_HOME={home} TERM=xterm-256color {bin} {args}; echo $? > {exit}; sleep 30",
            root = env!("CARGO_MANIFEST_DIR"),
            home = home.display(),
            exit = exit_file.display(),
        );
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &session,
                "-x",
                "120",
                "-y",
                "36",
                &cmd,
            ])
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(ok, "could not start tmux");
        Some(Tmux { session })
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let st = Command::new("tmux")
                .args(["send-keys", "-t", &self.session, k])
                .status()
                .expect("send-keys");
            assert!(st.success());
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    fn literal(&self, text: &str) {
        Command::new("tmux")
            .args(["send-keys", "-l", "-t", &self.session, text])
            .status()
            .expect("send-keys");
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Waits until the screen contains `text`; panics with the screen if not.
    fn wait_for(&self, text: &str, secs: u64) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(secs) {
                panic!("timed out waiting for {text:?}; screen:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(200));
        }
    }

    fn alternate_on(&self) -> bool {
        let out = Command::new("tmux")
            .args([
                "display-message",
                "-p",
                "-t",
                &self.session,
                "#{alternate_on}",
            ])
            .output()
            .expect("display-message");
        String::from_utf8_lossy(&out.stdout).trim() == "1"
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .status();
    }
}

fn wait_exit(home: &Path, secs: u64) -> String {
    let f = home.join("exit_code");
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(secs) {
        if let Ok(s) = std::fs::read_to_string(&f) {
            if !s.trim().is_empty() {
                return s.trim().to_string();
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("pushbench did not exit");
}

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
    t.wait_for("Command palette", 10);
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
    assert!(s.contains("key 'j'"), "conflict reported:\n{s}");
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
