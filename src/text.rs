//! Text hygiene for untrusted strings from data files.

use unicode_width::UnicodeWidthStr;

/// Removes terminal escape sequences (CSI, OSC, other ESC sequences) and control
/// characters; tabs and newlines become single spaces. Printable Unicode,
/// including wide characters and emoji, is kept.
pub fn sanitize(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\u{1b}' => skip_escape(&mut chars),
            // C1 CSI / OSC introducers
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' => skip_osc(&mut chars),
            '\t' | '\n' | '\r' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            // controls, and bidi overrides that reorder what is drawn
            c if is_unsafe_char(c) => {}
            c => out.push(c),
        }
    }
    out
}

/// Characters [`sanitize`] removes: controls (tabs and newlines included)
/// and bidi overrides or isolates.
pub fn is_unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn skip_escape(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    match chars.peek() {
        Some('[') => {
            chars.next();
            skip_csi(chars);
        }
        Some(']') | Some('P') | Some('X') | Some('^') | Some('_') => {
            chars.next();
            skip_osc(chars);
        }
        Some(_) => {
            // two-character escape such as ESC c, ESC 7
            chars.next();
        }
        None => {}
    }
}

fn skip_csi(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // parameters and intermediates until a final byte in 0x40..=0x7e
    for c in chars.by_ref() {
        if ('\u{40}'..='\u{7e}').contains(&c) {
            break;
        }
    }
}

fn skip_osc(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) {
    // string terminated by BEL or ESC \
    while let Some(c) = chars.next() {
        if c == '\u{7}' || c == '\u{9c}' {
            break;
        }
        if c == '\u{1b}' {
            if chars.peek() == Some(&'\\') {
                chars.next();
            }
            break;
        }
    }
}

/// Display width in terminal cells (wide CJK and emoji count as two).
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Truncates to at most `max` display cells, adding an ellipsis when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Shortens to at most `max` cells at a word boundary, with an ellipsis;
/// a first word longer than `max` is cut (the only mid-word cut).
pub fn abbreviate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    for w in s.split_whitespace() {
        let next = if out.is_empty() {
            w.to_string()
        } else {
            format!("{out} {w}")
        };
        if width(&next) + 1 > max {
            break;
        }
        out = next;
    }
    if out.is_empty() {
        return truncate(s, max);
    }
    out.push('…');
    out
}

/// Shortens to at most `max` cells keeping the end (a path's file name):
/// "…/sample_data/events.csv".
pub fn abbreviate_start(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let mut tail: Vec<char> = Vec::new();
    let mut w = 1;
    for c in s.chars().rev() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > max {
            break;
        }
        tail.push(c);
        w += cw;
    }
    tail.reverse();
    format!("…{}", tail.into_iter().collect::<String>())
}

/// Words joining their neighbours into one unit ("Petal & Pine", "Set of 4").
const CONNECTORS: [&str; 5] = ["&", "and", "of", "de", "+"];

/// The words of a name, with what reads as one unit kept together: a
/// connector joins the words either side of it ("Set of 4", "Eau de
/// Parfum"); a short number joins the word after it ("20 Bags"), or the one
/// before it at the end ("Size 3"); any other word of one or two cells stays
/// with the word before it ("1000 W", "500 g"). Shortening then never leaves
/// a bare "W".
fn word_units(s: &str) -> Vec<String> {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut units: Vec<String> = Vec::new();
    let mut join_next = false;
    for (i, w) in words.iter().enumerate() {
        let connector = CONNECTORS.contains(&w.to_lowercase().as_str());
        let short = width(w) <= 2;
        let leading_number =
            short && w.starts_with(|c: char| c.is_ascii_digit()) && i + 1 < words.len();
        match units.last_mut() {
            Some(last) if join_next || connector || (short && !leading_number) => {
                last.push(' ');
                last.push_str(w);
            }
            _ => units.push(w.to_string()),
        }
        join_next = connector || leading_number;
    }
    units
}

/// Shortens a name to at most `max` cells keeping whole words from both ends
/// ("Blue Hen…100 Bags"), so two names that share a start stay apart.
pub fn abbreviate_middle(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    let words = word_units(s);
    let (mut head, mut tail) = (0usize, 0usize);
    let fits = |h: usize, t: usize| {
        let left = words[..h].join(" ");
        let right = words[words.len() - t..].join(" ");
        width(&left) + width(&right) < max
    };
    // the first word, then alternately one from the end and one from the start
    loop {
        let mut grew = false;
        if head + tail < words.len()
            && fits(head + 1, tail)
            && (head <= tail || !fits(head, tail + 1))
        {
            head += 1;
            grew = true;
        } else if head + tail < words.len() && fits(head, tail + 1) {
            tail += 1;
            grew = true;
        }
        if !grew {
            break;
        }
    }
    if head == 0 {
        return abbreviate(s, max);
    }
    let left = words[..head].join(" ");
    let right = words[words.len() - tail..].join(" ");
    format!("{left}…{right}")
}

/// Wraps text into lines of at most `max` cells at word boundaries; at most
/// `lines` lines, the last ending in "…" when text was left over.
pub fn wrap(s: &str, max: usize, lines: usize) -> Vec<String> {
    wrap_cut(s, max, lines).0
}

/// Word-wraps `text` to `cols` cells, at most `max_lines` lines; the last
/// shown line ends in "…" when text was left over (returned as `true`);
/// a word longer than a line is broken by cells.
pub fn wrap_cut(text: &str, cols: usize, max_lines: usize) -> (Vec<String>, bool) {
    let cols = cols.max(4);
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    let words = text.split_whitespace();
    let mut cut = false;
    for w in words {
        let sep = usize::from(!cur.is_empty());
        if width(&cur) + sep + width(w) <= cols {
            if sep == 1 {
                cur.push(' ');
            }
            cur.push_str(w);
            continue;
        }
        if !cur.is_empty() {
            lines.push(std::mem::take(&mut cur));
        }
        // a word longer than the line is broken by cells
        let mut word = w.to_string();
        while width(&word) > cols {
            let head: String = take_cells(&word, cols);
            word = word[head.len()..].to_string();
            lines.push(head);
        }
        cur = word;
        if lines.len() >= max_lines {
            cut = true;
            break;
        }
    }
    if !cur.is_empty() && !cut {
        lines.push(cur);
    }
    if lines.len() > max_lines {
        lines.truncate(max_lines);
        cut = true;
    }
    if cut {
        if let Some(last) = lines.last_mut() {
            let room = take_cells(last, cols - 1);
            *last = format!("{}…", room.trim_end());
        }
    }
    (lines, cut)
}

/// Word-wraps runs of differently styled text (`S` is the caller's style)
/// to `cols` cells per line, measuring wide characters (emoji, CJK) as two
/// cells; a line is a list of runs with their styles. A word longer than a
/// line is broken by cells.
pub fn wrap_runs<S: Copy + PartialEq>(runs: &[(&str, S)], cols: usize) -> Vec<Vec<(String, S)>> {
    let cols = cols.max(4);
    let mut lines: Vec<Vec<(String, S)>> = Vec::new();
    let mut cur: Vec<(String, S)> = Vec::new();
    let mut used = 0usize;
    let push = |cur: &mut Vec<(String, S)>, text: &str, style: S| match cur.last_mut() {
        Some((t, s)) if *s == style => t.push_str(text),
        _ => cur.push((text.to_string(), style)),
    };
    for &(text, style) in runs {
        for w in text.split_whitespace() {
            let sep = usize::from(used > 0);
            if used + sep + width(w) <= cols {
                if sep == 1 {
                    push(&mut cur, " ", style);
                }
                push(&mut cur, w, style);
                used += sep + width(w);
                continue;
            }
            if used > 0 {
                lines.push(std::mem::take(&mut cur));
            }
            let mut word = w.to_string();
            while width(&word) > cols {
                let head = take_cells(&word, cols);
                word = word[head.len()..].to_string();
                lines.push(vec![(head, style)]);
            }
            used = width(&word);
            push(&mut cur, &word, style);
        }
    }
    if used > 0 {
        lines.push(cur);
    }
    lines
}

fn take_cells(s: &str, cols: usize) -> String {
    let mut out = String::new();
    for c in s.chars() {
        let next = format!("{out}{c}");
        if width(&next) > cols {
            break;
        }
        out = next;
    }
    out
}

/// The longest of `options` (most informative first) that fits `max`
/// cells; the last one shortened at a word boundary when none does.
pub fn longest_fit(options: &[String], max: usize) -> String {
    options
        .iter()
        .find(|o| width(o) <= max)
        .cloned()
        .unwrap_or_else(|| abbreviate(options.last().map_or("", String::as_str), max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_csi_osc_and_controls() {
        assert_eq!(sanitize("a\u{1b}[31mred\u{1b}[0m"), "ared");
        assert_eq!(sanitize("x\u{1b}]0;title\u{7}y"), "xy");
        assert_eq!(sanitize("x\u{1b}]8;;http://e\u{1b}\\link"), "xlink");
        assert_eq!(sanitize("bell\u{7}\u{8}ok"), "bellok");
        assert_eq!(sanitize("two\nlines\ttab"), "two lines tab");
        assert_eq!(sanitize("keep 日本 🎉"), "keep 日本 🎉");
        assert_eq!(sanitize("bidi\u{202e}evil"), "bidievil");
    }

    #[test]
    fn styled_runs_wrap_by_cells() {
        let lines = wrap_runs(
            &[
                ("template ", 1),
                ("Still thinking it over? 🛒 | Your pick", 0),
            ],
            34,
        );
        let text: Vec<String> = lines
            .iter()
            .map(|l| l.iter().map(|(t, _)| t.as_str()).collect())
            .collect();
        // the trolley is two cells wide: 33 + 2 would overflow 34
        assert_eq!(
            text,
            vec!["template Still thinking it over?", "🛒 | Your pick"]
        );
        assert_eq!(lines[0][0], ("template".to_string(), 1));
        assert_eq!(lines[0][1].1, 0);
        assert!(text.iter().all(|l| width(l) <= 34));
    }

    #[test]
    fn abbreviations_keep_whole_words() {
        let t = "Blue Hen Jasmine Green Tea 100 Bags";
        assert_eq!(abbreviate(t, 20), "Blue Hen Jasmine…");
        let m = abbreviate_middle(t, 20);
        assert_eq!(m, "Blue Hen…100 Bags");
        assert!(width(&m) <= 20);
        assert_ne!(
            abbreviate_middle("Blue Hen Jasmine Green Tea 20 Bags", 20),
            m
        );
        assert_eq!(
            abbreviate_middle("Brightnest Deluxe High-Speed Blender 1000 W", 24),
            "Brightnest Deluxe…1000 W"
        );
        assert_eq!(
            abbreviate_middle("Blue Hen Jasmine Green Tea 20 Bags", 18),
            "Blue Hen…20 Bags"
        );
        assert_eq!(
            abbreviate_middle("Petal & Pine Rose Eau de Parfum 50 ml", 24),
            "Petal & Pine Rose…50 ml"
        );
        assert_eq!(abbreviate("Supercalifragilistic", 8), "Superca…");
        assert_eq!(
            abbreviate_start("/a/b/sample/events.csv", 12),
            "…/events.csv"
        );
        assert_eq!(
            wrap("Loyal high spenders who buy often", 14, 2),
            vec!["Loyal high", "spenders who…"]
        );
        assert_eq!(wrap("short", 14, 2), vec!["short"]);
    }

    #[test]
    fn width_counts_wide_chars() {
        assert_eq!(width("ab"), 2);
        assert_eq!(width("日本"), 4);
        assert_eq!(truncate("日本語テキスト", 7), "日本語…");
        assert_eq!(truncate("short", 10), "short");
    }
}
