//! Deciding what a number counts: its metric ("killed", "injured.children").
//!
//! A number is only a casualty figure if something says what it counts. The
//! noun right after it is tried first ("13 doden", "four children"); when that
//! noun is a person in general ("13 people") or there is none ("13 were
//! killed"), the nearest casualty word in the sentence decides. Numbers
//! followed by any other noun ("13 houses", "5 rockets") are dropped: this
//! one rule removes most false positives without needing a list of every
//! non-casualty noun.

use super::lexicon::Lexicon;
use super::tokens::{Kind, Token};
use std::ops::Range;

/// What follows a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Head {
    /// A casualty word: "doden", "killed", "protesters".
    Metric(&'static str),
    /// A breakdown group: "children", "Amerikanen".
    Group(&'static str),
    /// People in general, or a capitalised plural such as a nationality.
    Person,
    /// "of them", "van hen": part of a group counted before. Carries the
    /// group named shortly after ("four of them were children"), if any.
    Partitive(Option<&'static str>),
    /// "90 of the 2,000 ...": part of a number stated right after, named by
    /// a group later in the clause ("... are in critical condition"), if any.
    PartOf(Option<&'static str>),
    /// "victims", "slachtoffers": points back at a figure counted before.
    Referent,
    /// A verb, preposition, conjunction or punctuation: no noun at all.
    Bare,
    /// Any other noun: not a casualty figure.
    Other,
}

/// A casualty word found in a sentence (None = referent such as "victims").
#[derive(Debug, Clone)]
pub(crate) struct Hit {
    pub toks: Range<usize>,
    pub metric: Option<&'static str>,
    /// First token of the number this word is the noun of ("3.500 gewonden"),
    /// if any: such a word says nothing about other numbers.
    pub owner: Option<usize>,
    /// Used as an adjective of a noun phrase without a number ("a shelter
    /// for displaced people"): it says nothing about the sentence's numbers.
    pub attributive: bool,
}

/// All casualty and referent words of a sentence.
pub(crate) fn hits(lx: &Lexicon, toks: &[Token], sent: &Range<usize>) -> Vec<Hit> {
    let mut out = Vec::new();
    let mut i = sent.start;
    while i < sent.end {
        // "March" inside a sentence is the month, not a march.
        let month = i > sent.start && lx.month(&toks[i]).is_some();
        let m = lx.metrics.at(toks, i, sent.end).filter(|_| !month);
        let r = lx.referents.at(toks, i, sent.end).or_else(|| {
            lx.toll_nouns
                .at(toks, i, sent.end)
                .filter(|&(n, ())| toll_noun_refers(lx, toks, i + n, sent.end))
        });
        match (m, r) {
            (Some((n, met)), Some((rn, _))) if n >= rn => {
                out.push(Hit {
                    toks: i..i + n,
                    metric: Some(met),
                    owner: None,
                    attributive: false,
                });
                i += n;
            }
            // "the number of passengers": a casualty phrase that starts inside
            // a referent and reaches past it is the word that counts.
            (_, Some((rn, _)))
                if (i + 1..i + rn).any(|k| {
                    lx.metrics
                        .at(toks, k, sent.end)
                        .is_some_and(|(n, _)| k + n > i + rn)
                }) =>
            {
                i += 1;
            }
            (_, Some((rn, _))) => {
                out.push(Hit {
                    toks: i..i + rn,
                    metric: None,
                    owner: None,
                    attributive: false,
                });
                i += rn;
            }
            (Some((n, met)), None) => {
                out.push(Hit {
                    toks: i..i + n,
                    metric: Some(met),
                    owner: None,
                    attributive: false,
                });
                i += n;
            }
            (None, None) => {
                if let Some((met, k)) = separable_metric(lx, toks, i, sent.end) {
                    // The particle marks the place: "kwamen 17 strijders om".
                    out.push(Hit {
                        toks: k..k + 1,
                        metric: Some(met),
                        owner: None,
                        attributive: false,
                    });
                }
                i += 1;
            }
        }
    }
    for h in out.iter_mut().filter(|h| h.metric.is_some()) {
        h.attributive = attributive(lx, toks, sent, &h.toks);
    }
    out
}

/// True when a toll noun ending before `i` refers to a toll named before
/// rather than to something it names itself: it is followed by punctuation,
/// a number, a verb or function word of the tables, or "of" and a casualty
/// or person word ("the number of dead"), not by another noun ("the number
/// of schools", "the total cost", "het aantal gesloten scholen").
fn toll_noun_refers(lx: &Lexicon, toks: &[Token], i: usize, end: usize) -> bool {
    let Some(t) = toks.get(i).filter(|_| i < end) else {
        return true;
    };
    let people = |k: usize| {
        lx.metrics.at(toks, k, end).is_some()
            || lx.persons.at(toks, k, end).is_some()
            || lx.groups.at(toks, k, end).is_some()
            || lx.demonyms.at(toks, k, end).is_some()
            || lx.referents.at(toks, k, end).is_some()
    };
    if people(i) {
        return true;
    }
    if let Some((n, ())) = lx.part_of.at(toks, i, end) {
        let k = i + n;
        // One article or adjective may stand before the noun: "of the dead".
        let k = if toks.get(k).is_some_and(|a| lx.articles.has(&a.lower)) {
            k + 1
        } else {
            k
        };
        return people(k) || people(k + 1);
    }
    if t.kind != Kind::Word {
        return true;
    }
    let w = t.lower.as_str();
    lx.followers.has(w)
        || lx.copulas.has(w)
        || lx.rise_words.has(w)
        || lx.np_stop.has(w)
        || lx.pre_verb_adverbs.has(w)
        || lx.auxiliaries.has(w)
        || lx.toll_links.at(toks, i, end).is_some()
        || lx.reporting_verbs.at(toks, i, end).is_some()
        || lx.separable_verbs.contains_key(w)
        || lx.toll_verbs.has(w)
}

/// True when the casualty word at `h` stands between a preposition or
/// article and a person noun: "for displaced people", "de gewonde mensen".
fn attributive(lx: &Lexicon, toks: &[Token], sent: &Range<usize>, h: &Range<usize>) -> bool {
    let before = h
        .start
        .checked_sub(1)
        .filter(|&p| p >= sent.start)
        .map(|p| &toks[p]);
    let opens = before.is_some_and(|t| {
        t.kind == Kind::Word && (lx.articles.has(&t.lower) || lx.prepositions.has(&t.lower))
    });
    let noun = lx.persons.at(toks, h.end, sent.end).is_some()
        || lx.groups.at(toks, h.end, sent.end).is_some();
    opens && noun
}

/// "kwamen ... om": the verb at `i` counts as a casualty word when its
/// particle follows within fourteen words (and is not "om te" / "om 3 uur").
/// A verb may have several particles, each with its own metric ("kwamen ...
/// om" killed, "kwamen ... af" a crowd).
fn separable_metric(
    lx: &Lexicon,
    toks: &[Token],
    i: usize,
    end: usize,
) -> Option<(&'static str, usize)> {
    let entries = lx.separable_metrics.get(toks[i].lower.as_str())?;
    // German verb brackets are long: "nahmen ... laut Polizei rund 6000 Menschen teil".
    (i + 1..end.min(i + 15)).find_map(|k| {
        let &(particle, metric) = entries.iter().find(|(p, _)| toks[k].lower == *p)?;
        // "om het uur" is a time; "naar het plein" is where people came.
        let free = toks.get(k + 1).is_none_or(|n| {
            k + 1 >= end
                || (n.kind != Kind::Number
                    && n.lower != "te"
                    && (n.lower != "het" || particle != "om"))
        });
        free.then_some((metric, k))
    })
}

fn noun_at(lx: &Lexicon, toks: &[Token], i: usize, end: usize) -> Option<(usize, Head)> {
    if let Some((n, g)) = lx.groups.at(toks, i, end) {
        // "burgers" etc. may be followed by a metric; the group wins, the
        // metric is then found by context.
        return Some((n, Head::Group(g)));
    }
    if let Some((n, m)) = lx.metrics.at(toks, i, end) {
        return Some((n, Head::Metric(m)));
    }
    if let Some((n, ())) = lx.persons.at(toks, i, end) {
        return Some((n, Head::Person));
    }
    // A nationality is people, also where every noun is capitalised.
    if let Some((n, _)) = lx.demonyms.at(toks, i, end) {
        return Some((n, Head::Person));
    }
    if let Some((n, ())) = lx.partitives.at(toks, i, end) {
        let after = i + n;
        let group =
            (after..(after + 4).min(end)).find_map(|k| lx.groups.at(toks, k, end).map(|(_, g)| g));
        return Some((n, Head::Partitive(group)));
    }
    if let Some((n, ())) = lx.referents.at(toks, i, end) {
        return Some((n, Head::Referent));
    }
    None
}

/// Classifies what follows the number ending at token `e`. One adjective
/// may stand between number and noun ("13 other people", "vier jonge
/// kinderen", "13 Syrian civilians"); capitalised words count as adjectives
/// or nationalities.
///
/// `vague` lets "dozens of people" skip its "of".
pub(crate) fn head(lx: &Lexicon, toks: &[Token], e: usize, end: usize, vague: bool) -> Head {
    let e = if vague && e < end && toks[e].lower == "of" {
        e + 1
    } else {
        e
    };
    if e >= end {
        return Head::Bare;
    }
    if let Some((n, ())) = lx.part_of.at(toks, e, end) {
        if toks
            .get(e + n)
            .is_some_and(|t| e + n < end && t.kind == Kind::Number)
        {
            return Head::PartOf(later_group(lx, toks, e + n + 1, end));
        }
    }
    if let Some((_, h)) = noun_at(lx, toks, e, end) {
        return h;
    }
    let t = &toks[e];
    if t.kind == Kind::Word {
        // Any lower-case word before a person, group or casualty noun is an
        // adjective: "500 illegal immigrants", "drei verletzte Kinder".
        let plain = !t.upper_initial
            && !lx.followers.has(&t.lower)
            && !lx.np_stop.has(&t.lower)
            && lx.reporting_verbs.at(toks, e, end).is_none();
        if plain {
            if let Some((_, h @ (Head::Person | Head::Group(_)))) = noun_at(lx, toks, e + 1, end) {
                return h;
            }
        }
        let inflected = !t.upper_initial
            && lx
                .t
                .adjective_endings
                .iter()
                .any(|e| t.lower.ends_with(e) && t.lower.len() > e.len() + 2)
            && !lx.followers.has(&t.lower);
        let adjective = (t.upper_initial && !lx.t.nouns_capitalised)
            || lx.adjectives.has(&t.lower)
            || inflected;
        if adjective && !lx.followers.has(&t.lower) {
            if let Some((_, h)) = noun_at(lx, toks, e + 1, end) {
                return h;
            }
            // "two Russian rockets": a capitalised adjective before a
            // lower-case noun that is not a person.
            let noun_follows = toks.get(e + 1).is_some_and(|n| {
                e + 1 < end
                    && n.kind == Kind::Word
                    && !n.upper_initial
                    && !lx.followers.has(&n.lower)
                    && !lx.np_stop.has(&n.lower)
                    && lx.reporting_verbs.at(toks, e + 1, end).is_none()
            });
            if t.upper_initial && !lx.t.nouns_capitalised && noun_follows {
                return Head::Other;
            }
        }
        if lx.followers.has(&t.lower)
            || lx.np_stop.has(&t.lower)
            || lx.reporting_verbs.at(toks, e, end).is_some()
            || lx.separable_verbs.contains_key(t.lower.as_str())
        {
            return Head::Bare;
        }
        // German: nouns are capitalised, so a lower-case word after a number
        // is a verb, adverb or particle ("auf 214 gestiegen").
        if lx.t.nouns_capitalised && !t.upper_initial {
            return Head::Bare;
        }
        if t.upper_initial && !lx.t.nouns_capitalised && lx.month(t).is_none() {
            return Head::Person;
        }
        // An unlisted noun is still people when a casualty word follows
        // within three words: "two guards were slightly injured".
        let casualty_follows = (e + 1..(e + 4).min(end))
            .take_while(|&k| toks[k].kind == Kind::Word && !lx.relatives.has(&toks[k].lower))
            .any(|k| {
                lx.metrics.at(toks, k, end).is_some_and(|(_, m)| {
                    !matches!(
                        m,
                        "crowd" | "affected" | "population" | "in_need" | "sheltering" | "aboard"
                    )
                })
            });
        if casualty_follows {
            return Head::Person;
        }
        return Head::Other;
    }
    if t.kind == Kind::Number {
        return Head::Other;
    }
    Head::Bare
}

/// The first breakdown group from token `i` to the end of its clause or the
/// next number (at most fourteen words): "dont 9 sont dans un état critique",
/// "including 12 who are yet to be identified".
pub(crate) fn later_group(
    lx: &Lexicon,
    toks: &[Token],
    i: usize,
    end: usize,
) -> Option<&'static str> {
    (i..end.min(i + 14))
        // The clause ends at punctuation; another number has its own group.
        .take_while(|&k| {
            let t = &toks[k];
            let punct = t.kind == Kind::Punct && matches!(t.lower.as_str(), "," | ";" | ":" | ".");
            let number = t.kind == Kind::Number || lx.number_words.contains_key(t.lower.as_str());
            !punct && !number
        })
        .find_map(|k| lx.groups.at(toks, k, end).map(|(_, g)| g))
}
