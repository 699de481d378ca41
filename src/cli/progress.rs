//! The progress bar every command shows on stderr while a job runs.

use crate::jobs::JobCtx;
use indicatif::{ProgressBar, ProgressStyle};

/// Bar layout: a spinner, the job's message, the bar, percent, elapsed time.
const TEMPLATE: &str = "{spinner} {prefix}{msg:28} [{bar:30}] {percent:>3}% {elapsed}";

/// A progress bar and a job context that moves it; call
/// `finish_and_clear` on the bar when the job ends.
pub fn bar() -> (ProgressBar, JobCtx) {
    labelled("")
}

/// A bar whose messages start with `label` (for two bars at once).
pub fn labelled(label: &str) -> (ProgressBar, JobCtx) {
    let bar = ProgressBar::new(1000);
    bar.set_prefix(label.to_string());
    bar.set_style(
        ProgressStyle::with_template(TEMPLATE).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let b = bar.clone();
    let ctx = JobCtx::with_reporter(move |f, m| {
        b.set_position((f.clamp(0.0, 1.0) * 1000.0) as u64);
        b.set_message(m.to_string());
    });
    (bar, ctx)
}

/// Runs `work` with a progress bar, clearing it afterwards.
pub fn with_bar<T>(work: impl FnOnce(&JobCtx) -> T) -> T {
    let (bar, ctx) = bar();
    let r = work(&ctx);
    bar.finish_and_clear();
    r
}
