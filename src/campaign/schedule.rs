//! When pushes go out: now, at a fixed time, or at a time of day in each
//! user's own time zone; quiet hours; a frequency cap.

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveTime, Timelike};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SendMode {
    /// As soon as the push service receives the request.
    #[default]
    Now,
    /// At one moment for everyone (`at`, RFC 3339 with offset).
    At,
    /// At `time` (HH:MM) in each user's local time zone, on `date` (or the
    /// next day the service can).
    LocalTime,
}

/// Quiet hours as HH:MM local times; `start` > `end` wraps past midnight.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuietHours {
    pub start: String,
    pub end: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Schedule {
    pub mode: SendMode,
    /// For `at`: RFC 3339, e.g. `2026-11-03T18:30:00+01:00`.
    pub at: Option<String>,
    /// For `local_time`: YYYY-MM-DD (optional) and HH:MM.
    pub date: Option<String>,
    pub time: Option<String>,
    pub quiet_hours: Option<QuietHours>,
    /// Most pushes a user may get per day / per week (this campaign sends one).
    pub cap_per_day: u32,
    pub cap_per_week: u32,
}

impl Default for Schedule {
    fn default() -> Self {
        Schedule {
            mode: SendMode::Now,
            at: None,
            date: None,
            time: None,
            quiet_hours: None,
            cap_per_day: 1,
            cap_per_week: 3,
        }
    }
}

/// The schedule with its times parsed and quiet hours applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Resolved {
    pub mode: SendMode,
    pub at: Option<DateTime<FixedOffset>>,
    pub date: Option<NaiveDate>,
    pub time: Option<NaiveTime>,
    /// Set when quiet hours moved the send time.
    pub note: Option<String>,
}

/// Parses `HH:MM` (24 h).
pub fn parse_hhmm(s: &str) -> Result<NaiveTime, String> {
    NaiveTime::parse_from_str(s.trim(), "%H:%M")
        .map_err(|_| format!("'{s}' is not a time of day; expected HH:MM, 24-hour, like 18:30"))
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date; expected YYYY-MM-DD, like 2026-11-03"))
}

pub fn parse_at(s: &str) -> Result<DateTime<FixedOffset>, String> {
    DateTime::parse_from_rfc3339(s.trim()).map_err(|_| {
        format!("'{s}' is not a date and time; expected RFC 3339, like 2026-11-03T18:30:00+01:00")
    })
}

/// True when `t` is inside quiet hours `[start, end)`.
fn in_quiet(t: NaiveTime, start: NaiveTime, end: NaiveTime) -> bool {
    if start <= end {
        t >= start && t < end
    } else {
        t >= start || t < end
    }
}

impl Schedule {
    /// Checks and resolves the schedule; the error says what is wrong.
    pub fn resolve(&self) -> Result<Resolved, String> {
        if self.cap_per_day == 0 || self.cap_per_week == 0 {
            return Err("schedule: cap_per_day and cap_per_week must be at least 1".into());
        }
        if self.cap_per_week < self.cap_per_day {
            return Err(format!(
                "schedule: cap_per_week ({}) is below cap_per_day ({})",
                self.cap_per_week, self.cap_per_day
            ));
        }
        let quiet = match &self.quiet_hours {
            Some(q) => {
                let s =
                    parse_hhmm(&q.start).map_err(|e| format!("schedule quiet_hours start: {e}"))?;
                let e = parse_hhmm(&q.end).map_err(|e| format!("schedule quiet_hours end: {e}"))?;
                if s == e {
                    return Err("schedule: quiet hours start and end are equal".into());
                }
                Some((s, e))
            }
            None => None,
        };
        let mut r = Resolved {
            mode: self.mode.clone(),
            at: None,
            date: None,
            time: None,
            note: None,
        };
        match self.mode {
            SendMode::Now => {}
            SendMode::At => {
                let at = self
                    .at
                    .as_deref()
                    .ok_or("schedule: mode \"at\" needs at = \"YYYY-MM-DDTHH:MM:SS+HH:MM\"")?;
                let mut at = parse_at(at).map_err(|e| format!("schedule at: {e}"))?;
                if let Some((qs, qe)) = quiet {
                    if in_quiet(at.time(), qs, qe) {
                        let mut moved = at.date_naive().and_time(qe);
                        if at.time() >= qe {
                            moved += chrono::Duration::days(1);
                        }
                        let moved = moved
                            .and_local_timezone(*at.offset())
                            .single()
                            .ok_or("schedule: cannot move the send time out of quiet hours")?;
                        r.note = Some(format!(
                            "send time {} is in quiet hours; moved to {}",
                            at.format("%Y-%m-%d %H:%M"),
                            moved.format("%Y-%m-%d %H:%M")
                        ));
                        at = moved;
                    }
                }
                r.at = Some(at);
            }
            SendMode::LocalTime => {
                let t = self
                    .time
                    .as_deref()
                    .ok_or("schedule: mode \"local_time\" needs time = \"HH:MM\"")?;
                let mut t = parse_hhmm(t).map_err(|e| format!("schedule time: {e}"))?;
                if let Some(d) = &self.date {
                    r.date = Some(parse_date(d).map_err(|e| format!("schedule date: {e}"))?);
                }
                if let Some((qs, qe)) = quiet {
                    if in_quiet(t, qs, qe) {
                        r.note = Some(format!(
                            "local send time {} is in quiet hours; moved to {}",
                            t.format("%H:%M"),
                            qe.format("%H:%M")
                        ));
                        if t >= qe {
                            r.date = r.date.and_then(|d| d.succ_opt());
                        }
                        t = qe;
                    }
                }
                r.time = Some(t);
            }
        }
        Ok(r)
    }
}

impl Schedule {
    /// This schedule with the send time given in words: "now", an RFC 3339
    /// time ("2026-11-03T18:30:00+01:00", everyone at once), or a time of day
    /// in each user's zone ("18:30", "18:30 2026-11-03"). Checked.
    pub fn with_send_text(&self, text: &str) -> Result<Schedule, String> {
        let t = text.trim();
        let mut s = Schedule {
            at: None,
            date: None,
            time: None,
            ..self.clone()
        };
        let words: Vec<&str> = t.split_whitespace().collect();
        let bad = || {
            format!(
                "'{t}' is not a send time: type now, a time of day like 18:30 (each user's own zone, optionally with a date: 18:30 2026-11-03), or 2026-11-03T18:30:00+01:00"
            )
        };
        // a word without ':' is not an attempt at a time: say what is accepted
        let time_of = |w: &str| match parse_hhmm(w) {
            Ok(_) => Ok(w.to_string()),
            Err(e) if w.contains(':') => Err(e),
            Err(_) => Err(bad()),
        };
        match words.as_slice() {
            [] | ["now"] | ["immediately"] => s.mode = SendMode::Now,
            [at] if at.contains('T') => {
                parse_at(at)?;
                s.mode = SendMode::At;
                s.at = Some(at.to_string());
            }
            [time] => {
                s.time = Some(time_of(time)?);
                s.mode = SendMode::LocalTime;
            }
            [time, date] => {
                s.time = Some(time_of(time)?);
                parse_date(date)?;
                s.mode = SendMode::LocalTime;
                s.date = Some(date.to_string());
            }
            _ => return Err(bad()),
        }
        s.resolve()?;
        Ok(s)
    }

    /// This schedule with quiet hours from "22:00-08:00" (empty: none).
    pub fn with_quiet_text(&self, text: &str) -> Result<Schedule, String> {
        let t = text.trim();
        let mut s = self.clone();
        s.quiet_hours = if t.is_empty() || t == "none" {
            None
        } else {
            let (a, b) = t
                .split_once(['-', '–'])
                .ok_or_else(|| format!("'{t}': quiet hours are two times, like 22:00-08:00"))?;
            parse_hhmm(a)?;
            parse_hhmm(b)?;
            Some(QuietHours {
                start: a.trim().to_string(),
                end: b.trim().to_string(),
            })
        };
        s.resolve()?;
        Ok(s)
    }

    /// The schedule in plain words: "immediately", "at 18:00 in each user's
    /// time zone on 2026-11-03, never 22:00–08:00 (quiet hours)".
    pub fn describe(&self) -> String {
        let when = match self.mode {
            SendMode::Now => "immediately".to_string(),
            SendMode::At => match &self.at {
                Some(at) => format!("at {at}"),
                None => "at a time not set yet".into(),
            },
            SendMode::LocalTime => {
                let t = self.time.as_deref().unwrap_or("a time not set yet");
                match &self.date {
                    Some(d) => format!("at {t} in each user's time zone on {d}"),
                    None => format!("at {t} in each user's time zone"),
                }
            }
        };
        let quiet = self
            .quiet_hours
            .as_ref()
            .map(|q| format!(", never {}–{} (quiet hours)", q.start, q.end))
            .unwrap_or_default();
        format!("{when}{quiet}")
    }
}

impl Resolved {
    /// Per-row send time and its time zone ("utc" or "user_local"):
    /// `("2026-11-03T17:30:00Z", "utc")`; both empty to send immediately.
    pub fn row_time(&self) -> (String, &'static str) {
        match self.mode {
            // no send time and so no time zone: the service sends on receipt
            SendMode::Now => (String::new(), ""),
            SendMode::At => match self.at {
                Some(at) => (
                    at.with_timezone(&chrono::Utc)
                        .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    "utc",
                ),
                None => (String::new(), ""),
            },
            SendMode::LocalTime => {
                let t = self
                    .time
                    .map(|t| t.format("%H:%M:%S").to_string())
                    .unwrap_or_default();
                match self.date {
                    Some(d) => (format!("{}T{t}", d.format("%Y-%m-%d")), "user_local"),
                    None => (t, "user_local"),
                }
            }
        }
    }

    /// OneSignal scheduling fields: `send_after`, `delayed_option`,
    /// `delivery_time_of_day`.
    pub fn onesignal_fields(&self) -> Vec<(&'static str, String)> {
        let mut f = Vec::new();
        match self.mode {
            SendMode::Now => {}
            SendMode::At => {
                if let Some(at) = self.at {
                    f.push((
                        "send_after",
                        at.format("%Y-%m-%d %H:%M:%S GMT%z").to_string(),
                    ));
                }
            }
            SendMode::LocalTime => {
                if let Some(d) = self.date {
                    // The start of that day in the earliest time zone (UTC+14),
                    // so every user gets it on that local date.
                    f.push((
                        "send_after",
                        format!("{} 00:00:00 GMT+1400", d.format("%Y-%m-%d")),
                    ));
                }
                f.push(("delayed_option", "timezone".to_string()));
                if let Some(t) = self.time {
                    let (pm, h) = t.hour12();
                    let ampm = if pm { "PM" } else { "AM" };
                    f.push((
                        "delivery_time_of_day",
                        format!("{h}:{:02}{ampm}", t.minute()),
                    ));
                }
            }
        }
        f
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn local(t: &str, quiet: Option<(&str, &str)>) -> Schedule {
        Schedule {
            mode: SendMode::LocalTime,
            time: Some(t.into()),
            date: Some("2026-11-03".into()),
            quiet_hours: quiet.map(|(s, e)| QuietHours {
                start: s.into(),
                end: e.into(),
            }),
            ..Schedule::default()
        }
    }

    #[test]
    fn send_times_and_quiet_hours_from_words() {
        let s = Schedule::default();
        let l = s.with_send_text("18:30 2026-11-03").unwrap();
        assert_eq!(
            (l.mode.clone(), l.time.as_deref()),
            (SendMode::LocalTime, Some("18:30"))
        );
        let a = s.with_send_text("2026-11-03T18:30:00+01:00").unwrap();
        assert_eq!(a.mode, SendMode::At);
        assert_eq!(a.with_send_text("now").unwrap().mode, SendMode::Now);
        assert!(s
            .with_send_text("tomorrow")
            .unwrap_err()
            .contains("not a send time"));
        assert!(s.with_send_text("25:00").is_err());
        let q = l.with_quiet_text("22:00-08:00").unwrap();
        assert_eq!(
            q.quiet_hours.as_ref().map(|q| q.end.as_str()),
            Some("08:00")
        );
        assert_eq!(q.with_quiet_text("").unwrap().quiet_hours, None);
        assert!(s.with_quiet_text("late").is_err());
    }

    #[test]
    fn schedules_read_as_words() {
        assert_eq!(Schedule::default().describe(), "immediately");
        assert_eq!(
            local("18:00", Some(("22:00", "08:00"))).describe(),
            "at 18:00 in each user's time zone on 2026-11-03, never 22:00–08:00 (quiet hours)"
        );
        let now = Schedule::default().resolve().unwrap();
        assert_eq!(
            now.row_time(),
            (String::new(), ""),
            "no 'immediate' time zone"
        );
    }

    #[test]
    fn local_time_fields() {
        let r = local("18:30", Some(("21:00", "08:00"))).resolve().unwrap();
        assert!(r.note.is_none());
        let f = r.onesignal_fields();
        assert!(f.contains(&("delayed_option", "timezone".into())));
        assert!(f.contains(&("delivery_time_of_day", "6:30PM".into())));
        assert_eq!(r.row_time(), ("2026-11-03T18:30:00".into(), "user_local"));
    }

    #[test]
    fn quiet_hours_move_send_time() {
        let r = local("23:15", Some(("21:00", "08:00"))).resolve().unwrap();
        assert_eq!(r.time, parse_hhmm("08:00").ok());
        assert_eq!(r.date, parse_date("2026-11-04").ok());
        assert!(r.note.unwrap().contains("quiet"));
        let s = Schedule {
            mode: SendMode::At,
            at: Some("2026-11-03T06:00:00+01:00".into()),
            quiet_hours: Some(QuietHours {
                start: "22:00".into(),
                end: "07:30".into(),
            }),
            ..Schedule::default()
        };
        let r = s.resolve().unwrap();
        assert_eq!(r.row_time().0, "2026-11-03T06:30:00Z");
        assert_eq!(r.onesignal_fields()[0].1, "2026-11-03 07:30:00 GMT+0100");
    }

    #[test]
    fn bad_times_are_explained() {
        let e = local("25:00", None).resolve().unwrap_err();
        assert!(e.contains("25:00") && e.contains("HH:MM"), "{e}");
        let s = Schedule {
            mode: SendMode::At,
            ..Schedule::default()
        };
        assert!(s.resolve().unwrap_err().contains("needs at"));
    }
}
