//! Application state and its transitions. `update` applies an [`Action`];
//! `on_key` routes keys to the open overlay, a list filter or the key map;
//! `poll_jobs` folds in what background jobs reported. Nothing here draws.

use super::action::Action;
use super::jobs::{JobKind, JobOutput, Running};
use super::key::Key;
use super::keymap::{Keymap, Scope};
use super::overlay::{Overlay, PromptKind};
use super::screens;
use super::theme::Theme;
use crate::data::{self, Dataset, LoadOptions, Source, Summary};
use crate::error::Error;
use crate::jobs::{JobCtx, JobEvent, Jobs};
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::sync::Arc;

/// The workbench's screens, in flow order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Data,
    Segments,
    Compare,
    Copy,
    Campaign,
}

impl Screen {
    pub const ALL: [Screen; 5] = [
        Screen::Data,
        Screen::Segments,
        Screen::Compare,
        Screen::Copy,
        Screen::Campaign,
    ];
    pub fn title(&self) -> &'static str {
        match self {
            Screen::Data => "Data",
            Screen::Segments => "Segments",
            Screen::Compare => "Compare",
            Screen::Copy => "Copy",
            Screen::Campaign => "Campaign",
        }
    }
    pub fn scope(&self) -> Scope {
        match self {
            Screen::Data => Scope::Data,
            Screen::Segments => Scope::Segments,
            Screen::Compare => Scope::Compare,
            Screen::Copy => Scope::Copy,
            Screen::Campaign => Scope::Campaign,
        }
    }
}

/// A loaded dataset and what the screens derive from it.
pub struct Loaded {
    pub summary: Summary,
}

pub enum DataState {
    Loading,
    Ready(Box<Loaded>),
    Failed(String),
}

/// Something the mouse can hit, recorded while drawing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Hit {
    Tab(usize),
    /// A row of the current screen's main list (index among visible rows).
    Row(usize),
}

pub struct App {
    pub screens: Vec<Screen>,
    pub current: usize,
    pub data: DataState,
    pub data_view: screens::data::DataView,
    pub segments: screens::segments::SegmentsView,
    pub compare: screens::compare::CompareView,
    pub copy: screens::copy::CopyView,
    pub campaign: screens::campaign::CampaignView,
    /// The workflow's state (data, segments, models, drafts, campaign).
    pub session: crate::workbench::Session,
    pub keymap: Keymap,
    pub theme: Theme,
    pub overlay: Overlay,
    /// Message and whether it is an error.
    pub status: Option<(String, bool)>,
    /// Start-up warnings (key map conflicts), shown until esc dismisses them.
    pub warnings: Vec<String>,
    pub should_quit: bool,
    pub mouse: bool,
    /// Clickable areas of the last frame.
    pub hits: RefCell<Vec<(Rect, Hit)>>,
    load_opts: Option<LoadOptions>,
    jobs: Jobs<JobOutput>,
    pub(super) running: Vec<Running>,
}

impl App {
    fn base(keymap: Keymap, theme: Theme, data: DataState) -> App {
        App {
            screens: Screen::ALL.to_vec(),
            current: 0,
            data,
            data_view: Default::default(),
            segments: Default::default(),
            compare: Default::default(),
            copy: Default::default(),
            campaign: Default::default(),
            session: Default::default(),
            keymap,
            theme,
            overlay: Overlay::None,
            status: None,
            warnings: Vec::new(),
            should_quit: false,
            mouse: true,
            hits: RefCell::new(Vec::new()),
            load_opts: None,
            jobs: Jobs::new(),
            running: Vec::new(),
        }
    }

    /// An app that loads `opts` in the background.
    pub fn new(opts: LoadOptions, keymap: Keymap, theme: Theme) -> App {
        let mut app = App::base(keymap, theme, DataState::Loading);
        app.load_opts = Some(opts);
        app.start_load();
        app
    }

    /// An app on an already loaded dataset (tests, benchmarks).
    pub fn with_dataset(ds: Dataset, keymap: Keymap, theme: Theme) -> App {
        let mut app = App::base(keymap, theme, DataState::Loading);
        let data = crate::workbench::Data::new(Arc::new(ds), None);
        app.set_dataset(data);
        app
    }

    /// New data: everything derived from the old data goes (segments,
    /// models, drafts, undo steps), and the campaign shown is one built on
    /// the new data.
    fn set_dataset(&mut self, data: crate::workbench::Data) {
        let summary = data::summarize(&data.ds);
        self.data_view = Default::default();
        self.segments = Default::default();
        self.compare = Default::default();
        // the copy model does not depend on the data: keep it loaded
        let generator = self.copy.generator.take();
        self.copy = Default::default();
        self.copy.generator = generator;
        self.data = DataState::Ready(Box::new(Loaded { summary }));
        let notice = self.session.set_data(data);
        screens::campaign::bind_to_data(self, notice);
    }

    /// The loaded data's fingerprint.
    pub fn fingerprint(&self) -> Option<&data::Fingerprint> {
        self.session.fingerprint()
    }

    /// Sets the dataset and starts the work that depends on it.
    fn dataset_arrived(&mut self, data: crate::workbench::Data) {
        self.set_dataset(data);
        self.start_analysis();
    }

    /// Starts segmenting, fitting and evaluating in the background.
    pub fn start_analysis(&mut self) {
        screens::segments::start(self);
        screens::compare::start(self);
    }

    /// True while any background job runs.
    pub fn busy(&self) -> bool {
        !self.running.is_empty()
    }

    /// Where the current data was loaded from (None for in-memory data).
    pub fn load_options(&self) -> Option<&LoadOptions> {
        self.load_opts.as_ref()
    }

    /// Keeps the campaign in the store, resuming its last session.
    pub fn attach_store(&mut self, store: crate::campaign::Store, owner: Option<String>) {
        screens::campaign::attach_store(self, store, owner);
    }

    pub fn dataset(&self) -> Option<&Arc<Dataset>> {
        match &self.data {
            DataState::Ready(_) => self.session.dataset(),
            _ => None,
        }
    }

    pub fn screen(&self) -> Screen {
        self.screens[self.current]
    }

    pub fn scope(&self) -> Scope {
        self.screen().scope()
    }

    pub fn set_status(&mut self, msg: impl Into<String>, error: bool) {
        self.status = Some((msg.into(), error));
    }

    // ----- jobs -------------------------------------------------------

    /// Starts a background job of `kind`, superseding (cancelling) one of the
    /// same kind; its late result will be dropped.
    pub fn spawn(
        &mut self,
        kind: JobKind,
        work: impl FnOnce(&JobCtx) -> crate::Result<JobOutput> + Send + 'static,
    ) {
        self.cancel_job(kind);
        let handle = self.jobs.spawn(kind.name(), work);
        tracing::info!(job = handle.id, kind = kind.name(), "job started");
        self.running.push(Running {
            kind,
            handle,
            fraction: 0.0,
            message: format!("{} starting", kind.name()),
        });
    }

    pub fn cancel_job(&mut self, kind: JobKind) -> bool {
        if let Some(pos) = self.running.iter().position(|r| r.kind == kind) {
            let r = self.running.remove(pos);
            r.handle.cancel();
            tracing::info!(job = r.handle.id, "job cancelled");
            true
        } else {
            false
        }
    }

    pub fn job(&self, kind: JobKind) -> Option<&Running> {
        self.running.iter().find(|r| r.kind == kind)
    }

    pub fn job_running(&self) -> Option<&Running> {
        self.running.last()
    }

    fn start_load(&mut self) {
        let Some(opts) = self.load_opts.clone() else {
            self.set_status("nothing to reload: the data was given in memory", false);
            return;
        };
        self.data = DataState::Loading;
        self.spawn(JobKind::Load, move |ctx| {
            let ds = data::load(&opts, ctx)?;
            ctx.check()?;
            ctx.progress(0.99, "fingerprinting");
            let data = crate::workbench::Data::new(Arc::new(ds), Some(opts));
            Ok(JobOutput::Loaded(Box::new(data)))
        });
    }

    /// Applies job events; results of superseded jobs are dropped.
    pub fn poll_jobs(&mut self) -> bool {
        let events = self.jobs.drain();
        let changed = !events.is_empty();
        for ev in events {
            match ev {
                JobEvent::Progress {
                    id,
                    fraction,
                    message,
                } => {
                    if let Some(r) = self.running.iter_mut().find(|r| r.handle.id == id) {
                        r.fraction = fraction;
                        r.message = message;
                    }
                }
                JobEvent::Done { id, result } => {
                    let Some(pos) = self.running.iter().position(|r| r.handle.id == id) else {
                        tracing::debug!(id, "dropped result of a superseded job");
                        continue;
                    };
                    let r = self.running.remove(pos);
                    match result {
                        Ok(out) => self.on_job_done(out),
                        Err(Error::Cancelled) => {}
                        Err(e) => self.on_job_failed(r.kind, e),
                    }
                }
            }
        }
        changed
    }

    fn on_job_done(&mut self, out: JobOutput) {
        match out {
            JobOutput::Loaded(data) => {
                tracing::info!(events = data.ds.events.len(), "load finished");
                self.dataset_arrived(*data);
                let campaign = self.status.take().map(|(m, _)| format!("; {m}"));
                if let DataState::Ready(l) = &self.data {
                    let msg = format!(
                        "loaded {} events ({} layout){}",
                        l.summary.events,
                        l.summary.layout_title,
                        campaign.unwrap_or_default()
                    );
                    self.set_status(msg, false);
                }
            }
            JobOutput::Segmented(s) => {
                screens::segments::on_result(self, *s);
                screens::compare::refresh(self);
                self.screen_changed();
            }
            JobOutput::Fitted(m) => {
                screens::compare::on_fitted(self, *m);
                self.screen_changed();
            }
            JobOutput::Evaluated(r, prep) => screens::compare::on_evaluated(self, *r, prep),
            JobOutput::Rescored(m, at) => screens::compare::on_rescored(self, *m, at),
            JobOutput::Generated {
                generator,
                variants,
            } => screens::copy::on_generated(self, generator, variants),
            JobOutput::Exported(r) => screens::campaign::on_exported(self, *r),
            JobOutput::ExportExists(dir, msg) => {
                screens::campaign::on_export_exists(self, dir, msg)
            }
        }
    }

    fn on_job_failed(&mut self, kind: JobKind, e: Error) {
        tracing::warn!(error = %e, kind = kind.name(), "job failed");
        match kind {
            JobKind::Load => self.data = DataState::Failed(e.to_string()),
            JobKind::Segment => self.segments.error = Some(e.to_string()),
            JobKind::Fit => self.compare.error = Some(e.to_string()),
            JobKind::Evaluate | JobKind::Rescore => self.compare.eval_error = Some(e.to_string()),
            JobKind::Generate => {
                self.copy.pending = None;
                self.copy.error = Some(e.to_string());
            }
            JobKind::Export => {}
        }
        self.set_status(format!("{} failed: {e}", kind.name()), true);
    }

    // ----- input ------------------------------------------------------

    /// Routes a key: the open overlay, a list filter, or the key map.
    pub fn on_key(&mut self, key: Key) {
        if self.overlay.is_open() {
            super::overlay_keys::handle(self, key);
            return;
        }
        if self.list_filtering() {
            self.filter_key(key);
            return;
        }
        if let Some(a) = self.keymap.action_for(self.scope(), key) {
            self.update(a);
        }
    }

    fn list_filtering(&self) -> bool {
        match self.screen() {
            Screen::Data => self.data_view.categories.filtering,
            Screen::Segments => self.segments.filtering(),
            Screen::Copy => self.copy.list.filtering,
            Screen::Campaign => self.campaign.list.filtering,
            Screen::Compare => false,
        }
    }

    fn filter_key(&mut self, key: Key) {
        match self.screen() {
            Screen::Data => {
                self.data_view.categories.filter_key(key);
            }
            Screen::Segments => {
                if self.segments.members.filtering {
                    self.segments.members.filter_key(key);
                } else {
                    self.segments.list.filter_key(key);
                }
            }
            Screen::Copy => {
                self.copy.list.filter_key(key);
            }
            Screen::Campaign => {
                self.campaign.list.filter_key(key);
            }
            Screen::Compare => {}
        }
    }

    pub fn update(&mut self, action: Action) {
        match action {
            Action::Quit => self.should_quit = true,
            Action::Help => {
                self.overlay = if matches!(self.overlay, Overlay::Help { .. }) {
                    Overlay::None
                } else {
                    Overlay::Help { scroll: 0 }
                }
            }
            Action::Palette => {
                self.overlay = Overlay::Palette {
                    input: Default::default(),
                    selected: 0,
                }
            }
            Action::Open => {
                self.overlay = Overlay::prompt(PromptKind::OpenEvents, "");
            }
            Action::Back => {
                if self.overlay.is_open() {
                    self.overlay = Overlay::None;
                } else if let Some(kind) = self.running.last().map(|r| r.kind) {
                    self.cancel_job(kind);
                    if kind == JobKind::Load && matches!(self.data, DataState::Loading) {
                        self.data = DataState::Failed(
                            "loading was cancelled; press ctrl-r to load again or o to open a file"
                                .into(),
                        );
                    }
                    self.set_status(format!("cancelled {}", kind.name()), false);
                } else if !self.warnings.is_empty() {
                    self.warnings.clear();
                } else {
                    self.screen_action(action);
                }
            }
            Action::NextScreen => self.go_to((self.current + 1) % self.screens.len()),
            Action::PrevScreen => {
                self.go_to((self.current + self.screens.len() - 1) % self.screens.len())
            }
            Action::Reload => self.start_load(),
            a => match a.screen_index() {
                Some(i) if i < self.screens.len() => self.go_to(i),
                Some(_) => {}
                None => self.screen_action(a),
            },
        }
    }

    /// Runs an action of a screen (switching to it first) or a global one.
    pub fn run_in_scope(&mut self, scope: Scope, action: Action) {
        if scope != Scope::Global && scope != self.scope() {
            if let Some(i) = self.screens.iter().position(|s| s.scope() == scope) {
                self.go_to(i);
            }
        }
        self.update(action);
    }

    /// Switches screen; the next screen picks up the current selections.
    pub fn go_to(&mut self, i: usize) {
        if i != self.current {
            // a message belongs to the screen it was said on
            self.status = None;
        }
        self.current = i;
        self.screen_changed();
    }

    /// Lets the shown screen pick up the selections made elsewhere.
    fn screen_changed(&mut self) {
        match self.screen() {
            Screen::Compare => screens::compare::refresh(self),
            Screen::Copy => screens::copy::refresh(self),
            Screen::Campaign => screens::campaign::recount(self),
            _ => {}
        }
    }

    fn screen_action(&mut self, a: Action) {
        match self.screen() {
            Screen::Data => screens::data::on_action(self, a),
            Screen::Segments => screens::segments::on_action(self, a),
            Screen::Compare => screens::compare::on_action(self, a),
            Screen::Copy => screens::copy::on_action(self, a),
            Screen::Campaign => screens::campaign::on_action(self, a),
        }
    }

    /// Opens data chosen in the TUI (events path, optional catalogue).
    pub fn open_files(&mut self, events: &str, items: Option<&str>) {
        let opts = LoadOptions::new(Source::path(events)).items(items.map(Source::path));
        self.load_opts = Some(opts);
        self.current = 0;
        self.start_load();
    }

    /// A mouse click at a cell.
    pub fn on_click(&mut self, col: u16, row: u16) {
        let hit = self
            .hits
            .borrow()
            .iter()
            .rev()
            .find(|(r, _)| col >= r.x && col < r.x + r.width && row >= r.y && row < r.y + r.height)
            .map(|(_, h)| *h);
        match hit {
            Some(Hit::Tab(i)) if i < self.screens.len() => {
                self.overlay = Overlay::None;
                self.go_to(i);
            }
            Some(Hit::Row(i)) if !self.overlay.is_open() => match self.screen() {
                Screen::Data => self.data_view.categories.selected = i,
                Screen::Segments => {
                    self.segments.focus_members = false;
                    self.segments.list.selected = i;
                }
                Screen::Copy => self.copy.list.selected = i,
                Screen::Campaign => self.campaign.list.selected = i,
                Screen::Compare => {}
            },
            _ => {}
        }
    }
}
