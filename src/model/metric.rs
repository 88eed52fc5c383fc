//! The metric vocabulary: the names a figure may count with, so that `kiled=12` and
//! `dead=12` are not silently recorded as two metrics that are never compared with
//! `killed`.
//!
//! A figure's metric is a *base* (what is counted: `killed`, `displaced`) followed by
//! zero or more *breakdowns* (of whom: `killed.children`, `killed.civilians.women`). Any
//! base combines with any breakdown, so the vocabulary holds the parts, not their
//! combinations. The built-in parts are data here; a desk adds its own as ledger entries
//! of kind `metric` (the record's ledger chain), and the vocabulary is the built-in table
//! overlaid with those entries in order: the later description and unit of a name win.

use serde::{Deserialize, Serialize};

use super::names::hidden_character;

/// Which part of a dotted metric name a vocabulary entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Part {
    /// What is counted: the first part (`killed`).
    Base,
    /// Of whom: a later part (`children` in `killed.children`).
    Breakdown,
}

impl Part {
    /// The stable text stored in a ledger entry: `base` or `breakdown`.
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Base => "base",
            Part::Breakdown => "breakdown",
        }
    }

    /// A name of this part as it is written on its own: `killed`, `.children`.
    pub fn written(self, name: &str) -> String {
        match self {
            Part::Base => name.to_string(),
            Part::Breakdown => format!(".{name}"),
        }
    }
}

/// The unit of a metric that does not name one: most figures count people.
pub const DEFAULT_UNIT: &str = "people";

/// The longest description a metric may have: one line a reader takes in at a glance.
pub const MAX_DESCRIPTION: usize = 200;

/// The built-in bases: name, description, unit.
pub const BASES: &[(&str, &str, &str)] = &[
    ("killed", "people killed", "people"),
    ("injured", "people injured", "people"),
    ("missing", "people missing", "people"),
    ("displaced", "people forced from their homes", "people"),
    ("bodies", "bodies recovered or found", "bodies"),
    (
        "buried",
        "people buried (in rubble, or dead and buried)",
        "people",
    ),
    (
        "casualties",
        "people killed or injured, not told apart",
        "people",
    ),
    ("crowd", "people gathered (a crowd's size)", "people"),
    ("arrested", "people arrested", "people"),
    ("detained", "people held in detention", "people"),
    (
        "aboard",
        "people aboard a vessel, aircraft or vehicle",
        "people",
    ),
    ("rescued", "people rescued", "people"),
    ("sheltering", "people in shelters or camps", "people"),
    ("population", "people living in a place", "people"),
    ("affected", "people affected", "people"),
    ("in_need", "people in need of help", "people"),
];

/// The built-in breakdowns: name, description, unit.
pub const BREAKDOWNS: &[(&str, &str, &str)] = &[
    ("children", "children", "people"),
    ("women", "women", "people"),
    ("men", "men", "people"),
    ("civilians", "civilians", "people"),
    ("combatants", "combatants (fighters, soldiers)", "people"),
    (
        "us_personnel",
        "US military or government personnel",
        "people",
    ),
    ("serious", "seriously or critically hurt", "people"),
    ("police", "police officers", "people"),
    ("journalists", "journalists", "people"),
    ("aid_workers", "aid workers", "people"),
];

/// Words a desk types for a built-in base, with the base meant: a figure `dead=12` is
/// refused with "did you mean 'killed'?" rather than counted apart from `killed`.
pub const SYNONYMS: &[(&str, &str)] = &[
    ("dead", "killed"),
    ("deaths", "killed"),
    ("died", "killed"),
    ("fatalities", "killed"),
    ("death_toll", "killed"),
    ("toll", "killed"),
    ("wounded", "injured"),
    ("hurt", "injured"),
    ("casualty", "casualties"),
    ("refugees", "displaced"),
    ("evacuees", "displaced"),
    ("arrests", "arrested"),
    ("detainees", "detained"),
    ("bodies_found", "bodies"),
    ("protesters", "crowd"),
    ("passengers", "aboard"),
];

/// One name of the vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Metric {
    /// The name, one part: `killed`, `children`.
    pub name: String,
    /// Base or breakdown.
    pub part: Part,
    /// One line saying what it counts.
    pub description: String,
    /// What it counts in: `people`, `usd`.
    pub unit: String,
    /// Who added it and when; `None` for a built-in name a desk has not redescribed.
    pub added: Option<Added>,
}

/// Who recorded a vocabulary entry, and when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Added {
    /// Who.
    pub who: String,
    /// When (UTC RFC 3339).
    pub at: String,
}

/// A vocabulary entry's data, as a ledger entry of kind `metric` stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MetricData {
    /// The name, one part.
    pub name: String,
    /// Base or breakdown.
    pub part: Part,
    /// One line saying what it counts.
    pub description: String,
    /// What it counts in.
    pub unit: String,
}

/// A part of a figure's metric that the vocabulary lacks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// Which part it is in the figure's metric.
    pub part: Part,
    /// The name.
    pub name: String,
    /// Whether the name is known as the other part (`children` as a base).
    pub known_as_other: bool,
}

/// The ledger's vocabulary: the built-in names overlaid with the desk's entries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vocabulary {
    /// Every name, built-in ones first in table order, then added ones in the order they
    /// were first added.
    metrics: Vec<Metric>,
}

impl Vocabulary {
    /// The built-in names only.
    pub fn built_in() -> Vocabulary {
        let parts = [(Part::Base, BASES), (Part::Breakdown, BREAKDOWNS)];
        let metrics = parts
            .iter()
            .flat_map(|(part, table)| {
                table.iter().map(|(name, description, unit)| Metric {
                    name: (*name).to_string(),
                    part: *part,
                    description: (*description).to_string(),
                    unit: (*unit).to_string(),
                    added: None,
                })
            })
            .collect();
        Vocabulary { metrics }
    }

    /// The built-in names with the desk's entries applied in order: an entry for a known
    /// name replaces its description and unit.
    pub fn with_entries(entries: impl IntoIterator<Item = Metric>) -> Vocabulary {
        let mut vocabulary = Vocabulary::built_in();
        for entry in entries {
            match vocabulary
                .metrics
                .iter_mut()
                .find(|m| m.part == entry.part && m.name == entry.name)
            {
                Some(known) => *known = entry,
                None => vocabulary.metrics.push(entry),
            }
        }
        vocabulary
    }

    /// Every name: built-in first, then those a desk added.
    pub fn all(&self) -> &[Metric] {
        &self.metrics
    }

    /// The name of this part, if known.
    pub fn get(&self, part: Part, name: &str) -> Option<&Metric> {
        self.metrics
            .iter()
            .find(|m| m.part == part && m.name == name)
    }

    /// Every name of one part, for "did you mean".
    pub fn names(&self, part: Part) -> Vec<String> {
        self.metrics
            .iter()
            .filter(|m| m.part == part)
            .map(|m| m.name.clone())
            .collect()
    }

    /// The parts of a dotted metric name that the vocabulary lacks, in order: the first
    /// part must be a base, every later one a breakdown.
    pub fn unknown_parts(&self, metric: &str) -> Vec<Unknown> {
        metric
            .split('.')
            .enumerate()
            .filter_map(|(i, name)| {
                let (part, other) = if i == 0 {
                    (Part::Base, Part::Breakdown)
                } else {
                    (Part::Breakdown, Part::Base)
                };
                self.get(part, name).is_none().then(|| Unknown {
                    part,
                    name: name.to_string(),
                    known_as_other: self.get(other, name).is_some(),
                })
            })
            .collect()
    }

    /// A dotted metric in words, when every part is known: `killed.children` is "people
    /// killed: children"; with the unit of its base.
    pub fn describe(&self, metric: &str) -> Option<(String, String)> {
        let mut parts = metric.split('.');
        let base = self.get(Part::Base, parts.next()?)?;
        let rest: Option<Vec<&str>> = parts
            .map(|p| self.get(Part::Breakdown, p).map(|m| m.description.as_str()))
            .collect();
        let rest = rest?;
        let words = if rest.is_empty() {
            base.description.clone()
        } else {
            format!("{}: {}", base.description, rest.join(", "))
        };
        Some((words, base.unit.clone()))
    }

    /// The known base that a synonym stands for (`dead` → `killed`), when the ledger has
    /// not made the synonym a base of its own.
    pub fn synonym(&self, name: &str) -> Option<&'static str> {
        SYNONYMS
            .iter()
            .find(|(word, _)| *word == name)
            .map(|(_, base)| *base)
            .filter(|base| self.get(Part::Base, base).is_some())
    }

    /// Whether a name of this part was added by a desk (not built in, or redescribed).
    pub fn is_added(&self, part: Part, name: &str) -> bool {
        self.get(part, name).is_some_and(|m| m.added.is_some())
    }
}

/// Checks one part of a metric name as `metric add` takes it: lowercase letters, digits
/// and `_`, starting with a letter. Returns what is wrong.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the metric name is empty".to_string());
    }
    if name.contains('.') {
        return Err(format!(
            "'{name}' has more than one part; the vocabulary holds bases (evacuated) and breakdowns (.elderly), and any base combines with any breakdown without an entry"
        ));
    }
    let starts_with_letter = name.bytes().next().is_some_and(|b| b.is_ascii_lowercase());
    let allowed = name
        .bytes()
        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !starts_with_letter || !allowed {
        return Err(format!(
            "'{name}' is not a metric name: lowercase letters, digits and _, starting with a letter"
        ));
    }
    Ok(())
}

/// Checks a description: one line, not empty, at most [`MAX_DESCRIPTION`] characters,
/// no invisible characters. Returns it trimmed, or what is wrong.
pub fn check_description(text: &str) -> Result<String, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err("the description is empty; say in one line what the metric counts".into());
    }
    if text.contains(['\n', '\r']) {
        return Err("the description has more than one line; give one line".into());
    }
    if let Some(c) = hidden_character(text) {
        return Err(format!(
            "the description contains the invisible character U+{:04X}; remove it",
            c as u32
        ));
    }
    let n = text.chars().count();
    if n > MAX_DESCRIPTION {
        return Err(format!(
            "the description is {n} characters long; keep it to one line of at most {MAX_DESCRIPTION}"
        ));
    }
    Ok(text.to_string())
}

/// Checks a unit: like a name (`people`, `usd`, `tonnes`).
pub fn check_unit(unit: &str) -> Result<(), String> {
    let ok = unit.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
        && unit
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{unit}' is not a unit: lowercase letters, digits and _ (people, usd, tonnes)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn added(name: &str, part: Part, description: &str) -> Metric {
        Metric {
            name: name.into(),
            part,
            description: description.into(),
            unit: DEFAULT_UNIT.into(),
            added: Some(Added {
                who: "ana".into(),
                at: "2026-01-01T00:00:00Z".into(),
            }),
        }
    }

    #[test]
    fn built_in_names_are_valid_and_distinct() {
        let v = Vocabulary::built_in();
        for m in v.all() {
            assert_eq!(check_name(&m.name), Ok(()), "{}", m.name);
            assert!(check_description(&m.description).is_ok(), "{}", m.name);
            assert_eq!(check_unit(&m.unit), Ok(()), "{}", m.name);
            let twins = v
                .all()
                .iter()
                .filter(|o| o.part == m.part && o.name == m.name)
                .count();
            assert_eq!(twins, 1, "{} twice", m.name);
        }
    }

    #[test]
    fn any_base_combines_with_any_breakdown() {
        let v = Vocabulary::built_in();
        assert!(v.unknown_parts("injured.children").is_empty());
        assert!(v.unknown_parts("killed.civilians.women").is_empty());
        let unknown = v.unknown_parts("kiled.elderly");
        assert_eq!(unknown.len(), 2);
        assert_eq!(unknown[0].part, Part::Base);
        assert_eq!(unknown[1].part, Part::Breakdown);
        let swapped = v.unknown_parts("children");
        assert!(swapped[0].known_as_other);
        assert_eq!(v.synonym("dead"), Some("killed"));
        assert_eq!(v.synonym("kiled"), None);
        for (word, base) in SYNONYMS {
            assert!(v.get(Part::Base, word).is_none(), "{word} is a base");
            assert!(v.get(Part::Base, base).is_some(), "{base} is no base");
        }
    }

    #[test]
    fn later_entries_win_and_new_ones_follow_the_built_in() {
        let v = Vocabulary::with_entries([
            added("evacuated", Part::Base, "people evacuated"),
            added("killed", Part::Base, "dead"),
            added("elderly", Part::Breakdown, "people over 65"),
            added("killed", Part::Base, "people dead"),
        ]);
        assert_eq!(
            v.get(Part::Base, "killed").expect("killed").description,
            "people dead"
        );
        assert!(v.is_added(Part::Base, "killed"));
        assert!(!v.is_added(Part::Base, "injured"));
        assert_eq!(v.all().last().expect("a last name").name, "elderly");
        assert_eq!(
            v.describe("evacuated.elderly"),
            Some((
                "people evacuated: people over 65".to_string(),
                "people".to_string()
            ))
        );
        assert_eq!(v.describe("evacuated.unknown"), None);
    }

    #[test]
    fn bad_names_descriptions_and_units_are_refused() {
        assert!(check_name("").is_err());
        assert!(check_name("Killed!").is_err());
        assert!(check_name("killed.elderly").is_err());
        assert!(check_name("1st").is_err());
        assert!(check_name("in_need").is_ok());
        assert!(check_description("  ").is_err());
        assert!(check_description("two\nlines").is_err());
        assert!(check_description(&"x".repeat(MAX_DESCRIPTION + 1)).is_err());
        assert_eq!(check_description(" ok "), Ok("ok".to_string()));
        assert!(check_unit("USD").is_err());
        assert!(check_unit("usd").is_ok());
    }
}
