//! Drives the real binary in a real terminal (tmux) for the end-to-end tests.
//! CI installs tmux; without it the tests fail under CI and are skipped locally.
#![allow(dead_code)]

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

pub struct Tmux {
    session: String,
}

impl Tmux {
    pub fn start(name: &str, home: &Path, args: &str) -> Option<Tmux> {
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

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.session])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).to_string()
    }

    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            let st = Command::new("tmux")
                .args(["send-keys", "-t", &self.session, k])
                .status()
                .expect("send-keys");
            assert!(st.success());
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    pub fn literal(&self, text: &str) {
        Command::new("tmux")
            .args(["send-keys", "-l", "-t", &self.session, text])
            .status()
            .expect("send-keys");
        std::thread::sleep(Duration::from_millis(150));
    }

    /// Waits until the screen contains `text`; panics with the screen if not.
    pub fn wait_for(&self, text: &str, secs: u64) -> String {
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

    /// Ends the session: the program gets SIGHUP and dies without cleanup,
    /// like a closed terminal or a killed process.
    pub fn kill(&self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.session])
            .output();
    }

    pub fn alternate_on(&self) -> bool {
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
            .output();
    }
}

pub fn wait_exit(home: &Path, secs: u64) -> String {
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
