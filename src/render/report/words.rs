//! The report's own words, in the languages a desk publishes in. A published report is
//! read by the public in the desk's language, so every heading, label, legend entry and
//! status word comes from a table here, never from a string in the renderers; claim texts
//! and quotes stay as recorded. Each language is plain data ([`Words`]): another language
//! is one more table of the same keys (a unit test checks that none is missing). The
//! words for metrics here are the report's language's; a desk's own description of a name
//! in the ledger's vocabulary (`src/model/metric.rs`) comes before them.

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::model::{FigureKind, Grade, SourceKind, Stance, Status};

/// One language's words for the report.
#[derive(Debug)]
pub struct Words {
    /// Its BCP-47 tag, as `report --lang` takes it and `<html lang>` shows it.
    pub code: &'static str,
    /// Its name in English, for messages.
    pub name: &'static str,
    /// The thousands separator of grouped numbers.
    pub group: &'static str,
    /// Month names, January first.
    pub months: [&'static str; 12],
    /// The texts, by key; `{name}` marks where a value goes.
    pub texts: &'static [(&'static str, &'static str)],
    /// Descriptions of metric names, by the parts of a dotted name: `killed`,
    /// `children`; `killed.children` reads "killed: children".
    pub metrics: &'static [(&'static str, &'static str)],
    /// `texts` by key, made on first use: a report of 1,000 claims looks up thousands
    /// of words.
    index: OnceLock<HashMap<&'static str, &'static str>>,
}

/// Every language the report can be written in; English first, the default.
pub const LANGUAGES: &[&Words] = &[&ENGLISH, &DUTCH];

impl Words {
    /// The language with this tag (`nl`, `NL`, `nl-BE` all find Dutch).
    pub fn find(tag: &str) -> Option<&'static Words> {
        let primary = tag.split(['-', '_']).next().unwrap_or("");
        LANGUAGES
            .iter()
            .copied()
            .find(|w| w.code.eq_ignore_ascii_case(primary))
    }

    /// The tags of every language, for messages: "en (English), nl (Dutch)".
    pub fn codes() -> String {
        LANGUAGES
            .iter()
            .map(|w| format!("{} ({})", w.code, w.name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The text with this key; English when this language lacks it.
    pub fn t(&self, key: &str) -> &'static str {
        self.text(key).or_else(|| ENGLISH.text(key)).unwrap_or("")
    }

    fn text(&self, key: &str) -> Option<&'static str> {
        self.index
            .get_or_init(|| self.texts.iter().copied().collect())
            .get(key)
            .copied()
    }

    /// The text with this key, its `{name}`s filled in.
    pub fn fill(&self, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.t(key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// `n` and its noun, grouped and agreeing in number: "1 claim", "1,200 claims".
    pub fn count(&self, n: usize, noun: &str) -> String {
        let key = format!("{noun}.{}", if n == 1 { "one" } else { "other" });
        self.fill(&key, &[("n", &self.number(n as i64))])
    }

    /// A number grouped by thousands: 1,234,567 (English), 1.234.567 (Dutch).
    pub fn number(&self, n: i64) -> String {
        self.group_digits(&n.to_string())
    }

    /// Text with each run of four or more digits grouped by thousands: for figures and
    /// counts, never for dates, ids or hashes.
    pub fn group_digits(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        let mut digits = String::new();
        let flush = |digits: &mut String, out: &mut String| {
            let n = digits.len();
            for (i, d) in digits.chars().enumerate() {
                if i > 0 && n >= 4 && (n - i) % 3 == 0 {
                    out.push_str(self.group);
                }
                out.push(d);
            }
            digits.clear();
        };
        for c in text.chars() {
            if c.is_ascii_digit() {
                digits.push(c);
            } else {
                flush(&mut digits, &mut out);
                out.push(c);
            }
        }
        flush(&mut digits, &mut out);
        out
    }

    /// A status in words: "in progress", "in onderzoek".
    pub fn status(&self, status: Status) -> &'static str {
        self.t(&format!("status.{}", status.as_str()))
    }

    /// A status as a heading: "In progress".
    pub fn status_title(&self, status: Status) -> String {
        capitalised(self.status(status))
    }

    /// A kind of source in words: "news agency".
    pub fn source_kind(&self, kind: SourceKind) -> &'static str {
        self.t(&format!("source_kind.{}", kind.as_str()))
    }

    /// A kind of figure in words: "documented".
    pub fn figure_kind(&self, kind: FigureKind) -> &'static str {
        self.t(&format!("figure_kind.{}", kind.as_str()))
    }

    /// A stance of evidence in words: "supports".
    pub fn stance(&self, stance: Stance) -> &'static str {
        self.t(&format!("stance.{}", stance.as_str()))
    }

    /// A reliability grade with its meaning: "C (fairly reliable)".
    pub fn grade(&self, grade: Grade) -> String {
        format!("{grade} ({})", self.t(&format!("grade.{grade}")))
    }

    /// "yes" or "no".
    pub fn yes_no(&self, on: bool) -> &'static str {
        self.t(if on { "yes" } else { "no" })
    }

    /// A metric's description, when every part of its dotted name has one:
    /// `killed.children` is "killed: children"; `None` for a name the table lacks.
    pub fn metric(&self, code: &str) -> Option<String> {
        let mut parts = code.split('.');
        let base = self.metric_part(parts.next()?)?;
        let rest: Option<Vec<&str>> = parts.map(|p| self.metric_part(p)).collect();
        let rest = rest?;
        Some(if rest.is_empty() {
            base.to_string()
        } else {
            format!("{base}: {}", rest.join(", "))
        })
    }

    /// One part of a dotted metric name in this language's words (`children`:
    /// "kinderen"), English when this language lacks it.
    pub fn metric_part(&self, part: &str) -> Option<&'static str> {
        lookup(self.metrics, part).or_else(|| lookup(ENGLISH.metrics, part))
    }

    /// A recorded date or time in words: `2022-02-05T12:00:00Z` is "5 February 2022,
    /// 12:00 UTC"; `2022-02` is "February 2022"; `None` for text that is not one.
    pub fn date(&self, text: &str) -> Option<String> {
        let (day, time) = match text.split_once(['T', ' ']) {
            Some((d, t)) => (d, Some(t)),
            None => (text, None),
        };
        let mut parts = day.split('-');
        let year = parts.next().filter(|y| y.len() == 4 && is_digits(y))?;
        let month = match parts.next() {
            Some(m) if m.len() == 2 && is_digits(m) => {
                let m: usize = m.parse().ok()?;
                Some(*self.months.get(m.checked_sub(1)?)?)
            }
            Some(_) => return None,
            None => None,
        };
        let day_of_month = match parts.next() {
            Some(d) if d.len() == 2 && is_digits(d) => Some(d.parse::<u32>().ok()?),
            Some(_) => return None,
            None => None,
        };
        if parts.next().is_some() || (day_of_month.is_some() && month.is_none()) {
            return None;
        }
        let mut out = match (day_of_month, month) {
            (Some(d), Some(m)) => format!("{d} {m} {year}"),
            (None, Some(m)) => format!("{m} {year}"),
            _ => year.to_string(),
        };
        if let Some(time) = time {
            let clock = time.get(..5).filter(|hm| {
                hm.as_bytes().get(2) == Some(&b':') && is_digits(&hm[..2]) && is_digits(&hm[3..])
            })?;
            let zone = time.get(5..).unwrap_or("");
            // Seconds are dropped: a reader needs the minute, the datetime attribute
            // keeps the exact time.
            let zone = zone.trim_start_matches(|c: char| c == ':' || c.is_ascii_digit());
            let zone = zone.trim_start_matches(|c: char| c == '.' || c.is_ascii_digit());
            let zone = match zone {
                "Z" | "+00:00" | "" => "UTC".to_string(),
                other => format!("UTC{other}"),
            };
            out = self.fill("date.with_time", &[("date", &out), ("time", clock)]);
            out.push(' ');
            out.push_str(&zone);
        }
        Some(out)
    }
}

fn lookup(table: &'static [(&'static str, &'static str)], key: &str) -> Option<&'static str> {
    table.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

fn is_digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

/// The text with its first letter in capitals.
pub fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Whether text in this language is written right to left: Arabic, Hebrew, Persian,
/// Urdu and the other languages written in those scripts, or any tag naming such a
/// script (`az-Arab`).
pub fn is_right_to_left(tag: &str) -> bool {
    const RTL_LANGUAGES: &[&str] = &[
        "ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku-arab", "pa-arab", "ps", "sd", "ug",
        "ur", "yi",
    ];
    const RTL_SCRIPTS: &[&str] = &["arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"];
    let lower = tag.to_ascii_lowercase();
    let mut parts = lower.split(['-', '_']);
    let primary = parts.next().unwrap_or("");
    let script = parts.find(|p| p.len() == 4);
    match script {
        Some(s) => RTL_SCRIPTS.contains(&s),
        None => RTL_LANGUAGES.contains(&primary),
    }
}

/// English: the default.
pub static ENGLISH: Words = Words {
    code: "en",
    name: "English",
    group: ",",
    months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
    texts: &[
        ("title", "Verification report: {title}"),
        ("incident", "Incident"),
        ("generated", "Generated {when} by crosscheck {version}."),
        ("ledger_head", "Ledger head"),
        ("ledger_head.record", "entry {id} of the record, which crosscheck verify --head finds again"),
        ("ledger_head.empty", "the ledger has no record yet"),
        ("date.with_time", "{date}, {time}"),
        ("claim.one", "{n} claim"),
        ("claim.other", "{n} claims"),
        ("source.one", "{n} source"),
        ("source.other", "{n} sources"),
        ("article.one", "{n} article"),
        ("article.other", "{n} articles"),
        ("breakdown.one", "{n} breakdown does not add up."),
        ("breakdown.other", "{n} breakdowns do not add up."),
        ("summary", "{claims} from {sources} in {articles}"),
        ("summary.no_conflict", "The sources' figures do not conflict."),
        ("summary.conflict", "Sources conflict on {metrics}."),
        ("summary.resolved", "Resolved: the conflict on {metrics}, the figures on one side judged false or misleading."),
        ("section.articles", "Articles consulted"),
        ("section.claims", "Claims"),
        ("section.comparison", "Comparison"),
        ("section.history", "Status history"),
        ("section.sources", "Sources"),
        ("section.methodology", "Methodology"),
        ("section.legend", "How to read the figures"),
        ("section.per_metric", "Each figure, source by source"),
        ("section.publications", "Publications"),
        ("section.corrections", "Corrections"),
        ("caption.publications", "When and where this report was published, with the ledger's head at that moment"),
        ("caption.corrections", "What changed, after a publication, in what it had shown, oldest first"),
        ("col.what", "what changed"),
        ("col.head", "ledger head"),
        ("corrections.none", "Nothing has been corrected since publication."),
        ("correction.changed", "What changed: {changes}."),
        ("change.text", "the text"),
        ("change.quote", "the quote"),
        ("change.translation", "the translation"),
        ("change.source", "the source, {before} → {after}"),
        ("change.via", "relayed by {before} → {after}"),
        ("change.incident", "the incident, {before} → {after}"),
        ("change.as_of", "as of {before} → {after}"),
        ("change.figure", "{metric} {before} → {after}"),
        ("change.none", "none"),
        ("corrections.intro", "Each change made after a publication to what that publication showed, with its reason."),
        ("correction.claim", "Claim {claim} was corrected; claim {new} replaces it."),
        ("correction.claim_replaced", "Claim {claim} was corrected."),
        ("correction.withdrawal", "Claim {claim} was withdrawn: it should not have been recorded."),
        ("correction.note", "The note on a step of claim {claim}'s verification was corrected."),
        ("correction.evidence_note", "The note on a piece of evidence for claim {claim} was corrected."),
        ("correction.evidence_url", "The address of a piece of evidence for claim {claim} was corrected to {value}."),
        ("correction.evidence_stance", "A piece of evidence for claim {claim} was corrected to read: {value}."),
        ("acknowledged.intro", "Findings of the publish gate the desk weighed and let pass:"),
        ("acknowledged.item", "acknowledged by {who} on {when}: {note}"),
        ("col.article", "article"),
        ("col.outlet", "outlet"),
        ("col.language", "language"),
        ("col.published", "published"),
        ("col.url", "address"),
        ("col.metric", "figure"),
        ("col.spread", "spread"),
        ("col.conflict", "conflict"),
        ("col.inconsistent", "inconsistent"),
        ("col.when", "when"),
        ("col.claim", "claim"),
        ("col.who", "who"),
        ("col.change", "change"),
        ("col.note", "note"),
        ("col.source", "source"),
        ("col.kind", "kind"),
        ("col.reliability", "reliability"),
        ("col.aliases", "also known as"),
        ("col.value", "figure given"),
        ("caption.articles", "The articles the claims come from, oldest first"),
        ("caption.comparison", "Each source's latest figure for each measure, the measures down, the sources across"),
        ("caption.history", "Every step of every claim's verification, in time order"),
        ("caption.sources", "Who made or relayed the claims"),
        ("caption.metric", "{metric}: each source's latest figure"),
        ("claim.heading", "Claim {id}"),
        ("claim.translation", "translation"),
        ("claim.quote", "quote"),
        ("claim.article", "article"),
        ("claim.as_of", "as of {when}"),
        ("claim.figures", "figures"),
        ("claim.verdict", "verdict"),
        ("claim.evidence", "evidence"),
        ("claim.no_verdict", "none yet ({status})"),
        ("claim.set_by", "set by {who}"),
        ("claim.reviewed_by", "reviewed by {who}"),
        ("claim.awaiting_review", "awaiting review"),
        ("via", "via {name}"),
        ("not_graded", "not graded"),
        ("yes", "yes"),
        ("no", "no"),
        ("history.recorded", "recorded as {status}"),
        ("history.evidence", "evidence ({stance})"),
        ("no_figures", "No figures recorded."),
        ("inconsistent", "Inconsistent"),
        ("chart.label", "Chart of {metric}: each source's latest figure; the values are in the table that follows."),
        ("chart.conflict", "⚠ marks a figure that conflicts with at least one other source's figure: no count fits both."),
        ("chart.no_conflict", "No two sources' figures conflict."),
        ("chart.conflicts_with", "conflicts with at least one other source"),
        ("legend.exact", "a number alone: exactly that many"),
        ("legend.at_least", "at least"),
        ("legend.more_than", "more than"),
        ("legend.at_most", "at most"),
        ("legend.about", "about: the count within {tolerance} of the number"),
        ("legend.range", "between the two numbers"),
        ("legend.conflict", "conflicts with at least one other source's figure: no count fits both"),
        ("legend.none", "the source gave no figure"),
        ("legend.spread", "the gap between the furthest-apart figures (the largest lower end minus the smallest upper end); 0 when they all share a count"),
        ("legend.inconsistent", "a source's breakdown (children, women, …) adds up to more than its own total"),
        ("legend.point", "a dot: an exact figure; a bar: a range; a bar ending in an arrow: no upper limit"),
        ("legend.kinds", "A figure is reported unless marked: documented (named victims counted), estimated, or conceded (admitted by the party responsible)."),
        ("legend.chart", "charts"),
        ("legend.metric", "{metric}, counted in {unit}"),
        ("unit.people", "people"),
        ("methodology", "Figures are compared by origin (a figure an outlet relays counts once, for whoever gave it); each origin's latest figure counts; \"about N\" spans ±{tolerance}; two figures conflict when no count fits both."),
        ("status.unverified", "unverified"),
        ("status.in_progress", "in progress"),
        ("status.verified", "verified"),
        ("status.false", "false"),
        ("status.misleading", "misleading"),
        ("status.disputed", "disputed"),
        ("status.unverifiable", "unverifiable"),
        ("status.retracted", "retracted"),
        ("status.superseded", "superseded by a correction"),
        ("status.withdrawn", "withdrawn"),
        ("source_kind.government", "government"),
        ("source_kind.military", "military"),
        ("source_kind.ngo", "non-governmental organisation"),
        ("source_kind.news_agency", "news agency"),
        ("source_kind.outlet", "news outlet"),
        ("source_kind.official", "official"),
        ("source_kind.person", "person"),
        ("source_kind.witness", "witnesses"),
        ("source_kind.anonymous", "anonymous"),
        ("source_kind.other", "other"),
        ("figure_kind.reported", "reported"),
        ("figure_kind.documented", "documented"),
        ("figure_kind.estimated", "estimated"),
        ("figure_kind.conceded", "conceded"),
        ("stance.supports", "supports"),
        ("stance.contradicts", "contradicts"),
        ("stance.context", "context"),
        ("grade.A", "completely reliable"),
        ("grade.B", "usually reliable"),
        ("grade.C", "fairly reliable"),
        ("grade.D", "not usually reliable"),
        ("grade.E", "unreliable"),
        ("grade.F", "reliability cannot be judged"),
    ],
    index: OnceLock::new(),
    metrics: &[
        ("killed", "killed"),
        ("injured", "injured"),
        ("missing", "missing"),
        ("displaced", "displaced"),
        ("bodies", "bodies recovered"),
        ("crowd", "crowd size"),
        ("arrested", "arrested"),
        ("detained", "detained"),
        ("evacuated", "evacuated"),
        ("affected", "affected"),
        ("homeless", "made homeless"),
        ("buildings", "buildings"),
        ("damaged", "damaged"),
        ("destroyed", "destroyed"),
        ("damage", "damage"),
        ("aid", "aid"),
        ("children", "children"),
        ("women", "women"),
        ("men", "men"),
        ("civilians", "civilians"),
        ("combatants", "combatants"),
        ("fighters", "fighters"),
        ("soldiers", "soldiers"),
        ("police", "police"),
        ("journalists", "journalists"),
        ("us_personnel", "US personnel"),
        ("usd", "US dollars"),
        ("eur", "euros"),
    ],
};

/// Dutch.
pub static DUTCH: Words = Words {
    code: "nl",
    name: "Dutch",
    group: ".",
    months: [
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ],
    texts: &[
        ("title", "Verificatierapport: {title}"),
        ("incident", "Gebeurtenis"),
        ("generated", "Gemaakt op {when} door crosscheck {version}."),
        ("ledger_head", "Stand van het register"),
        ("ledger_head.record", "regel {id} van het register, die crosscheck verify --head terugvindt"),
        ("ledger_head.empty", "het register heeft nog geen geschiedenis"),
        ("date.with_time", "{date}, {time}"),
        ("claim.one", "{n} bewering"),
        ("claim.other", "{n} beweringen"),
        ("source.one", "{n} bron"),
        ("source.other", "{n} bronnen"),
        ("article.one", "{n} artikel"),
        ("article.other", "{n} artikelen"),
        ("breakdown.one", "{n} uitsplitsing klopt niet."),
        ("breakdown.other", "{n} uitsplitsingen kloppen niet."),
        ("summary", "{claims} van {sources} in {articles}"),
        ("summary.no_conflict", "De cijfers van de bronnen spreken elkaar niet tegen."),
        ("summary.conflict", "De bronnen spreken elkaar tegen over {metrics}."),
        ("summary.resolved", "Opgelost: de tegenspraak over {metrics}, de cijfers aan één kant als onjuist of misleidend beoordeeld."),
        ("section.articles", "Geraadpleegde artikelen"),
        ("section.claims", "Beweringen"),
        ("section.comparison", "Vergelijking"),
        ("section.history", "Statusgeschiedenis"),
        ("section.sources", "Bronnen"),
        ("section.methodology", "Werkwijze"),
        ("section.legend", "Zo lees je de cijfers"),
        ("section.per_metric", "Elk cijfer, bron voor bron"),
        ("section.publications", "Publicaties"),
        ("section.corrections", "Correcties"),
        ("caption.publications", "Wanneer en waar dit rapport is gepubliceerd, met de stand van het register op dat moment"),
        ("caption.corrections", "Wat er na een publicatie veranderde aan wat die publicatie liet zien, oudste eerst"),
        ("col.what", "wat er veranderde"),
        ("col.head", "stand van het register"),
        ("corrections.none", "Sinds de publicatie is niets gecorrigeerd."),
        ("correction.changed", "Wat er veranderde: {changes}."),
        ("change.text", "de tekst"),
        ("change.quote", "het citaat"),
        ("change.translation", "de vertaling"),
        ("change.source", "de bron, {before} → {after}"),
        ("change.via", "doorgegeven door {before} → {after}"),
        ("change.incident", "de gebeurtenis, {before} → {after}"),
        ("change.as_of", "stand van {before} → {after}"),
        ("change.figure", "{metric} {before} → {after}"),
        ("change.none", "geen"),
        ("corrections.intro", "Elke wijziging na een publicatie aan wat die publicatie liet zien, met de reden."),
        ("correction.claim", "Bewering {claim} is gecorrigeerd; bewering {new} vervangt haar."),
        ("correction.claim_replaced", "Bewering {claim} is gecorrigeerd."),
        ("correction.withdrawal", "Bewering {claim} is teruggenomen: ze had niet vastgelegd mogen worden."),
        ("correction.note", "De toelichting bij een stap in de verificatie van bewering {claim} is gecorrigeerd."),
        ("correction.evidence_note", "De toelichting bij bewijs voor bewering {claim} is gecorrigeerd."),
        ("correction.evidence_url", "Het adres van bewijs voor bewering {claim} is gecorrigeerd in {value}."),
        ("correction.evidence_stance", "Bewijs voor bewering {claim} is gecorrigeerd en luidt nu: {value}."),
        ("acknowledged.intro", "Bevindingen van de publicatiecontrole die de redactie woog en liet passeren:"),
        ("acknowledged.item", "geaccepteerd door {who} op {when}: {note}"),
        ("col.article", "artikel"),
        ("col.outlet", "medium"),
        ("col.language", "taal"),
        ("col.published", "gepubliceerd"),
        ("col.url", "adres"),
        ("col.metric", "cijfer"),
        ("col.spread", "spreiding"),
        ("col.conflict", "tegenstrijdig"),
        ("col.inconsistent", "inconsistent"),
        ("col.when", "wanneer"),
        ("col.claim", "bewering"),
        ("col.who", "wie"),
        ("col.change", "wijziging"),
        ("col.note", "toelichting"),
        ("col.source", "bron"),
        ("col.kind", "soort"),
        ("col.reliability", "betrouwbaarheid"),
        ("col.aliases", "ook bekend als"),
        ("col.value", "opgegeven cijfer"),
        ("caption.articles", "De artikelen waar de beweringen uit komen, oudste eerst"),
        ("caption.comparison", "Het laatste cijfer van elke bron per grootheid: de grootheden onder elkaar, de bronnen naast elkaar"),
        ("caption.history", "Elke stap in de verificatie van elke bewering, op volgorde van tijd"),
        ("caption.sources", "Wie de beweringen deed of doorgaf"),
        ("caption.metric", "{metric}: het laatste cijfer van elke bron"),
        ("claim.heading", "Bewering {id}"),
        ("claim.translation", "vertaling"),
        ("claim.quote", "citaat"),
        ("claim.article", "artikel"),
        ("claim.as_of", "stand van {when}"),
        ("claim.figures", "cijfers"),
        ("claim.verdict", "oordeel"),
        ("claim.evidence", "bewijs"),
        ("claim.no_verdict", "nog geen ({status})"),
        ("claim.set_by", "vastgesteld door {who}"),
        ("claim.reviewed_by", "beoordeeld door {who}"),
        ("claim.awaiting_review", "wacht op beoordeling"),
        ("via", "via {name}"),
        ("not_graded", "niet beoordeeld"),
        ("yes", "ja"),
        ("no", "nee"),
        ("history.recorded", "vastgelegd als {status}"),
        ("history.evidence", "bewijs ({stance})"),
        ("no_figures", "Geen cijfers vastgelegd."),
        ("inconsistent", "Inconsistent"),
        ("chart.label", "Grafiek van {metric}: het laatste cijfer van elke bron; de waarden staan in de tabel eronder."),
        ("chart.conflict", "⚠ markeert een cijfer dat in strijd is met het cijfer van minstens één andere bron: geen aantal past bij beide."),
        ("chart.no_conflict", "De cijfers van de bronnen spreken elkaar niet tegen."),
        ("chart.conflicts_with", "in strijd met minstens één andere bron"),
        ("legend.exact", "alleen een getal: precies zoveel"),
        ("legend.at_least", "minstens"),
        ("legend.more_than", "meer dan"),
        ("legend.at_most", "hoogstens"),
        ("legend.about", "ongeveer: het aantal ligt binnen {tolerance} van het getal"),
        ("legend.range", "tussen de twee getallen"),
        ("legend.conflict", "in strijd met het cijfer van minstens één andere bron: geen aantal past bij beide"),
        ("legend.none", "de bron gaf geen cijfer"),
        ("legend.spread", "de afstand tussen de verst uiteenliggende cijfers (de grootste ondergrens min de kleinste bovengrens); 0 als ze allemaal een aantal gemeen hebben"),
        ("legend.inconsistent", "de uitsplitsing van een bron (kinderen, vrouwen, …) telt op tot meer dan haar eigen totaal"),
        ("legend.point", "een stip: een exact cijfer; een balk: een bereik; een balk met een pijl: geen bovengrens"),
        ("legend.kinds", "Een cijfer is gemeld, tenzij er staat: gedocumenteerd (slachtoffers bij naam geteld), geschat of toegegeven (door de verantwoordelijke partij)."),
        ("legend.chart", "grafieken"),
        ("legend.metric", "{metric}, geteld in {unit}"),
        ("unit.people", "mensen"),
        ("methodology", "Cijfers worden per herkomst vergeleken (een cijfer dat een medium doorgeeft telt één keer, voor wie het gaf); het laatste cijfer van elke herkomst telt; \"ongeveer N\" omvat ±{tolerance}; twee cijfers zijn tegenstrijdig als geen enkel aantal bij beide past."),
        ("status.unverified", "niet gecontroleerd"),
        ("status.in_progress", "in onderzoek"),
        ("status.verified", "bevestigd"),
        ("status.false", "onjuist"),
        ("status.misleading", "misleidend"),
        ("status.disputed", "omstreden"),
        ("status.unverifiable", "niet te controleren"),
        ("status.retracted", "ingetrokken"),
        ("status.superseded", "vervangen door een correctie"),
        ("status.withdrawn", "teruggenomen"),
        ("source_kind.government", "overheid"),
        ("source_kind.military", "krijgsmacht"),
        ("source_kind.ngo", "niet-gouvernementele organisatie"),
        ("source_kind.news_agency", "persbureau"),
        ("source_kind.outlet", "nieuwsmedium"),
        ("source_kind.official", "functionaris"),
        ("source_kind.person", "persoon"),
        ("source_kind.witness", "getuigen"),
        ("source_kind.anonymous", "anoniem"),
        ("source_kind.other", "overig"),
        ("figure_kind.reported", "gemeld"),
        ("figure_kind.documented", "gedocumenteerd"),
        ("figure_kind.estimated", "geschat"),
        ("figure_kind.conceded", "toegegeven"),
        ("stance.supports", "ondersteunt"),
        ("stance.contradicts", "weerspreekt"),
        ("stance.context", "context"),
        ("grade.A", "volledig betrouwbaar"),
        ("grade.B", "meestal betrouwbaar"),
        ("grade.C", "redelijk betrouwbaar"),
        ("grade.D", "meestal niet betrouwbaar"),
        ("grade.E", "onbetrouwbaar"),
        ("grade.F", "betrouwbaarheid niet te beoordelen"),
    ],
    index: OnceLock::new(),
    metrics: &[
        ("killed", "doden"),
        ("injured", "gewonden"),
        ("missing", "vermisten"),
        ("displaced", "ontheemden"),
        ("bodies", "geborgen lichamen"),
        ("crowd", "menigte"),
        ("arrested", "gearresteerd"),
        ("detained", "vastgehouden"),
        ("evacuated", "geëvacueerd"),
        ("affected", "getroffen"),
        ("homeless", "dakloos geworden"),
        ("buildings", "gebouwen"),
        ("damaged", "beschadigd"),
        ("destroyed", "verwoest"),
        ("damage", "schade"),
        ("aid", "hulp"),
        ("children", "kinderen"),
        ("women", "vrouwen"),
        ("men", "mannen"),
        ("civilians", "burgers"),
        ("combatants", "strijders"),
        ("fighters", "strijders"),
        ("soldiers", "militairen"),
        ("police", "politie"),
        ("journalists", "journalisten"),
        ("us_personnel", "Amerikaans personeel"),
        ("usd", "Amerikaanse dollars"),
        ("eur", "euro"),
    ],
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_every_key_and_metric() {
        for words in LANGUAGES {
            for (key, _) in ENGLISH.texts {
                assert!(
                    lookup(words.texts, key).is_some(),
                    "{} lacks {key}",
                    words.name
                );
            }
            for (key, _) in words.texts {
                assert!(lookup(ENGLISH.texts, key).is_some(), "stray key {key}");
            }
            for (part, _) in ENGLISH.metrics {
                assert!(
                    lookup(words.metrics, part).is_some(),
                    "{} lacks {part}",
                    words.name
                );
            }
        }
        for status in Status::ALL {
            assert!(!ENGLISH.status(*status).is_empty());
        }
    }

    #[test]
    fn numbers_are_grouped_in_each_language() {
        assert_eq!(ENGLISH.number(1_234_567), "1,234,567");
        assert_eq!(DUTCH.number(1_234_567), "1.234.567");
        assert_eq!(ENGLISH.number(999), "999");
        assert_eq!(ENGLISH.group_digits(">=11300"), ">=11,300");
        assert_eq!(ENGLISH.count(1, "claim"), "1 claim");
        assert_eq!(DUTCH.count(1500, "source"), "1.500 bronnen");
    }

    #[test]
    fn dates_read_as_words_and_keep_their_precision() {
        assert_eq!(
            ENGLISH.date("2022-02-05T12:00:00Z").as_deref(),
            Some("5 February 2022, 12:00 UTC")
        );
        assert_eq!(
            DUTCH.date("2022-02-05T12:00:00+01:00").as_deref(),
            Some("5 februari 2022, 12:00 UTC+01:00")
        );
        assert_eq!(ENGLISH.date("2022-02").as_deref(), Some("February 2022"));
        assert_eq!(ENGLISH.date("2022").as_deref(), Some("2022"));
        assert_eq!(ENGLISH.date("2022-13-01"), None);
        assert_eq!(ENGLISH.date("last week"), None);
    }

    #[test]
    fn metrics_are_described_part_by_part() {
        assert_eq!(ENGLISH.metric("killed").as_deref(), Some("killed"));
        assert_eq!(
            ENGLISH.metric("injured.children").as_deref(),
            Some("injured: children")
        );
        assert_eq!(
            DUTCH.metric("killed.us_personnel").as_deref(),
            Some("doden: Amerikaans personeel")
        );
        assert_eq!(ENGLISH.metric("killed.goats"), None);
    }

    #[test]
    fn right_to_left_scripts_are_known() {
        for tag in ["ar", "ar-SY", "he", "fa", "ur", "az-Arab"] {
            assert!(is_right_to_left(tag), "{tag}");
        }
        for tag in ["nl", "en-GB", "tr", "sr-Cyrl"] {
            assert!(!is_right_to_left(tag), "{tag}");
        }
        assert_eq!(Words::find("NL-be").map(|w| w.code), Some("nl"));
        assert!(Words::find("xx").is_none());
    }
}
