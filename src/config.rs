//! Configuration file and folders. The config folder holds `config.toml` (and
//! later `keymap.toml`); the data folder holds sessions, exports, models and logs.
//! `PUSHBENCH_HOME` overrides both (config in `$PUSHBENCH_HOME/config`, data in
//! `$PUSHBENCH_HOME/data`), which tests and CI use.

use crate::data::ColumnMap;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config_dir: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// Resolves the folders: `PUSHBENCH_HOME` if set, else the platform's.
    pub fn resolve() -> Result<Paths> {
        if let Some(home) = std::env::var_os("PUSHBENCH_HOME").filter(|h| !h.is_empty()) {
            let home = PathBuf::from(home);
            return Ok(Paths {
                config_dir: home.join("config"),
                data_dir: home.join("data"),
            });
        }
        let dirs = directories::ProjectDirs::from("", "", "pushbench").ok_or_else(|| {
            Error::Other(
                "cannot determine a home folder; set PUSHBENCH_HOME to a writable folder".into(),
            )
        })?;
        Ok(Paths {
            config_dir: dirs.config_dir().to_path_buf(),
            data_dir: dirs.data_dir().to_path_buf(),
        })
    }
    pub fn config_file(&self) -> PathBuf {
        self.config_dir.join("config.toml")
    }
    pub fn log_dir(&self) -> PathBuf {
        self.data_dir.join("logs")
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct DataConfig {
    pub events: Option<PathBuf>,
    pub items: Option<PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct UiConfig {
    /// "dark" or "light".
    pub theme: String,
    pub mouse: bool,
}

impl Default for UiConfig {
    fn default() -> Self {
        UiConfig {
            theme: "dark".into(),
            mouse: true,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Who approves campaigns (shown in exports).
    pub owner: Option<String>,
    pub data: DataConfig,
    /// Column mapping for event files: role = column name.
    pub map: BTreeMap<String, String>,
    pub ui: UiConfig,
}

impl Config {
    /// Reads a config file; a missing file gives the defaults.
    pub fn load(path: &Path) -> Result<Config> {
        let text = match std::fs::read_to_string(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::io(path, e)),
        };
        Self::parse(&text, &path.display().to_string())
    }

    pub fn parse(text: &str, file: &str) -> Result<Config> {
        let cfg: Config = toml::from_str(text).map_err(|e| Error::Config {
            file: file.to_string(),
            message: describe_toml_error(text, &e),
        })?;
        if !matches!(cfg.ui.theme.as_str(), "dark" | "light") {
            return Err(Error::Config {
                file: file.to_string(),
                message: format!(
                    "[ui] theme = \"{}\": expected \"dark\" or \"light\"",
                    cfg.ui.theme
                ),
            });
        }
        cfg.column_map(file)?;
        Ok(cfg)
    }

    pub fn column_map(&self, file: &str) -> Result<ColumnMap> {
        ColumnMap::from_table(&self.map, file)
    }
}

fn describe_toml_error(text: &str, e: &toml::de::Error) -> String {
    let msg = e.message().trim().to_string();
    match e.span() {
        Some(span) => {
            let line = text[..span.start.min(text.len())].matches('\n').count() + 1;
            format!("line {line}: {msg}")
        }
        None => msg,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_full_config() {
        let c = Config::parse(
            "owner = \"ana\"\n[map]\nuser = \"visitorid\"\n[ui]\ntheme = \"light\"\nmouse = false\n",
            "c.toml",
        )
        .unwrap();
        assert_eq!(c.owner.as_deref(), Some("ana"));
        assert_eq!(c.ui.theme, "light");
        assert!(!c.ui.mouse);
        assert_eq!(c.map.get("user").map(String::as_str), Some("visitorid"));
    }

    #[test]
    fn unknown_key_names_line() {
        let e = Config::parse("owner = \"a\"\ncolour = 3\n", "c.toml").unwrap_err();
        let s = e.to_string();
        assert!(
            s.contains("c.toml") && s.contains("line 2") && s.contains("colour"),
            "{s}"
        );
    }

    #[test]
    fn bad_theme_and_role() {
        let e = Config::parse("[ui]\ntheme = \"pink\"\n", "c.toml").unwrap_err();
        assert!(e.to_string().contains("pink"));
        let e = Config::parse("[map]\nshopper = \"x\"\n", "c.toml").unwrap_err();
        assert!(e.to_string().contains("shopper"));
    }
}
