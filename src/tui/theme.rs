//! Styles named by role, not colour. Dark and light palettes; NO_COLOR gives
//! a monochrome theme that relies on bold/reverse only.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone)]
pub struct Theme {
    pub base: Style,
    pub header: Style,
    pub title: Style,
    pub selected: Style,
    pub muted: Style,
    pub accent: Style,
    pub error: Style,
    pub ok: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub status: Style,
    pub key: Style,
    pub border: Style,
    pub gauge: Style,
    pub chart: Style,
    /// Colours of data series (segments), by index.
    pub palette: Vec<Color>,
}

impl Theme {
    pub fn dark() -> Theme {
        Theme {
            base: Style::default(),
            header: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            title: Style::default()
                .fg(Color::White)
                .add_modifier(Modifier::BOLD),
            selected: Style::default().bg(Color::Blue).fg(Color::White),
            muted: Style::default().fg(Color::DarkGray),
            accent: Style::default().fg(Color::Yellow),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
            tab: Style::default().fg(Color::Gray),
            tab_active: Style::default()
                .fg(Color::Black)
                .bg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            status: Style::default().bg(Color::DarkGray).fg(Color::White),
            key: Style::default()
                .fg(Color::Cyan)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::DarkGray),
            gauge: Style::default().fg(Color::Cyan),
            chart: Style::default().fg(Color::Green),
            palette: vec![
                Color::Cyan,
                Color::Yellow,
                Color::Magenta,
                Color::Green,
                Color::LightRed,
                Color::LightBlue,
                Color::White,
                Color::LightGreen,
                Color::LightYellow,
                Color::LightMagenta,
            ],
        }
    }

    pub fn light() -> Theme {
        Theme {
            base: Style::default(),
            header: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            title: Style::default()
                .fg(Color::Black)
                .add_modifier(Modifier::BOLD),
            selected: Style::default().bg(Color::LightBlue).fg(Color::Black),
            muted: Style::default().fg(Color::Gray),
            accent: Style::default().fg(Color::Magenta),
            error: Style::default().fg(Color::Red).add_modifier(Modifier::BOLD),
            ok: Style::default().fg(Color::Green),
            tab: Style::default().fg(Color::DarkGray),
            tab_active: Style::default()
                .fg(Color::White)
                .bg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            status: Style::default().bg(Color::Gray).fg(Color::Black),
            key: Style::default()
                .fg(Color::Blue)
                .add_modifier(Modifier::BOLD),
            border: Style::default().fg(Color::Gray),
            gauge: Style::default().fg(Color::Blue),
            chart: Style::default().fg(Color::Blue),
            palette: vec![
                Color::Blue,
                Color::Red,
                Color::Magenta,
                Color::Green,
                Color::Cyan,
                Color::Yellow,
                Color::Black,
                Color::LightBlue,
                Color::LightRed,
                Color::DarkGray,
            ],
        }
    }

    /// No colours at all (NO_COLOR): emphasis by bold and reverse video.
    pub fn mono() -> Theme {
        let plain = Style::default();
        let bold = Style::default().add_modifier(Modifier::BOLD);
        let rev = Style::default().add_modifier(Modifier::REVERSED);
        Theme {
            base: plain,
            header: bold,
            title: bold,
            selected: rev,
            muted: plain,
            accent: bold,
            error: bold,
            ok: plain,
            tab: plain,
            tab_active: rev,
            status: rev,
            key: bold,
            border: plain,
            gauge: plain,
            chart: plain,
            palette: vec![Color::Reset],
        }
    }

    /// The colour of series `i` (cycling through the palette).
    pub fn series(&self, i: usize) -> Color {
        self.palette[i % self.palette.len()]
    }

    /// Picks the theme from the configured name and the NO_COLOR convention.
    pub fn from_config(name: &str) -> Theme {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return Theme::mono();
        }
        match name {
            "light" => Theme::light(),
            _ => Theme::dark(),
        }
    }
}
