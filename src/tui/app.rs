//! Application state and its transitions. `update` applies an [`Action`];
//! `poll_jobs` folds in what background jobs reported. Nothing here draws.

use super::action::Action;
use super::keymap::{Key, Keymap};
use super::theme::Theme;
use crate::data::{self, Dataset, LoadOptions, Summary};
use crate::error::Error;
use crate::jobs::{JobEvent, JobHandle, Jobs};
use std::sync::Arc;

/// The workbench's screens, in flow order. Only screens that exist are listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Data,
}

impl Screen {
    pub const ALL: [Screen; 1] = [Screen::Data];
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Data => "Data",
        }
    }
}

/// A loaded dataset and what the screens derive from it.
pub struct Loaded {
    pub ds: Arc<Dataset>,
    pub summary: Summary,
}

pub enum DataState {
    Loading { fraction: f64, message: String },
    Ready(Box<Loaded>),
    Failed(String),
}

/// Results of background jobs.
pub enum JobOutput {
    Loaded(Box<Loaded>),
}

/// Selection state of the Data screen.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DataView {
    pub selected_category: usize,
}

pub struct App {
    pub screens: Vec<Screen>,
    pub current: usize,
    pub data: DataState,
    pub keymap: Keymap,
    pub theme: Theme,
    pub show_help: bool,
    pub status: Option<(String, bool)>,
    pub should_quit: bool,
    pub data_view: DataView,
    load_opts: Option<LoadOptions>,
    jobs: Jobs<JobOutput>,
    running: Option<JobHandle>,
}

impl App {
    fn base(keymap: Keymap, theme: Theme, data: DataState) -> App {
        App {
            screens: Screen::ALL.to_vec(),
            current: 0,
            data,
            keymap,
            theme,
            show_help: false,
            status: None,
            should_quit: false,
            data_view: DataView::default(),
            load_opts: None,
            jobs: Jobs::new(),
            running: None,
        }
    }

    /// An app that loads `opts` in the background.
    pub fn new(opts: LoadOptions, keymap: Keymap, theme: Theme) -> App {
        let mut app = App::base(
            keymap,
            theme,
            DataState::Loading {
                fraction: 0.0,
                message: "starting".into(),
            },
        );
        app.load_opts = Some(opts);
        app.start_load();
        app
    }

    /// An app on an already loaded dataset (tests, benchmarks).
    pub fn with_dataset(ds: Dataset, keymap: Keymap, theme: Theme) -> App {
        let summary = data::summarize(&ds);
        App::base(
            keymap,
            theme,
            DataState::Ready(Box::new(Loaded {
                ds: Arc::new(ds),
                summary,
            })),
        )
    }

    pub fn screen(&self) -> Screen {
        self.screens[self.current]
    }

    pub fn job_running(&self) -> Option<&str> {
        self.running.as_ref().map(|j| j.name.as_str())
    }

    fn start_load(&mut self) {
        let Some(opts) = self.load_opts.clone() else {
            self.status = Some((
                "nothing to reload: the data was given in memory".into(),
                false,
            ));
            return;
        };
        if let Some(old) = self.running.take() {
            old.cancel();
        }
        self.data = DataState::Loading {
            fraction: 0.0,
            message: format!("loading {}", opts.events.name()),
        };
        let handle = self.jobs.spawn("load", move |ctx| {
            let ds = data::load(&opts, ctx)?;
            ctx.check()?;
            ctx.progress(0.95, "summarising");
            let summary = data::summarize(&ds);
            Ok(JobOutput::Loaded(Box::new(Loaded {
                ds: Arc::new(ds),
                summary,
            })))
        });
        tracing::info!(job = handle.id, "load started");
        self.running = Some(handle);
    }

    /// Resolves a key through the key map and applies its action.
    pub fn on_key(&mut self, key: Key) {
        if let Some(a) = self.keymap.action_for(key) {
            self.update(a);
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => self.show_help = !self.show_help,
            Action::Back => {
                if self.show_help {
                    self.show_help = false;
                } else if let Some(job) = self.running.take() {
                    job.cancel();
                    if matches!(self.data, DataState::Loading { .. }) {
                        self.data = DataState::Failed(
                            "loading was cancelled; press r to load again".into(),
                        );
                    }
                    self.status = Some((format!("cancelled {}", job.name), false));
                }
            }
            Action::NextScreen => self.current = (self.current + 1) % self.screens.len(),
            Action::PrevScreen => {
                self.current = (self.current + self.screens.len() - 1) % self.screens.len()
            }
            Action::Reload => self.start_load(),
            a => {
                if let Some(i) = a.screen_index() {
                    if i < self.screens.len() {
                        self.current = i;
                    }
                } else {
                    self.move_selection(a);
                }
            }
        }
    }

    fn move_selection(&mut self, a: Action) {
        match self.screen() {
            Screen::Data => {
                let n = match &self.data {
                    DataState::Ready(l) => l.summary.top_categories.len(),
                    _ => 0,
                };
                let sel = &mut self.data_view.selected_category;
                *sel = step(*sel, n, a);
            }
        }
    }

    /// Applies job events; results of superseded jobs are dropped.
    pub fn poll_jobs(&mut self) -> bool {
        let events = self.jobs.drain();
        let changed = !events.is_empty();
        for ev in events {
            let current = self.running.as_ref().map(|j| j.id);
            match ev {
                JobEvent::Progress {
                    id,
                    fraction,
                    message,
                } if Some(id) == current => {
                    if let DataState::Loading { .. } = self.data {
                        self.data = DataState::Loading { fraction, message };
                    }
                }
                JobEvent::Progress { .. } => {}
                JobEvent::Done { id, result } if Some(id) == current => {
                    self.running = None;
                    match result {
                        Ok(JobOutput::Loaded(l)) => {
                            tracing::info!(events = l.summary.events, "load finished");
                            self.status = Some((
                                format!(
                                    "loaded {} events ({} layout)",
                                    l.summary.events, l.summary.layout_title
                                ),
                                false,
                            ));
                            self.data_view = DataView::default();
                            self.data = DataState::Ready(l);
                        }
                        Err(Error::Cancelled) => {}
                        Err(e) => {
                            tracing::warn!(error = %e, "load failed");
                            self.data = DataState::Failed(e.to_string());
                            self.status = Some(("loading failed".into(), true));
                        }
                    }
                }
                JobEvent::Done { id, .. } => {
                    tracing::debug!(id, "dropped result of superseded job")
                }
            }
        }
        changed
    }
}

/// Moves a list selection of `n` entries by a navigation action.
pub fn step(sel: usize, n: usize, a: Action) -> usize {
    if n == 0 {
        return 0;
    }
    match a {
        Action::Up => sel.saturating_sub(1),
        Action::Down => (sel + 1).min(n - 1),
        Action::PageUp => sel.saturating_sub(10),
        Action::PageDown => (sel + 10).min(n - 1),
        Action::Top => 0,
        Action::Bottom => n - 1,
        _ => sel.min(n - 1),
    }
}
