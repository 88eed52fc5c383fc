//! Finding numbers in a sentence and deciding which could be casualty figures.
//!
//! A number is recognised in digits (per-language separators), in words
//! (including Dutch compounds such as "tweeëntwintig"), as a vague quantity
//! ("tientallen") or as a negation ("no Americans"). Numbers that are dates,
//! times, years, ages, ordinals, money, percentages or measurements are
//! discarded here, before any metric is looked for, because the cheapest way
//! to stay precise is never to propose them.

use super::lexicon::{Compound, Lexicon, Negation, QualWord};
use super::tokens::{Kind, Token};
use std::ops::Range;

/// The value as written, before qualifiers are applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Value {
    /// A single count.
    Int(u64),
    /// An approximate count by nature ("een tiental").
    Approx(u64),
    /// An explicit ("20 to 30") or vague ("dozens") range.
    Range(u64, u64),
}

/// A number found in a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// Token range of the number as written.
    pub toks: Range<usize>,
    pub value: Value,
    /// Set for "no"/"geen"/"nobody": a zero figure that needs a noun or metric.
    pub negation: Option<Negation>,
    /// Set for the word "one"/"één": only a figure when a noun follows.
    pub bare_one: bool,
    /// A plain four-digit number that could be a year: only a figure with a noun head.
    pub yearish: bool,
    /// A vague magnitude ("hundreds", "tientallen"): only proposed on request.
    pub vague: bool,
    pub qualifier: Option<QualWord>,
    /// Tokens of the qualifier words, when there are any.
    pub qualifier_toks: Option<Range<usize>>,
}

/// Parsed digit string.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Digits {
    Int(u64),
    Dec(f64),
}

/// Parses digits written with the language's separators: in Dutch "1.200" is
/// twelve hundred and "2,5" two and a half; in English the reverse. A group
/// separator must be followed by exactly three digits, so "14.30" (a Dutch
/// time) and "1,20" (a Dutch-style decimal in English text) are rejected.
pub(crate) fn parse_digits(s: &str, group: char, decimal: char) -> Option<Digits> {
    if s.contains(':') {
        return None;
    }
    let mut parts = s.splitn(3, decimal);
    let int_part = parts.next()?;
    let frac = parts.next();
    if parts.next().is_some() {
        return None;
    }
    let groups: Vec<&str> = int_part
        .split([group, ' ', '\u{00A0}', '\u{202F}', '\u{2009}'])
        .collect();
    if groups.len() > 1 {
        let first_ok = (1..=3).contains(&groups[0].len());
        if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
            return None;
        }
    }
    let mut value: u64 = 0;
    for g in &groups {
        for b in g.bytes() {
            if !b.is_ascii_digit() {
                return None;
            }
            value = value.checked_mul(10)?.checked_add(u64::from(b - b'0'))?;
        }
    }
    match frac {
        None => Some(Digits::Int(value)),
        Some(f) if !f.is_empty() && f.bytes().all(|b| b.is_ascii_digit()) => {
            let whole = format!("{value}.{f}");
            whole.parse::<f64>().ok().map(Digits::Dec)
        }
        _ => None,
    }
}

fn unit(c: &Compound, w: &str) -> Option<u64> {
    c.units.iter().find(|(u, _)| *u == w).map(|(_, v)| *v)
}

/// 0..99 as one word, including "eenentwintig", "tweeëntwintig", "einundzwanzig".
fn below_hundred(lx: &Lexicon, c: &Compound, w: &str) -> Option<u64> {
    if let Some(v) = lx.number_words.get(w) {
        return Some(*v);
    }
    for &(tens, t) in c.tens {
        if let Some(head) = w.strip_suffix(tens) {
            let u = c.links.iter().find_map(|l| head.strip_suffix(l))?;
            return unit(c, u).map(|u| u + t);
        }
    }
    None
}

fn below_thousand(lx: &Lexicon, c: &Compound, w: &str) -> Option<u64> {
    match w.find(c.hundred) {
        Some(pos) => {
            let (a, b) = (&w[..pos], &w[pos + c.hundred.len()..]);
            let hundreds = if a.is_empty() { 1 } else { unit(c, a)? };
            let rest = if b.is_empty() {
                0
            } else {
                let r = c.links.iter().find_map(|l| b.strip_prefix(l)).unwrap_or(b);
                unit(c, r).or_else(|| below_hundred(lx, c, r))?
            };
            Some(hundreds * 100 + rest)
        }
        None => below_hundred(lx, c, w),
    }
}

/// A number word written as one compound, up to 999 999 ("drieduizend",
/// "zweihundertfünfzig").
pub(crate) fn compound_value(lx: &Lexicon, c: &Compound, w: &str) -> Option<u64> {
    match w.find(c.thousand) {
        Some(pos) => {
            let (a, b) = (&w[..pos], &w[pos + c.thousand.len()..]);
            let thousands = if a.is_empty() {
                1
            } else {
                below_thousand(lx, c, a)?
            };
            let rest = if b.is_empty() {
                0
            } else {
                let r = c.links.iter().find_map(|l| b.strip_prefix(l)).unwrap_or(b);
                unit(c, r).or_else(|| below_thousand(lx, c, r))?
            };
            Some(thousands * 1000 + rest)
        }
        None => below_thousand(lx, c, w),
    }
}

fn word_value(lx: &Lexicon, w: &str) -> Option<u64> {
    if let Some(v) = lx.number_words.get(w) {
        return Some(*v);
    }
    lx.t.compound.and_then(|c| compound_value(lx, c, w))
}

fn joined(toks: &[Token], i: usize) -> bool {
    toks.get(i).is_some_and(|t| !t.space_before)
}

/// Parses a run of number words starting at `i` ("one hundred and twenty",
/// "twenty-one", "twee miljoen"). Returns (value, end token).
fn parse_words(lx: &Lexicon, toks: &[Token], i: usize, end: usize) -> Option<(u64, usize)> {
    let mut total: u64 = 0;
    let mut current: u64 = 0;
    let mut j = i;
    let mut any = false;
    let mut last_small: Option<u64> = None;
    while j < end {
        let t = &toks[j];
        if t.kind == Kind::Word {
            // "a dozen", "een miljoen": the article counts as one.
            let next_is_scale = toks
                .get(j + 1)
                .is_some_and(|n| j + 1 < end && lx.scale_words.contains_key(n.lower.as_str()));
            if j == i && next_is_scale && lx.one_before_scale.has(&t.lower) {
                current = 1;
                any = true;
                j += 1;
                continue;
            }
            // A scale word multiplies what came before; one that is also a
            // number word stands alone ("cent personnes", "mille morts").
            let alone = lx.number_words.contains_key(t.lower.as_str());
            if let (true, Some(&s)) = (any || alone, lx.scale_words.get(t.lower.as_str())) {
                if s < 1000 {
                    current = current.max(1).checked_mul(s)?;
                } else {
                    total = total.checked_add(current.max(1).checked_mul(s)?)?;
                    current = 0;
                }
                last_small = None;
                any = true;
                j += 1;
                continue;
            }
            let fixed = lx.fixed_numbers.at(toks, j, end).filter(|&(_, v)| v < 100);
            let small = fixed.or_else(|| word_value(lx, &t.lower).map(|v| (1, v)));
            if let Some((n, v)) = small {
                match last_small {
                    // "twenty one" / "twenty-one" continue; "two three" does not.
                    Some(prev) if !(prev % 10 == 0 && (20..100).contains(&prev) && v < 10) => break,
                    _ => {}
                }
                current = current.checked_add(v)?;
                last_small = Some(v);
                any = true;
                j += n;
                continue;
            }
            if any && t.lower == "and" && last_small.is_none() {
                if let Some(n) = toks.get(j + 1) {
                    if j + 1 < end && word_value(lx, &n.lower).is_some() {
                        j += 1;
                        continue;
                    }
                }
            }
        }
        // "twenty-one": a hyphen glued on both sides between two number words.
        if any
            && t.kind == Kind::Punct
            && t.lower == "-"
            && !t.space_before
            && joined(toks, j + 1)
            && j + 1 < end
            && word_value(lx, &toks[j + 1].lower).is_some()
        {
            j += 1;
            continue;
        }
        break;
    }
    any.then(|| total.checked_add(current).map(|v| (v, j)))?
}

/// Applies a following scale word to a digit number: "2.5 million".
fn scaled(
    lx: &Lexicon,
    toks: &[Token],
    d: Digits,
    next: usize,
    end: usize,
) -> Option<(u64, usize)> {
    let scale = toks
        .get(next)
        .filter(|t| next < end && t.space_before && t.kind == Kind::Word)
        .and_then(|t| lx.scale_words.get(t.lower.as_str()).copied());
    match (d, scale) {
        (Digits::Int(v), None) => Some((v, next)),
        (Digits::Int(v), Some(s)) => v.checked_mul(s).map(|x| (x, next + 1)),
        (Digits::Dec(f), Some(s)) => {
            let x = (f * s as f64).round();
            (x.is_finite() && (0.0..1e18).contains(&x)).then_some((x as u64, next + 1))
        }
        // A decimal without a scale is not a head count ("2.5 people").
        (Digits::Dec(_), None) => None,
    }
}

/// Finds the raw numbers of one sentence, left to right, without filtering.
fn raw_mentions(lx: &Lexicon, toks: &[Token], sent: &Range<usize>) -> Vec<Mention> {
    let mut out = Vec::new();
    let mut i = sent.start;
    let end = sent.end;
    while i < end {
        let t = &toks[i];
        let mut found: Option<(usize, Value, Option<Negation>)> = None;
        let mut is_vague = false;
        if t.kind == Kind::Number {
            if let Some(d) = parse_digits(&t.lower, lx.t.group_sep, lx.t.decimal_sep) {
                if let Some((v, next)) = scaled(lx, toks, d, i + 1, end) {
                    found = Some((next, Value::Int(v), None));
                } else if let Some(Digits::Int(v)) =
                    parse_digits(&t.lower, lx.t.decimal_sep, lx.t.group_sep)
                {
                    // "5.000 injured" in English text: a decimal with groups of
                    // three and no scale word is not a head count, so the
                    // writer used the other convention for thousands.
                    found = Some((i + 1, Value::Int(v), None));
                }
            }
            if found.is_none() {
                // Unparseable digits (times, dates) are skipped whole.
                i += 1;
                continue;
            }
        } else if t.kind == Kind::Word {
            if let Some((n, neg)) = lx.negations.at(toks, i, end) {
                found = Some((i + n, Value::Int(0), Some(neg)));
            } else if let Some((n, (lo, hi))) = lx.vague.at(toks, i, end) {
                found = Some((i + n, Value::Range(lo, hi), None));
                is_vague = true;
            } else if let Some(v) = lx.approx_numbers.get(t.lower.as_str()) {
                found = Some((i + 1, Value::Approx(*v), None));
            } else {
                // The longer reading wins: "un million et demi" is a fixed
                // phrase, "quatre-vingt-cinq" a run of words.
                let fixed = lx.fixed_numbers.at(toks, i, end).map(|(n, v)| (v, i + n));
                let words = parse_words(lx, toks, i, end);
                let best = match (fixed, words) {
                    (Some(f), Some(w)) => Some(if w.1 > f.1 { w } else { f }),
                    (f, w) => f.or(w),
                };
                if let Some((v, next)) = best {
                    found = Some((next, Value::Int(v), None));
                }
            }
        }
        match found {
            Some((next, value, negation)) => {
                let single = next == i + 1;
                let bare_one = single && matches!(t.lower.as_str(), "one" | "één" | "eén");
                let yearish = single
                    && t.kind == Kind::Number
                    && t.lower.len() == 4
                    && matches!(value, Value::Int(1800..=2100));
                out.push(Mention {
                    toks: i..next,
                    value,
                    negation,
                    bare_one,
                    yearish,
                    vague: is_vague,
                    qualifier: None,
                    qualifier_toks: None,
                });
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

fn is_punct(t: &Token, chars: &[&str]) -> bool {
    t.kind == Kind::Punct && chars.contains(&t.lower.as_str())
}

/// Joins "20 to 30", "20-30", "between 20 and 30" into ranges, and drops the
/// earlier value of a changed toll ("rose from 30 to 45", "up from 30").
fn join_ranges(
    lx: &Lexicon,
    toks: &[Token],
    sent: &Range<usize>,
    ms: Vec<Mention>,
) -> Vec<Mention> {
    let has_rise = toks[sent.clone()]
        .iter()
        .any(|t| lx.rise_words.has(&t.lower));
    let mut out: Vec<Mention> = Vec::with_capacity(ms.len());
    let mut it = ms.into_iter().peekable();
    while let Some(a) = it.next() {
        let Some(b) = it.peek() else {
            out.push(a);
            break;
        };
        let (Value::Int(x), Value::Int(y)) = (a.value, b.value) else {
            out.push(a);
            continue;
        };
        // "the 100-to-300 range": joiner word between glued hyphens.
        let hyphenated = b.toks.start == a.toks.end + 3
            && is_punct(&toks[a.toks.end], &["-", "–"])
            && is_punct(&toks[a.toks.end + 2], &["-", "–"])
            && lx.range_joiners.has(&toks[a.toks.end + 1].lower)
            && (a.toks.end..=b.toks.start).all(|k| !toks[k].space_before);
        if a.negation.is_some()
            || b.negation.is_some()
            || (b.toks.start != a.toks.end + 1 && !hyphenated)
        {
            out.push(a);
            continue;
        }
        let mid = &toks[a.toks.end];
        let dash = is_punct(mid, &["-", "–", "—"]);
        let opener = lx
            .range_openers
            .ending_at(toks, sent.start, a.toks.start)
            .is_some();
        let joiner = hyphenated
            || (dash && !mid.space_before && joined(toks, b.toks.start))
            || (mid.kind == Kind::Word && lx.range_joiners.has(&mid.lower))
            || (opener && mid.lower == lx.t.range_and);
        if !joiner {
            out.push(a);
            continue;
        }
        let changed = has_rise
            && lx
                .from_words
                .ending_at(toks, sent.start, a.toks.start)
                .is_some();
        if changed {
            // The toll moved from x to y: only the latest value is a claim.
            continue;
        }
        if x < y {
            let Some(b) = it.next() else { break };
            out.push(Mention {
                toks: a.toks.start..b.toks.end,
                value: Value::Range(x, y),
                negation: None,
                bare_one: false,
                yearish: false,
                vague: false,
                qualifier: None,
                qualifier_toks: None,
            });
        } else {
            out.push(a);
        }
    }
    out
}

/// True when the tokens around the mention show it is not a head count.
fn is_non_figure(lx: &Lexicon, toks: &[Token], sent: &Range<usize>, m: &Mention) -> bool {
    let (s, e) = (m.toks.start, m.toks.end);
    let next = (e < sent.end).then(|| &toks[e]);
    let prev = (s > sent.start).then(|| &toks[s - 1]);
    if let Some(n) = next {
        // Glued suffixes: ordinals ("13th", "13e"), ages ("12-jarige",
        // "12-year-old"), units ("5km"), percentages ("5%").
        if !n.space_before {
            if n.kind == Kind::Word || n.lower == "%" {
                return true;
            }
            if is_punct(n, &["-", "–", "/", "."])
                && toks
                    .get(e + 1)
                    .is_some_and(|a| !a.space_before && a.kind != Kind::Punct)
            {
                return true;
            }
        }
    }
    if let Some(p) = prev {
        if !p.space_before || p.kind == Kind::Punct {
            // "13/03", "3-2" (scores and dates glued to another number).
            if is_punct(p, &["/", "-", "–"])
                && !toks[s].space_before
                && s >= sent.start + 2
                && toks[s - 2].kind == Kind::Number
            {
                return true;
            }
        }
    }
    // "Radio 1", "Channel 4", "Apollo 11": a small number right after a
    // capitalised word inside a sentence, with no noun of its own, is a name.
    if let Some(p) = prev {
        let named = p.kind == Kind::Word
            && p.upper_initial
            && !p.acronym
            && toks[s].kind == Kind::Number
            && lx.qualifiers.ending_at(toks, sent.start, s).is_none()
            && !lx.np_stop.has(&p.lower)
            && !lx.followers.has(&p.lower)
            && lx.negations.at(toks, s - 1, s).is_none()
            && matches!(m.value, Value::Int(0..=99))
            && lx.month(p).is_none()
            && next.is_none_or(|n| {
                n.kind != Kind::Word
                    || (lx.persons.at(toks, e, sent.end).is_none()
                        && lx.groups.at(toks, e, sent.end).is_none()
                        && lx.metrics.at(toks, e, sent.end).is_none())
            });
        if named {
            return true;
        }
    }
    if lx.not_figure_after.at(toks, e, sent.end).is_some() {
        return true;
    }
    if lx
        .not_figure_before
        .ending_at(toks, sent.start, s)
        .is_some()
    {
        return true;
    }
    let month = |t: &Token| lx.month(t).is_some();
    if next.is_some_and(month) || prev.is_some_and(month) {
        return true;
    }
    // "19. Januar", "Oct. 31": a full stop between day and month.
    let dot_month = |k: usize, dot: usize| {
        toks.get(dot).is_some_and(|d| d.lower == ".")
            && toks.get(k).is_some_and(month)
            && (sent.start..sent.end).contains(&k)
    };
    if dot_month(e + 1, e) || (s >= 2 && dot_month(s - 2, s - 1)) {
        return true;
    }
    // A number alone in brackets or between commas is an age in apposition:
    // "Ahmed (34)", "Ahmed, 34, was".
    if let (Some(p), Some(n)) = (prev, next) {
        // Only numbers a person can be old: "Al-Haouz (1.293)" is a count.
        let age = matches!(m.value, Value::Int(0..=120));
        if age
            && ((p.lower == "(" && n.lower == ")")
                || (p.lower == "," && n.lower == "," && m.negation.is_none()))
        {
            return true;
        }
    }
    false
}

/// Reads the qualifier in front of (or after) the number.
fn qualifier(
    lx: &Lexicon,
    toks: &[Token],
    sent: &Range<usize>,
    m: &Mention,
) -> Option<(QualWord, Range<usize>)> {
    let s = m.toks.start;
    if let Some((n, q)) = lx.qualifiers.ending_at(toks, sent.start, s) {
        // "opgelopen tot 45": after a rise verb "tot" means "reached".
        // "gestegen van 980 tot 1.240": the earlier value was dropped, so the
        // word before "tot" may be that number rather than the rise verb.
        let before = s - n;
        let prev = (before > sent.start).then(|| &toks[before - 1]);
        let rise = prev.is_some_and(|p| {
            lx.rise_words.has(&p.lower)
                || ((p.kind == Kind::Number || word_value(lx, &p.lower).is_some())
                    && toks[sent.clone()]
                        .iter()
                        .any(|t| lx.rise_words.has(&t.lower)))
        });
        // "rose to", "revised up to": after a change the "to" is where it arrived.
        let is_tot = toks[s - n..s]
            .iter()
            .any(|t| t.lower == "tot" || t.lower == "to");
        if rise && is_tot {
            return None;
        }
        return Some((q, s - n..s));
    }
    lx.post_qualifiers
        .at(toks, m.toks.end, sent.end)
        .map(|(n, q)| (q, m.toks.end..m.toks.end + n))
}

/// All plausible figure numbers of one sentence, with their qualifiers.
pub(crate) fn find(lx: &Lexicon, toks: &[Token], sent: &Range<usize>) -> Vec<Mention> {
    let raw = raw_mentions(lx, toks, sent);
    let joined = join_ranges(lx, toks, sent, raw);
    joined
        .into_iter()
        .filter(|m| m.negation.is_some() || !is_non_figure(lx, toks, sent, m))
        .filter(|m| {
            // "up from 30": an earlier value, not a claim.
            !(m.negation.is_none()
                && lx
                    .from_words
                    .ending_at(toks, sent.start, m.toks.start)
                    .is_some_and(|(n, _)| n > 1))
        })
        .map(|mut m| {
            if m.negation.is_none() && matches!(m.value, Value::Int(_)) {
                if let Some((q, r)) = qualifier(lx, toks, sent, &m) {
                    m.qualifier = Some(q);
                    m.qualifier_toks = Some(r);
                }
            }
            m
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::super::lexicon::tables_for;
    use super::super::tokens::tokenize;
    use super::*;

    fn values(text: &str, lang: &str) -> Vec<Value> {
        let lx = tables_for(lang).expect("lang");
        let toks = tokenize(text);
        find(lx, &toks, &(0..toks.len()))
            .into_iter()
            .map(|m| m.value)
            .collect()
    }

    #[test]
    fn digits_follow_language_separators() {
        assert_eq!(parse_digits("1.200", '.', ','), Some(Digits::Int(1200)));
        assert_eq!(parse_digits("1,200", ',', '.'), Some(Digits::Int(1200)));
        assert_eq!(parse_digits("2,5", '.', ','), Some(Digits::Dec(2.5)));
        assert_eq!(parse_digits("2.5", ',', '.'), Some(Digits::Dec(2.5)));
        assert_eq!(parse_digits("14.30", '.', ','), None);
        assert_eq!(parse_digits("1,20", ',', '.'), None);
        assert_eq!(parse_digits("14:30", ',', '.'), None);
        assert_eq!(parse_digits("99999999999999999999999", ',', '.'), None);
        assert_eq!(values("2,5 miljoen mensen", "nl"), [Value::Int(2_500_000)]);
        assert_eq!(values("2.5 million people", "en"), [Value::Int(2_500_000)]);
        assert_eq!(values("1.200 doden", "nl"), [Value::Int(1200)]);
        assert_eq!(values("1,200 dead", "en"), [Value::Int(1200)]);
    }

    #[test]
    fn dutch_number_words() {
        let lx = tables_for("nl").expect("nl");
        for (w, v) in [
            ("dertien", 13),
            ("vier", 4),
            ("eenentwintig", 21),
            ("tweeëntwintig", 22),
            ("honderd", 100),
            ("tweehonderdvijftig", 250),
            ("drieduizend", 3000),
            ("honderdeneen", 101),
        ] {
            assert_eq!(word_value(lx, w), Some(v), "{w}");
        }
        for w in ["honderden", "dertiende", "achtergrond", "tienen", ""] {
            assert_eq!(word_value(lx, w), None, "{w}");
        }
        assert_eq!(values("tientallen doden", "nl"), [Value::Range(20, 99)]);
        assert_eq!(values("een tiental gewonden", "nl"), [Value::Approx(10)]);
    }

    #[test]
    fn english_number_words() {
        assert_eq!(values("thirteen people", "en"), [Value::Int(13)]);
        assert_eq!(values("twenty-one people", "en"), [Value::Int(21)]);
        assert_eq!(
            values("one hundred and twenty people", "en"),
            [Value::Int(120)]
        );
        assert_eq!(values("a dozen people", "en"), [Value::Int(12)]);
        assert_eq!(values("dozens of people", "en"), [Value::Range(24, 99)]);
        assert_eq!(values("two or three people", "en"), [Value::Range(2, 3)]);
        assert_eq!(
            values("between 20 and 30 people", "en"),
            [Value::Range(20, 30)]
        );
        assert_eq!(
            values("the 100-to-300 people estimate", "en"),
            [Value::Range(100, 300)]
        );
    }

    #[test]
    fn non_figures_are_rejected() {
        for (text, lang) in [
            ("a 12-year-old boy", "en"),
            ("een 12-jarige jongen", "nl"),
            ("aged 12", "en"),
            ("the 13th victim", "en"),
            ("de 13e dag", "nl"),
            ("on 13 March", "en"),
            ("op 13 maart", "nl"),
            ("at 14:30", "en"),
            ("om 14.30 uur", "nl"),
            ("cost $5 million", "en"),
            ("kostte 5 miljoen euro", "nl"),
            ("rose 5%", "en"),
            ("5 procent", "nl"),
            ("12 years old", "en"),
            ("Ahmed (34) died", "en"),
            ("on 13/03/2024", "en"),
        ] {
            assert!(
                values(text, lang).is_empty(),
                "{text}: {:?}",
                values(text, lang)
            );
        }
    }

    #[test]
    fn toll_changes_keep_latest_value() {
        assert_eq!(
            values("The toll rose from 30 to 45", "en"),
            [Value::Int(45)]
        );
        assert_eq!(
            values("Het dodental steeg van 30 tot 45", "nl"),
            [Value::Int(45)]
        );
    }
}
