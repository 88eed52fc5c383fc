//! Naming things on the command line: sources, articles and incidents by id, slug, name
//! or alias, case-insensitively, and a "did you mean" when a name is nearly right, so
//! that a typo under time pressure does not split one source into two.

use anyhow::Result;

use crate::error::user;
use crate::model::names::{difference, hidden_character, look_alike_key, same_name_key};
use crate::model::{is_single_line, lookup_key, Article, Claim, Incident, Source, SourceKind};
use crate::store::{Ledger, NewSource};

/// Names among `candidates` that `name` closely resembles: a small edit away, or the
/// one a whole-word part of the other ("Syrian Observatory" and "Syrian Observatory
/// for Human Rights").
pub fn similar_names(name: &str, candidates: &[String]) -> Vec<String> {
    let key = lookup_key(name);
    let mut found: Vec<(f64, String)> = Vec::new();
    for candidate in candidates {
        let other = lookup_key(candidate);
        if other == key {
            continue;
        }
        let edit = strsim::normalized_damerau_levenshtein(&key, &other);
        let (short, long) = if key.chars().count() <= other.chars().count() {
            (&key, &other)
        } else {
            (&other, &key)
        };
        let contained = short.chars().count() >= 4 && contains_words(long, short);
        let score = if contained { edit.max(0.8) } else { edit };
        if score >= 0.75 && !found.iter().any(|(_, n)| n == candidate) {
            found.push((score, candidate.clone()));
        }
    }
    found.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    found.into_iter().map(|(_, n)| n).take(3).collect()
}

fn contains_words(long: &str, short: &str) -> bool {
    let long: Vec<&str> = long
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let short: Vec<&str> = short
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    !short.is_empty() && long.windows(short.len()).any(|w| w == short.as_slice())
}

fn did_you_mean(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => format!("; did you mean '{one}'?"),
        many => format!(
            "; did you mean {}?",
            many.iter()
                .map(|n| format!("'{n}'"))
                .collect::<Vec<_>>()
                .join(" or ")
        ),
    }
}

/// A known name that a new one collides with.
pub enum Twin {
    /// The same name in another Unicode form or case: this source.
    Same(i64),
    /// A name that looks the same but is not: this source's name, and how they differ.
    LookAlike(i64, String, String),
}

/// The known source name or alias, among `names`, that `name` is the same as, or looks
/// like.
pub fn twin(names: &[(i64, String)], name: &str) -> Option<Twin> {
    let same = same_name_key(name);
    let alike = look_alike_key(name);
    let mut look_alike = None;
    for (id, known) in names {
        if same_name_key(known) == same {
            return Some(Twin::Same(*id));
        }
        if look_alike.is_none() && look_alike_key(known) == alike {
            let how = difference(name, known);
            look_alike = Some(Twin::LookAlike(*id, known.clone(), how));
        }
    }
    look_alike
}

/// Checks a new source name or alias against the known `names`: one holding an invisible
/// character, or looking like a known name without being it, is refused; one that is a
/// known name in another Unicode form or case gives that source's id. (Titles and notes
/// may hold direction marks, which Arabic and Hebrew text needs; a name that identifies a
/// source may not.)
fn known_or_refused(names: &[(i64, String)], name: &str, what: &str) -> Result<Option<i64>> {
    if let Some(c) = hidden_character(name) {
        return Err(user(format!(
            "the {what} {name:?} contains the invisible character U+{:04X}; remove it (it often comes with text copied from a web page)",
            c as u32
        )));
    }
    match twin(names, name) {
        None => Ok(None),
        Some(Twin::Same(id)) => Ok(Some(id)),
        Some(Twin::LookAlike(id, known, how)) => Err(user(format!(
            "the {what} '{name}' looks the same as '{known}' (source {id}) but is not: {how}; use '{known}', or type the name afresh"
        ))),
    }
}

/// Refuses a new source name or alias that holds an invisible character, or that is, or
/// looks like, a known one.
pub fn check_new_name(ledger: &mut dyn Ledger, name: &str, what: &str) -> Result<()> {
    let names = ledger.source_names()?;
    match known_or_refused(&names, name, what)? {
        None => Ok(()),
        Some(id) => Err(user(format!(
            "the {what} '{name}' already names source {id} (written in another Unicode form or case); `crosscheck source show {id}` shows it"
        ))),
    }
}

/// The source with this id, name or alias, also when typed in another Unicode form.
fn find_source(ledger: &mut dyn Ledger, key: &str) -> Result<Option<Source>> {
    if let Some(s) = ledger.find_source(key)? {
        return Ok(Some(s));
    }
    let same = same_name_key(key);
    let held = ledger
        .source_names()?
        .into_iter()
        .find(|(_, known)| same_name_key(known) == same);
    match held {
        Some((id, _)) => ledger.find_source(&id.to_string()),
        None => Ok(None),
    }
}

/// The source named `key`, or a user error with suggestions.
pub fn source(ledger: &mut dyn Ledger, key: &str) -> Result<Source> {
    if let Some(s) = find_source(ledger, key)? {
        return Ok(s);
    }
    let names: Vec<String> = ledger.source_names()?.into_iter().map(|(_, n)| n).collect();
    Err(user(format!(
        "no source '{key}'{}; `crosscheck source list` shows them",
        did_you_mean(&similar_names(key, &names))
    )))
}

/// The source named `name`, created when nobody like it is known. A name that resembles
/// a known source or alias is refused unless `force` (`--new-source`).
pub fn source_or_create(
    ledger: &mut dyn Ledger,
    name: &str,
    force: bool,
    by: crate::store::Acting<'_>,
) -> Result<(Source, bool)> {
    if let Some(s) = ledger.find_source(name)? {
        return Ok((s, false));
    }
    let name = name.trim();
    check_name(name, "source name")?;
    if name.is_empty() {
        return Err(user(
            "a source name is empty; give who made the claim, e.g. --source \"Pentagon\"",
        ));
    }
    // One read of the names serves all three checks: the same name in another Unicode
    // form is the known source; a look-alike is refused even with --new-source (nobody
    // could tell the two apart); a near name is refused unless --new-source.
    let names = ledger.source_names()?;
    if let Some(id) = known_or_refused(&names, name, "source name")? {
        let source = ledger
            .find_source(&id.to_string())?
            .ok_or_else(|| anyhow::anyhow!("source {id} vanished while being looked up"))?;
        return Ok((source, false));
    }
    if !force {
        let names: Vec<String> = names.into_iter().map(|(_, n)| n).collect();
        let similar = similar_names(name, &names);
        if !similar.is_empty() {
            return Err(user(format!(
                "no source '{name}'{} Use that name, or add --new-source to record '{name}' as a new source",
                did_you_mean(&similar)
            )));
        }
    }
    let id = ledger.insert_source(&NewSource {
        name: name.to_string(),
        kind: SourceKind::Other,
        grade: None,
        notes: None,
        created_at: by.at.to_string(),
        created_by: by.who.to_string(),
    })?;
    let source = ledger
        .find_source(&id.to_string())?
        .ok_or_else(|| anyhow::anyhow!("source {id} vanished while being recorded"))?;
    Ok((source, true))
}

/// Refuses a name with line breaks or control characters.
pub fn check_name(name: &str, what: &str) -> Result<()> {
    if is_single_line(name) {
        Ok(())
    } else {
        Err(user(format!(
            "the {what} {name:?} contains a line break or control character; give it on one line"
        )))
    }
}

/// The article named `key`.
pub fn article(ledger: &mut dyn Ledger, key: &str) -> Result<Article> {
    ledger.find_article(key)?.ok_or_else(|| {
        user(format!(
            "no article '{key}'; `crosscheck article list` shows ids and slugs"
        ))
    })
}

/// The incident named `key`.
pub fn incident(ledger: &mut dyn Ledger, key: &str) -> Result<Incident> {
    ledger.find_incident(key)?.ok_or_else(|| {
        user(format!(
            "no incident '{key}'; `crosscheck incident list` shows ids and slugs"
        ))
    })
}

/// The claim with id `key`.
pub fn claim(ledger: &mut dyn Ledger, key: &str) -> Result<Claim> {
    let id = claim_id(key)?;
    ledger.get_claim(id)?.ok_or_else(|| no_claim(id))
}

/// The claim id `key` gives, as typed (`12` or `#12`).
pub fn claim_id(key: &str) -> Result<i64> {
    key.trim().trim_start_matches('#').parse().map_err(|_| {
        user(format!(
            "'{key}' is not a claim id; claims are numbered, `crosscheck claim list` shows them"
        ))
    })
}

/// The error for a claim id the ledger does not hold.
pub fn no_claim(id: i64) -> anyhow::Error {
    user(format!("no claim {id}; `crosscheck claim list` shows ids"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn near_names_are_suggested() {
        let known = names(&[
            "Syrian Observatory for Human Rights",
            "SOHR",
            "Pentagon",
            "local sources",
            "Reuters",
        ]);
        assert_eq!(similar_names("Pentagom", &known), vec!["Pentagon"]);
        assert_eq!(
            similar_names("Syrian Observatory", &known),
            vec!["Syrian Observatory for Human Rights"]
        );
        assert_eq!(similar_names("reuter", &known), vec!["Reuters"]);
        assert!(similar_names("White Helmets", &known).is_empty());
        assert!(similar_names("residents", &known).is_empty());
        assert!(similar_names("Local residents", &known).is_empty());
    }
}
