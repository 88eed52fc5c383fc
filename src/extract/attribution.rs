//! Finding who a sentence credits for its figures, and through which outlet.
//!
//! Attribution is anchored on reporting verbs ("said", "zegt") and on source
//! prefixes ("according to", "volgens"). The source is the noun phrase next to
//! the anchor, delimited by punctuation and by closed-class words
//! (conjunctions, auxiliaries, time words) from the lexicon rather than by a
//! parser, which keeps this fast and language-table driven. Each anchor keeps
//! its token position so that, when a sentence names two sources, every
//! figure can be credited to the nearest one.

use super::lexicon::Lexicon;
use super::tokens::{Kind, Token};
use std::ops::Range;

/// A place in a sentence that credits a source.
#[derive(Debug, Clone)]
pub(crate) struct Anchor {
    /// Tokens of the verb or prefix, used to measure distance to figures.
    pub pos: Range<usize>,
    /// The source as written, without leading article; None for a pronoun.
    pub source: Option<String>,
    /// True when the source is a pronoun to be resolved to the last named source.
    pub pronoun: bool,
    /// The relaying outlet, if any.
    pub via: Option<String>,
    /// Tokens of the credited name (for a pronoun, the pronoun).
    pub name: Range<usize>,
    /// The credit only covers figures after it ("the police estimate is 6,000").
    pub forward: bool,
    /// The anchor names a cited origin ("citing eyewitnesses").
    pub cites: bool,
}

fn single_letter(t: &Token) -> bool {
    t.kind == Kind::Word && t.lower.chars().count() == 1
}

/// True when token `j` may continue a noun phrase although it is punctuation:
/// the dots of "U.S." and glued hyphens or ampersands ("Al-Qaeda", "M&S").
fn np_punct_ok(toks: &[Token], j: usize) -> bool {
    let t = &toks[j];
    if t.kind != Kind::Punct || t.space_before {
        return false;
    }
    match t.lower.as_str() {
        "." => j > 0 && single_letter(&toks[j - 1]),
        "-" | "&" => toks
            .get(j + 1)
            .is_some_and(|n| !n.space_before && n.kind == Kind::Word),
        _ => false,
    }
}

/// Words that may end a phrase only if something follows them
/// ("Observatory for Human Rights", not "Observatory for").
fn is_linker(lx: &Lexicon, w: &str) -> bool {
    lx.articles.has(w)
        || matches!(
            w,
            "of" | "for" | "van" | "voor" | "der" | "from" | "uit" | "von" | "des" | "de" | "du"
        )
}

/// True when token `j` cannot be part of a source name: figures, casualty
/// words, qualifiers, reporting verbs and closed-class stop words.
fn stops(lx: &Lexicon, toks: &[Token], blocked: &[bool], j: usize) -> bool {
    let t = &toks[j];
    if blocked.get(j).copied().unwrap_or(false) {
        return true;
    }
    // "Radio 1", "Channel 4": a number right after a capitalised word is part of a name.
    if t.kind == Kind::Number {
        return !(j > 0 && toks[j - 1].kind == Kind::Word && toks[j - 1].upper_initial);
    }
    if t.kind != Kind::Word {
        return false;
    }
    // "US intelligence", "UN agency": an acronym is a name, whatever it spells.
    if t.acronym && lx.reporting_verbs.at(toks, j, j + 1).is_none() {
        return false;
    }
    // "Altenburg and Still", "Rabat and Tunis": a conjunction between two names.
    let name_at = |k: usize| {
        toks.get(k)
            .is_some_and(|n| n.kind == Kind::Word && n.upper_initial)
            && !blocked.get(k).copied().unwrap_or(false)
    };
    if matches!(t.lower.as_str(), "and" | "en" | "und" | "et")
        && j > 0
        && name_at(j - 1)
        && name_at(j + 1)
        && !lx.t.nouns_capitalised
    {
        return false;
    }
    // Time words are never part of a source: "Afad vrijdagavond", "am Montag".
    if lx.weekday(&t.lower).is_some() || lx.relative_days.at(toks, j, j + 1).is_some() {
        return true;
    }
    // "ministry of health in Gaza", "police in Kabul": a place name keeps the phrase going.
    if t.lower == "in"
        && toks
            .get(j + 1)
            .is_some_and(|n| n.kind == Kind::Word && n.upper_initial)
    {
        return false;
    }
    let one = std::slice::from_ref(t);
    // "March organizers", "Rally organisers": the event names who counts it.
    let names_counter = toks
        .get(j + 1)
        .is_some_and(|n| lx.crowd_counters.has(&n.lower));
    if (lx.metrics.at(one, 0, 1).is_some() && !names_counter)
        || lx.reporting_verbs.at(one, 0, 1).is_some()
    {
        return true;
    }
    // A capitalised function word inside running text is part of a name ("Al Jazeera").
    if t.upper_initial && !lx.t.nouns_capitalised && j > 0 && toks[j - 1].kind == Kind::Word {
        return false;
    }
    lx.np_stop.has(&t.lower)
        || lx.rise_words.has(&t.lower)
        || lx.clause_breaks.has(&t.lower)
        || lx.subordinators.has(&t.lower)
        || lx.separable_verbs.contains_key(t.lower.as_str())
        || lx.separable_metrics.contains_key(t.lower.as_str())
        || lx.source_prefixes.at(one, 0, 1).is_some()
        || lx.qualifiers.at(one, 0, 1).is_some()
}

/// Noun phrase starting at `i`, at most ten tokens.
fn np_forward(
    lx: &Lexicon,
    toks: &[Token],
    blocked: &[bool],
    i: usize,
    end: usize,
) -> Option<Range<usize>> {
    let mut j = i;
    let mut seen_noun = false;
    while j < end && j - i < 10 {
        let t = &toks[j];
        let ok = match t.kind {
            Kind::Punct => np_punct_ok(toks, j),
            _ => {
                (!stops(lx, toks, blocked, j) || (j == i && lx.articles.has(&t.lower)))
                    && !(j > i && lx.via_markers.has(&t.lower))
            }
        };
        // German: after a noun, a lower-case word that links nothing is the verb
        // or an adverb ("laut Polizei versammelten sich ...").
        let after_noun = lx.t.nouns_capitalised
            && seen_noun
            && t.kind == Kind::Word
            && !t.upper_initial
            && !is_linker(lx, &t.lower);
        if !ok || after_noun {
            break;
        }
        seen_noun |= t.upper_initial && t.kind == Kind::Word;
        j += 1;
    }
    while j > i && (is_linker(lx, &toks[j - 1].lower) || toks[j - 1].kind == Kind::Punct) {
        j -= 1;
    }
    (j > i).then_some(i..j)
}

/// Noun phrase ending just before `v` (the verb). The flag tells whether the
/// phrase reaches back to the start of its clause (sentence start or
/// punctuation), i.e. whether it can be the clause's subject.
fn np_backward(
    lx: &Lexicon,
    toks: &[Token],
    blocked: &[bool],
    start: usize,
    v: usize,
) -> Option<(Range<usize>, bool)> {
    let mut end = v;
    while end > start && lx.pre_verb_adverbs.has(&toks[end - 1].lower) {
        end -= 1;
    }
    // "Olena Marchuk, spokesperson for the regional administration,
    // said": a name, then its title between commas, then the verb.
    if end > start + 3 && toks[end - 1].lower == "," {
        // "Die Hilfsorganisation SAMS, die in Syrien arbeitet, meldete": the
        // subject stands before a relative clause.
        let relative = (start + 1..end - 1).rev().find(|&c| {
            toks[c].lower == ","
                && toks
                    .get(c + 1)
                    .is_some_and(|r| lx.relatives.has(&r.lower) && c + 1 < end - 1)
        });
        if let Some(c) = relative {
            return np_backward_plain(lx, toks, blocked, start, c);
        }
        let (title, _) = np_backward_plain(lx, toks, blocked, start, end - 1)?;
        // "Syria Civil Defence, also known as the White Helmets, said": the
        // phrase before the verb is the name the text settles on.
        let comma = title.start.checked_sub(1)?;
        if comma <= start || toks[comma].lower != "," {
            let apposition = (start..title.start).any(|k| toks[k].lower == ",");
            return apposition.then_some((title, false));
        }
        // Without a name before it, the phrase between the commas is the
        // source itself ("The UN agency, the IOM (IOM), estimated").
        let whole = np_backward_plain(lx, toks, blocked, start, comma)
            .filter(|(name, _)| is_name(lx, toks, name))
            .map(|(name, reached)| (name.start..end - 1, reached));
        return whole.or(Some((title, false)));
    }
    np_backward_plain(lx, toks, blocked, start, v)
}

/// True when every word of the phrase is capitalised and it does not open
/// with a preposition or other function word ("In Kabul").
fn is_name(lx: &Lexicon, toks: &[Token], r: &Range<usize>) -> bool {
    r.start < r.end
        && toks[r.clone()]
            .iter()
            .all(|t| t.kind != Kind::Word || t.upper_initial)
        && !lx.np_stop.has(&toks[r.start].lower)
}

/// A name in apposition after the phrase `r`: "the spokesman of the harbour
/// authority, Pieter de Vries" (up to four capitalised words ending the clause).
fn apposed_name(lx: &Lexicon, toks: &[Token], r: &Range<usize>, end: usize) -> Range<usize> {
    if r.end + 1 >= end || toks[r.end].lower != "," {
        return r.clone();
    }
    let from = r.end + 1;
    let mut k = from;
    while k < end && k - from < 4 && toks[k].kind == Kind::Word && toks[k].upper_initial {
        k += 1;
    }
    let closes = k == end || toks[k].kind == Kind::Punct;
    if k > from && closes && is_name(lx, toks, &(from..k)) {
        r.start..k
    } else {
        r.clone()
    }
}

fn np_backward_plain(
    lx: &Lexicon,
    toks: &[Token],
    blocked: &[bool],
    start: usize,
    v: usize,
) -> Option<(Range<usize>, bool)> {
    let mut end = v;
    while end > start && lx.pre_verb_adverbs.has(&toks[end - 1].lower) {
        end -= 1;
    }
    let mut j = end;
    // "the World Relief Agency (WRA) estimated": a
    // bracketed abbreviation closes the name.
    if end >= start + 4
        && toks[end - 1].lower == ")"
        && toks[end - 3].lower == "("
        && toks[end - 2].kind == Kind::Word
    {
        j = end - 3;
    }
    let closed = j;
    while j > start && closed - j < 10 {
        let t = &toks[j - 1];
        let ok = match t.kind {
            Kind::Punct => np_punct_ok(toks, j - 1),
            _ => !stops(lx, toks, blocked, j - 1),
        };
        // "Officials in the east said": a place after "in" belongs to the
        // noun before it.
        let place = t.lower == "in"
            && j < closed
            && j - 1 > start
            && toks[j - 2].kind == Kind::Word
            && !stops(lx, toks, blocked, j - 2);
        if !ok && !place {
            break;
        }
        j -= 1;
    }
    if j == closed && closed < end {
        return None;
    }
    let reached = j == start || toks[j - 1].kind == Kind::Punct;
    // "In a statement the Pentagon said": restart at an article that does not
    // follow a linking preposition ("spokesman for the Pentagon" is kept).
    let mut k = end;
    while k > j + 1 {
        k -= 1;
        let w = &toks[k].lower;
        if lx.articles.has(w) && !is_linker(lx, &toks[k - 1].lower) && toks[k - 1].lower != "in" {
            j = k;
            break;
        }
    }
    while j < end && toks[j].kind == Kind::Punct {
        j += 1;
    }
    (j < end).then_some((j..end, reached))
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// The phrase as written, without leading articles and without a possessive
/// "'s" + report noun ("the Pentagon's statement" -> "Pentagon").
fn phrase_text(
    lx: &Lexicon,
    text: &str,
    toks: &[Token],
    r: &Range<usize>,
) -> Option<(String, bool)> {
    let mut a = r.start;
    while a + 1 < r.end && lx.articles.has(&toks[a].lower) {
        a += 1;
    }
    let mut b = r.end;
    let mut cut_end: Option<usize> = None;
    for k in a..b {
        let low = &toks[k].lower;
        if low.ends_with("'s")
            && (k + 1..b).all(|n| lx.report_nouns.has(&toks[n].lower))
            && k + 1 < b
        {
            let raw = text.get(toks[k].start..toks[k].end)?;
            let cut = raw
                .char_indices()
                .rev()
                .find(|&(_, c)| is_apostrophe(c))
                .map(|(i, _)| i)?;
            cut_end = Some(toks[k].start + cut);
            b = k + 1;
            break;
        }
    }
    // "the", "an": an article or stop word alone names nobody.
    if toks[a..b]
        .iter()
        .all(|t| !t.acronym && (lx.articles.has(&t.lower) || lx.np_stop.has(&t.lower)))
    {
        return None;
    }
    let end = cut_end.unwrap_or(toks[b - 1].end);
    let s = text.get(toks[a].start..end)?.trim();
    if s.is_empty() {
        return None;
    }
    let pronoun = b == a + 1 && lx.pronouns.has(&toks[a].lower);
    Some((s.to_string(), pronoun))
}

/// The owner named before a report noun, without its possessive ending:
/// "Organisers' (estimates)" -> "Organisers", "the police (estimate)" -> "police".
fn possessor(lx: &Lexicon, text: &str, toks: &[Token], r: &Range<usize>) -> Option<(String, bool)> {
    let (s, pronoun) = phrase_text(lx, text, toks, r)?;
    let s = s
        .strip_suffix("'s")
        .or_else(|| s.strip_suffix("’s"))
        .or_else(|| s.strip_suffix('\''))
        .or_else(|| s.strip_suffix('’'))
        .unwrap_or(&s)
        .trim()
        .to_string();
    (!s.is_empty()).then_some((s, pronoun))
}

/// An outlet named after `i` with a capital: "tegen Reuters", "aan de NOS".
fn via_after(
    lx: &Lexicon,
    text: &str,
    toks: &[Token],
    blocked: &[bool],
    i: usize,
    end: usize,
) -> Option<String> {
    toks.get(i)
        .filter(|t| i < end && lx.via_markers.has(&t.lower))?;
    outlet(lx, text, toks, blocked, i + 1, end)
}

fn outlet(
    lx: &Lexicon,
    text: &str,
    toks: &[Token],
    blocked: &[bool],
    i: usize,
    end: usize,
) -> Option<String> {
    let r = np_forward(lx, toks, blocked, i, end)?;
    // Outlets are names: "Reuters", "persbureau AP", not "reporters".
    if !toks[r.clone()].iter().any(|t| t.upper_initial) {
        return None;
    }
    phrase_text(lx, text, toks, &r).map(|(s, _)| s)
}

fn make(
    pos: Range<usize>,
    name: Range<usize>,
    found: Option<(String, bool)>,
    via: Option<String>,
) -> Option<Anchor> {
    let (s, pronoun) = found?;
    Some(Anchor {
        pos,
        source: (!pronoun).then_some(s),
        pronoun,
        via,
        name,
        forward: false,
        cites: false,
    })
}

/// All attribution anchors of a sentence, left to right. `blocked` marks
/// tokens that belong to figures and so can never be part of a source name.
pub(crate) fn find(
    lx: &Lexicon,
    text: &str,
    toks: &[Token],
    sent: &Range<usize>,
    blocked: &[bool],
) -> Vec<Anchor> {
    let mut out = anchors(lx, text, toks, sent, blocked);
    // An outlet that relays a cited origin is never an origin itself.
    let relays: Vec<String> = out.iter().filter_map(|a| a.via.clone()).collect();
    let relayed: Vec<String> = out
        .iter()
        .filter(|a| a.source.as_ref().is_some_and(|s| relays.contains(s)))
        .filter_map(|a| a.source.clone())
        .collect();
    if !relayed.is_empty() {
        let cited = out
            .iter()
            .find(|a| a.via.as_ref().is_some_and(|v| relayed.contains(v)))
            .cloned();
        for a in &mut out {
            if a.source.as_ref().is_some_and(|s| relayed.contains(s)) {
                if let Some(c) = &cited {
                    a.source = c.source.clone();
                    a.via = c.via.clone();
                    a.name = c.name.clone();
                }
            }
        }
    }
    // "the city council said on Telegram, citing eyewitnesses": the verb just
    // before the citing phrase names the relay, and its figures are the
    // cited origin's.
    for c in 0..out.len() {
        if !out[c].cites || out[c].source.is_none() {
            continue;
        }
        let relayed = out[c]
            .via
            .as_ref()
            .is_some_and(|v| out.iter().any(|a| a.source.as_ref() == Some(v)));
        if relayed {
            continue;
        }
        let Some(p) = (0..c)
            .rev()
            .find(|&p| !out[p].cites && out[p].source.is_some())
            .filter(|&p| {
                out[c].pos.start.saturating_sub(out[p].pos.end) <= 8
                    && out[p].source != out[c].source
            })
        else {
            continue;
        };
        let (origin, name) = (out[c].source.clone(), out[c].name.clone());
        out[c].via = out[p].source.clone();
        out[p].via = out[c].via.clone();
        out[p].source = origin;
        out[p].name = name;
    }
    // The same origin named again by the verb keeps the relaying outlet.
    let cited: Vec<(String, String)> = out
        .iter()
        .filter_map(|a| Some((a.source.clone()?, a.via.clone()?)))
        .collect();
    for a in &mut out {
        if a.via.is_none() {
            if let Some((_, v)) = cited.iter().find(|(s, _)| a.source.as_ref() == Some(s)) {
                a.via = Some(v.clone());
            }
        }
    }
    out
}

fn anchors(
    lx: &Lexicon,
    text: &str,
    toks: &[Token],
    sent: &Range<usize>,
    blocked: &[bool],
) -> Vec<Anchor> {
    let mut out = Vec::new();
    let end = sent.end;
    let mut i = sent.start;
    // "270,000 Rohingya fled Myanmar in two weeks: UNHRC": a headline
    // credits the name after its last colon.
    if let Some(colon) = (sent.start..end)
        .rev()
        .take(5)
        .find(|&k| toks[k].lower == ":")
    {
        let name = colon + 1..end;
        let names = !name.is_empty()
            && toks[name.clone()]
                .iter()
                .all(|t| t.kind == Kind::Word && (t.upper_initial || lx.articles.has(&t.lower)))
            && toks[name.clone()].iter().any(|t| t.upper_initial);
        if names {
            if let Some(a) = make(
                colon..colon + 1,
                name.clone(),
                phrase_text(lx, text, toks, &name),
                None,
            ) {
                out.push(a);
            }
        }
    }
    while i < end {
        if toks[i].kind != Kind::Word {
            i += 1;
            continue;
        }
        if let Some((n, name)) = lx.fixed_sources.at(toks, i, end) {
            // "nach Polizeiangaben": the phrase names its source itself.
            out.push(Anchor {
                pos: i..i + n,
                source: Some(name.to_string()),
                pronoun: false,
                via: None,
                name: i..i + n,
                forward: false,
                cites: false,
            });
            i += n;
            continue;
        }
        if let Some((n, ())) = lx.citing.at(toks, i, end) {
            // "Anadolu, citing the disaster agency Afad, reported": the agency
            // is the origin, the outlet before the phrase relays it.
            if let Some(r) = np_forward(lx, toks, blocked, i + n, end) {
                let mut before = if i > sent.start && toks[i - 1].lower == "," {
                    i - 1
                } else {
                    i
                };
                // "AP berichtete unter Berufung auf ...": the outlet is the
                // subject of the reporting verb before the phrase.
                if let Some((v, ())) = lx.reporting_verbs.ending_at(toks, sent.start, before) {
                    before -= v;
                }
                let relay = np_backward_plain(lx, toks, blocked, sent.start, before)
                    .map(|(b, _)| b)
                    .filter(|b| toks[b.clone()].iter().any(|t| t.upper_initial))
                    .and_then(|b| phrase_text(lx, text, toks, &b))
                    .map(|(s, _)| s);
                if let Some(mut a) =
                    make(i..i + n, r.clone(), phrase_text(lx, text, toks, &r), relay)
                {
                    a.cites = true;
                    out.push(a);
                }
                i = r.end;
                continue;
            }
        }
        // "where the police estimate is just 6,000", "Organisers' count was
        // 40,000": the owner of an estimate that the copula hands a number.
        let number_follows = (i + 2..end.min(i + 6))
            .take_while(|&k| toks[k].kind != Kind::Punct)
            .any(|k| blocked.get(k).copied().unwrap_or(false));
        if lx.report_nouns.has(&toks[i].lower)
            && i > sent.start
            && number_follows
            && toks
                .get(i + 1)
                .is_some_and(|t| i + 1 < end && lx.copulas.has(&t.lower))
        {
            // "Organisers' estimates": step over the possessive apostrophe.
            let before = if matches!(toks[i - 1].lower.as_str(), "'" | "’") {
                i - 1
            } else {
                i
            };
            let owner = np_backward_plain(lx, toks, blocked, sent.start, before)
                .map(|(r, _)| r)
                .filter(|r| {
                    toks[r.clone()]
                        .iter()
                        .any(|t| !lx.articles.has(&t.lower) && !lx.report_adjectives.has(&t.lower))
                });
            if let Some(r) = owner {
                if let Some(mut a) = make(i..i + 2, r.clone(), possessor(lx, text, toks, &r), None)
                {
                    a.forward = true;
                    out.push(a);
                }
            }
        }
        // "Organisers' estimates were far higher, reporting about 90,000":
        // the participle reports for the subject that opens the sentence.
        if lx.reporting_participles.has(&toks[i].lower)
            && i > sent.start + 1
            && toks[i - 1].lower == ","
        {
            let subject = np_forward(lx, toks, blocked, sent.start, i - 1).map(|r| {
                let mut e = r.end;
                if e > r.start + 1 && lx.report_nouns.has(&toks[e - 1].lower) {
                    e -= 1;
                }
                r.start..e
            });
            if let Some(r) = subject {
                if let Some(a) = make(i..i + 1, r.clone(), possessor(lx, text, toks, &r), None) {
                    out.push(a);
                }
                i += 1;
                continue;
            }
        }
        if let Some((n, ())) = lx.source_prefixes.at(toks, i, end) {
            let start = report_owner(lx, toks, i + n, end).unwrap_or(i + n);
            if let Some(r) =
                np_forward(lx, toks, blocked, start, end).map(|r| apposed_name(lx, toks, &r, end))
            {
                let via = via_after(lx, text, toks, blocked, r.end, end);
                if let Some(a) = make(i..i + n, r.clone(), phrase_text(lx, text, toks, &r), via) {
                    out.push(a);
                }
                i = r.end;
                continue;
            }
        }
        let separable = lx
            .separable_verbs
            .get(toks[i].lower.as_str())
            .is_some_and(|particle| {
                toks[i.saturating_sub(6).max(sent.start)..end.min(i + 14)]
                    .iter()
                    .any(|t| t.lower == *particle)
            });
        // "an estimated 270,000": the participle is a qualifier, not a verb.
        let in_qualifier = (i + 1..=(i + 3).min(end)).any(|e| {
            lx.qualifiers
                .ending_at(toks, sent.start, e)
                .is_some_and(|(n, _)| e - n <= i && n > 1)
        });
        if in_qualifier {
            i += 1;
            continue;
        }
        // "the United States": a capitalised verb form inside a sentence is a name.
        let in_name = !lx.t.nouns_capitalised
            && toks[i].upper_initial
            && i > sent.start
            && toks[i - 1].kind == Kind::Word;
        let verb_len = if in_name {
            None
        } else if separable {
            Some(1)
        } else {
            lx.reporting_verbs.at(toks, i, end).map(|(n, ())| n)
        };
        if let Some(n) = verb_len {
            let verb = i..i + n;
            // "This was reported by the agency Ana-Mpa": a passive credits its agent.
            let agent = toks
                .get(i + n)
                .filter(|t| i + n < end && t.lower == lx.t.agent_marker)
                .and_then(|_| np_forward(lx, toks, blocked, i + n + 1, end))
                .map(|r| apposed_name(lx, toks, &r, end));
            if let Some(r) = agent {
                if let Some(a) = make(i..i + n, r.clone(), phrase_text(lx, text, toks, &r), None) {
                    out.push(a);
                }
                i = r.end;
                continue;
            }
            let pre = np_backward(lx, toks, blocked, sent.start, i)
                .map(|p| past_channel(lx, toks, blocked, sent.start, p));
            let post =
                np_forward(lx, toks, blocked, i + n, end).map(|r| apposed_name(lx, toks, &r, end));
            let via_verb = lx.via_verbs.has(&toks[i].lower);
            // "..., said the minister": outside verb-second languages the
            // subject follows the verb only after punctuation or a quote.
            let inverted = lx.t.verb_second
                || i == sent.start
                || (sent.start..i)
                    .rev()
                    .find(|&k| !lx.pre_verb_adverbs.has(&toks[k].lower))
                    .is_none_or(|k| toks[k].kind == Kind::Punct);
            let post = post.filter(|_| inverted);
            let use_pre = match (&pre, &post) {
                // Verb second: a phrase before the verb is its subject only when
                // it opens the clause and is not a prepositional phrase ("In Kiel
                // telden de organisatoren").
                (Some((r, reached)), Some(_)) if lx.t.verb_second => {
                    *reached && !lx.np_stop.has(&toks[r.start].lower)
                }
                // ", a précisé le secrétaire général", ", said the minister": after a
                // comma, a subject after the verb wins over the phrase before.
                (Some(_), Some(r))
                    if i > sent.start
                        && toks[i - 1].lower == ","
                        && toks.get(r.end).is_none_or(|t| {
                            r.end >= end || t.kind == Kind::Punct || lx.via_markers.has(&t.lower)
                        }) =>
                {
                    false
                }
                (Some(_), _) => true,
                (None, _) => false,
            };
            let anchor = if use_pre {
                let (r, _) = pre.clone().unwrap_or((i..i, false));
                let via = if via_verb {
                    outlet(lx, text, toks, blocked, i + n, end)
                } else {
                    via_after(lx, text, toks, blocked, i + n, end)
                };
                make(
                    verb.clone(),
                    r.clone(),
                    phrase_text(lx, text, toks, &r),
                    via,
                )
            } else if let Some(r) = &post {
                let via = via_after(lx, text, toks, blocked, r.end, end);
                make(verb.clone(), r.clone(), phrase_text(lx, text, toks, r), via)
            } else if let Some((r, via)) = inverted_subject(lx, text, toks, blocked, i + n, end) {
                make(
                    verb.clone(),
                    r.clone(),
                    phrase_text(lx, text, toks, &r),
                    via,
                )
            } else if let Some(r) = auxiliary_subject(lx, toks, blocked, sent, i) {
                let via = via_after(lx, text, toks, blocked, i + n, end);
                make(
                    verb.clone(),
                    r.clone(),
                    phrase_text(lx, text, toks, &r),
                    via,
                )
            } else {
                subordinate_subject(lx, toks, blocked, sent, i).and_then(|r| {
                    let via = via_after(lx, text, toks, blocked, i + n, end);
                    make(
                        verb.clone(),
                        r.clone(),
                        phrase_text(lx, text, toks, &r),
                        via,
                    )
                })
            };
            if let Some(a) = anchor {
                out.push(a);
            }
            i += n;
            continue;
        }
        i += 1;
    }
    out
}

/// "President Zelenskyy on Facebook said": when the phrase before the verb
/// follows a channel preposition, the subject stands before that.
fn past_channel(
    lx: &Lexicon,
    toks: &[Token],
    blocked: &[bool],
    start: usize,
    found: (Range<usize>, bool),
) -> (Range<usize>, bool) {
    let (r, _) = &found;
    let Some(p) = r.start.checked_sub(1).filter(|&p| p > start) else {
        return found;
    };
    if !lx.channel_markers.has(&toks[p].lower) {
        return found;
    }
    np_backward_plain(lx, toks, blocked, start, p)
        .filter(|(s, reached)| *reached && toks[s.clone()].iter().any(|t| t.upper_initial))
        .unwrap_or(found)
}

/// Where the owner of a report named after a source prefix starts: "selon un
/// dernier bilan du ministère de l'Intérieur", "according to figures from
/// the ministry" credit the ministry, not the report. Looks a few words ahead
/// for a report noun followed by a linking preposition.
fn report_owner(lx: &Lexicon, toks: &[Token], i: usize, end: usize) -> Option<usize> {
    let window = end.min(i + 12);
    let inside = |k: &usize| {
        toks[*k].kind != Kind::Punct || !matches!(toks[*k].lower.as_str(), "," | ";" | "." | ":")
    };
    let noun = (i..window)
        .take_while(inside)
        .find(|&k| lx.report_nouns.has(&toks[k].lower))?;
    (noun + 1..window)
        .take_while(inside)
        .find(|&k| {
            matches!(
                toks[k].lower.as_str(),
                "of" | "from" | "by" | "van" | "door" | "von" | "des" | "der" | "du" | "de" | "par"
            )
        })
        .map(|k| k + 1)
}

/// The subject after a reporting verb and a short prepositional phrase:
/// "a indiqué sur Telegram le porte-parole de la mairie", "a déclaré à la chaîne
/// ERT le porte-parole". A phrase opened by a via marker names the outlet.
fn inverted_subject(
    lx: &Lexicon,
    text: &str,
    toks: &[Token],
    blocked: &[bool],
    after: usize,
    end: usize,
) -> Option<(Range<usize>, Option<String>)> {
    let first = toks.get(after).filter(|_| after < end)?;
    if first.kind != Kind::Word || !lx.np_stop.has(&first.lower) {
        return None;
    }
    // The subject opens with an article after the phrase, within six words.
    let art = (after + 2..end.min(after + 8))
        .take_while(|&k| toks[k].kind == Kind::Word || np_punct_ok(toks, k))
        .find(|&k| {
            (lx.articles.has(&toks[k].lower) || toks[k].upper_initial)
                && !is_linker(lx, &toks[k - 1].lower)
        })?;
    let r = np_forward(lx, toks, blocked, art, end).map(|r| apposed_name(lx, toks, &r, end))?;
    let via = if lx.via_markers.has(&first.lower) {
        outlet(lx, text, toks, blocked, after + 1, art)
    } else {
        None
    };
    Some((r, via))
}

/// Subject between an auxiliary and a clause-final participle: ", heeft de
/// civiele bescherming zondagavond gemeld".
fn auxiliary_subject(
    lx: &Lexicon,
    toks: &[Token],
    blocked: &[bool],
    sent: &Range<usize>,
    verb: usize,
) -> Option<Range<usize>> {
    let aux = (sent.start..verb)
        .rev()
        .take_while(|&k| toks[k].kind == Kind::Word)
        .find(|&k| lx.auxiliaries.has(&toks[k].lower))?;
    np_forward(lx, toks, blocked, aux + 1, verb)
}

/// Subject of a verb-final clause: the phrase right after the subordinator
/// that opens the clause ("terwijl het ziekenhuis vijftien doden meldt").
fn subordinate_subject(
    lx: &Lexicon,
    toks: &[Token],
    blocked: &[bool],
    sent: &Range<usize>,
    verb: usize,
) -> Option<Range<usize>> {
    let k = (sent.start..verb)
        .rev()
        .find(|&k| toks[k].kind == Kind::Punct || lx.subordinators.has(&toks[k].lower))?;
    if !lx.subordinators.has(&toks[k].lower) {
        return None;
    }
    np_forward(lx, toks, blocked, k + 1, verb)
}
