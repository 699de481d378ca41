//! `pushbench bench tui`: how fast the workbench answers. Time from start to
//! the first frame and to the first frame showing the data; render time per
//! screen at 160x48; and key-to-frame latency and the worst gap between
//! frames while clustering and copy generation run in the background. Frames
//! are drawn on ratatui's TestBackend, through the same event loop shape as
//! the terminal (`recv_timeout` of 33 ms, keys applied, jobs polled, redraw).

use super::action::Action;
use super::app::{App, DataState};
use super::jobs::JobKind;
use super::key::Key;
use super::keymap::Keymap;
use super::theme::Theme;
use crate::data::LoadOptions;
use crate::error::{Error, Result};
use ratatui::backend::TestBackend;
use ratatui::Terminal;
use serde::Serialize;
use std::fmt;
use std::sync::mpsc;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Serialize)]
pub struct ScreenRender {
    pub screen: String,
    pub mean_ms: f64,
    pub p95_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Latency {
    pub job: String,
    pub job_seconds: f64,
    pub keys: usize,
    pub key_to_frame_mean_ms: f64,
    pub key_to_frame_max_ms: f64,
    pub worst_frame_gap_ms: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct TuiBench {
    pub first_frame_ms: f64,
    pub data_frame_ms: f64,
    pub analysis_seconds: f64,
    pub render: Vec<ScreenRender>,
    pub latency: Vec<Latency>,
}

type Term = Terminal<TestBackend>;

fn terminal(w: u16, h: u16) -> Result<Term> {
    Terminal::new(TestBackend::new(w, h)).map_err(|e| Error::Other(format!("terminal: {e}")))
}

fn draw(t: &mut Term, app: &App) -> Result<()> {
    t.draw(|f| super::ui::draw(f, app))
        .map(|_| ())
        .map_err(|e| Error::Other(format!("drawing: {e}")))
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn wait_idle(app: &mut App, t: &mut Term) -> Result<()> {
    while app.busy() {
        if app.poll_jobs() {
            draw(t, app)?;
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    Ok(())
}

/// Runs the benchmark on `opts` (the bundled sample by default).
pub fn run(opts: LoadOptions) -> Result<TuiBench> {
    let mut t = terminal(160, 48)?;
    let t0 = Instant::now();
    let mut app = App::new(opts, Keymap::default(), Theme::dark());
    draw(&mut t, &app)?;
    let first_frame_ms = ms(t0.elapsed());
    while matches!(app.data, DataState::Loading) {
        app.poll_jobs();
        std::thread::sleep(Duration::from_millis(1));
    }
    if let DataState::Failed(e) = &app.data {
        return Err(Error::Other(format!("loading failed: {e}")));
    }
    draw(&mut t, &app)?;
    let data_frame_ms = ms(t0.elapsed());
    wait_idle(&mut app, &mut t)?;
    let analysis_seconds = t0.elapsed().as_secs_f64();

    // drafts and an approval, so Copy and Campaign have content
    app.update(Action::Screen4);
    wait_idle(&mut app, &mut t)?;
    app.update(Action::Approve);

    let mut render = Vec::new();
    for (i, s) in app.screens.clone().iter().enumerate() {
        app.go_to(i);
        let mut times: Vec<f64> = (0..60)
            .map(|_| {
                let t1 = Instant::now();
                draw(&mut t, &app).map(|_| ms(t1.elapsed()))
            })
            .collect::<Result<_>>()?;
        times.sort_by(f64::total_cmp);
        render.push(ScreenRender {
            screen: s.title().to_string(),
            mean_ms: times.iter().sum::<f64>() / times.len() as f64,
            p95_ms: times[times.len() * 95 / 100],
        });
    }

    let mut latency = Vec::new();
    // re-cluster with one more segment, typing on the Segments screen
    app.go_to(1);
    app.update(Action::KMore);
    latency.push(measure(&mut app, &mut t, JobKind::Segment)?);
    // write a fresh set of drafts, typing on the Copy screen
    app.go_to(3);
    app.update(Action::RegenerateAll);
    latency.push(measure(&mut app, &mut t, JobKind::Generate)?);
    Ok(TuiBench {
        first_frame_ms,
        data_frame_ms,
        analysis_seconds,
        render,
        latency,
    })
}

/// Types a key every 20 ms while `kind` runs; the loop is the terminal's.
fn measure(app: &mut App, t: &mut Term, kind: JobKind) -> Result<Latency> {
    let (tx, rx) = mpsc::channel::<Instant>();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let typer = {
        let stop = stop.clone();
        std::thread::spawn(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if tx.send(Instant::now()).is_err() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        })
    };
    let keys = [Key::parse("j"), Key::parse("k")];
    let start = Instant::now();
    let mut last_frame = Instant::now();
    let mut worst_gap = Duration::ZERO;
    let mut lat: Vec<f64> = Vec::new();
    let mut n = 0usize;
    let mut dirty = true;
    while app.job(kind).is_some() {
        if app.poll_jobs() {
            dirty = true;
        }
        let mut pending: Vec<Instant> = Vec::new();
        match rx.recv_timeout(Duration::from_millis(33)) {
            Ok(sent) => {
                pending.push(sent);
                while let Ok(s) = rx.try_recv() {
                    pending.push(s);
                }
            }
            Err(_) => dirty = true,
        }
        for _ in &pending {
            if let Some(Some(k)) = keys.get(n % 2) {
                app.on_key(*k);
            }
            n += 1;
            dirty = true;
        }
        if dirty {
            draw(t, app)?;
            let now = Instant::now();
            worst_gap = worst_gap.max(now - last_frame);
            last_frame = now;
            lat.extend(pending.iter().map(|s| ms(now - *s)));
            dirty = false;
        }
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let _ = typer.join();
    let mean = lat.iter().sum::<f64>() / lat.len().max(1) as f64;
    Ok(Latency {
        job: kind.name().to_string(),
        job_seconds: start.elapsed().as_secs_f64(),
        keys: lat.len(),
        key_to_frame_mean_ms: mean,
        key_to_frame_max_ms: lat.iter().copied().fold(0.0, f64::max),
        worst_frame_gap_ms: ms(worst_gap),
    })
}

impl fmt::Display for TuiBench {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "start to first frame      {:>8.1} ms",
            self.first_frame_ms
        )?;
        writeln!(
            f,
            "start to data on screen   {:>8.1} ms",
            self.data_frame_ms
        )?;
        writeln!(
            f,
            "start to analysis done    {:>8.2} s",
            self.analysis_seconds
        )?;
        writeln!(f, "\nrender at 160x48          mean ms    p95 ms")?;
        for r in &self.render {
            writeln!(f, "  {:<22} {:>8.2} {:>9.2}", r.screen, r.mean_ms, r.p95_ms)?;
        }
        writeln!(
            f,
            "\nwhile a job runs   job s   keys  key→frame mean  max ms  worst frame gap ms"
        )?;
        for l in &self.latency {
            writeln!(
                f,
                "  {:<14} {:>7.2} {:>6} {:>15.1} {:>7.1} {:>19.1}",
                l.job,
                l.job_seconds,
                l.keys,
                l.key_to_frame_mean_ms,
                l.key_to_frame_max_ms,
                l.worst_frame_gap_ms
            )?;
        }
        Ok(())
    }
}
