//! Finding the claims in a text: words normalised (numbers as `#`), the
//! phrase table matched longest first, each claim with the words that make it.

use super::phrases::{NEW_NOT_NEWNESS, PHRASES};
use super::{Backing, Claim};

/// Lower case, apostrophes and punctuation to spaces, every number `#`;
/// a currency symbol before a number stays (`$#`), so "only $9" is a price.
pub fn normalise(s: &str) -> String {
    words(s)
        .into_iter()
        .map(|(w, _)| w)
        .collect::<Vec<_>>()
        .join(" ")
}

/// The words of [`normalise`], each with its byte range in `s`.
fn words(s: &str) -> Vec<(String, std::ops::Range<usize>)> {
    let mut out: Vec<(String, std::ops::Range<usize>)> = Vec::new();
    let mut cur = String::new();
    let mut from = 0;
    let flush = |cur: &mut String, from: usize, to: usize, out: &mut Vec<_>| {
        if !cur.is_empty() {
            out.push((std::mem::take(cur), from..to));
        }
    };
    let mut chars = s.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if cur.is_empty() {
            from = at;
        }
        let end = at + c.len_utf8();
        if c.is_alphabetic() || c == '-' && !cur.is_empty() {
            cur.extend(c.to_lowercase());
        } else if c.is_ascii_digit() {
            // a whole number (with . and , inside) becomes '#'
            let mut last = end;
            while let Some(&(j, d)) = chars.peek() {
                if d.is_ascii_digit() {
                    last = j + 1;
                    chars.next();
                } else if matches!(d, '.' | ',')
                    && s[j + 1..]
                        .chars()
                        .next()
                        .is_some_and(|x| x.is_ascii_digit())
                {
                    chars.next();
                } else {
                    break;
                }
            }
            cur.push('#');
            if chars
                .peek()
                .is_none_or(|&(_, d)| !(d.is_alphabetic() || d == '-'))
            {
                flush(&mut cur, from, last, &mut out);
            }
        } else if matches!(c, '$' | '€' | '£' | '¥')
            && chars.peek().is_some_and(|&(_, d)| d.is_ascii_digit())
        {
            flush(&mut cur, from, at, &mut out);
            from = at;
            cur.push('$');
        } else if c == '#' && chars.peek().is_some_and(|&(_, d)| d == '1') {
            flush(&mut cur, from, at, &mut out);
            chars.next();
            out.push(("number".into(), at..at + 2));
            out.push(("one".into(), at..at + 2));
        } else {
            flush(&mut cur, from, at, &mut out);
        }
    }
    flush(&mut cur, from, s.len(), &mut out);
    out
}

/// Every claim in the text, with the words that make it as written, in
/// order of kind.
pub fn claims_in(title: &str, body: &str) -> Vec<(Claim, String)> {
    // word i of `text` (after its leading space) is `source[i]`
    let mut source: Vec<Option<(&str, std::ops::Range<usize>)>> = Vec::new();
    let mut norm: Vec<String> = Vec::new();
    for (k, field) in [title, body].into_iter().enumerate() {
        if k == 1 {
            norm.push("|".into());
            source.push(None);
        }
        for (w, r) in words(field) {
            norm.push(w);
            source.push(Some((field, r)));
        }
    }
    let mut rest = format!(" {} ", norm.join(" "));
    let original = |byte: usize, n: usize, rest: &str| -> String {
        let first = rest[..byte].matches(' ').count() - 1;
        let span = |i: usize| source.get(i).cloned().flatten();
        match (span(first), span(first + n - 1)) {
            (Some((f, a)), Some((g, b))) if std::ptr::eq(f, g) => f[a.start..b.end].to_string(),
            _ => String::new(),
        }
    };
    let mut phrases: Vec<&(&str, Claim)> = PHRASES.iter().collect();
    phrases.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
    let mut out: Vec<(Claim, String)> = Vec::new();
    let blank = |p: &str, claim: Option<Claim>, rest: &mut String, out: &mut Vec<_>| {
        let needle = format!(" {p} ");
        let n = p.split(' ').count();
        while let Some(i) = rest.find(&needle) {
            if let Some(c) = claim {
                let text = original(i + 1, n, rest);
                let text = if text.is_empty() { p.to_string() } else { text };
                if !out
                    .iter()
                    .any(|(k, t): &(Claim, String)| *k == c && t.eq_ignore_ascii_case(&text))
                {
                    out.push((c, text));
                }
            }
            let filler = " ".to_string() + &"_ ".repeat(n);
            rest.replace_range(i..i + needle.len(), &filler);
        }
    };
    for (p, c) in phrases {
        blank(p, Some(*c), &mut rest, &mut out);
    }
    for p in NEW_NOT_NEWNESS {
        blank(p, None, &mut rest, &mut out);
    }
    if !out.iter().any(|(c, _)| *c == Claim::Newness) {
        blank("new", Some(Claim::Newness), &mut rest, &mut out);
    }
    out.sort();
    out
}

/// The claims in the text no fact in `b` backs.
pub fn unbacked(title: &str, body: &str, b: &Backing) -> Vec<(Claim, String)> {
    claims_in(title, body)
        .into_iter()
        .filter(|(c, _)| !b.backs(*c))
        .collect()
}

/// The kinds of claim a text makes (for templates: checked per user later).
pub fn kinds(title: &str, body: &str) -> Vec<Claim> {
    let mut v: Vec<Claim> = claims_in(title, body).into_iter().map(|(c, _)| c).collect();
    v.dedup();
    v
}
