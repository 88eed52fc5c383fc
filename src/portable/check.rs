//! What the command line would refuse, refused in an imported row too. An export is a
//! text file that anyone can edit, so `import` cannot take its fields on trust: a time
//! that is not a time, a name with a control character in it, an alias with an invisible
//! one, an article body whose digest is not its own. Each field is held to the rule that
//! the command writing it applies (the same parser for dates and times, the same name,
//! slug, URL and language rules), so a ledger made by `import` holds nothing that the
//! commands could not have written. Pure: one row in, the first broken rule out, as a
//! "column …: why" message that the reader places at its file and line.

use anyhow::Result;

use crate::clock;
use crate::error::user;
use crate::model::names::hidden_character;
use crate::model::{
    body_sha256, is_single_line, is_url, is_valid_language, is_valid_slug, MAX_BODY_BYTES,
};
use crate::store::{PortableRow, EXPORT_FORMAT};

/// Checks every field of `row` as the command that writes it would.
pub fn row(row: &PortableRow) -> Result<()> {
    match row {
        PortableRow::Source(s) => {
            name("name", &s.name, true)?;
            time("created_at", &s.created_at)
        }
        PortableRow::Alias { alias, .. } => name("name", alias, true),
        PortableRow::Article(a) => {
            slug("slug", &a.slug)?;
            name("title", &a.title, false)?;
            if let Some(outlet) = &a.outlet {
                name("outlet", outlet, false)?;
            }
            if let Some(url) = &a.url {
                address("url", url)?;
            }
            if let Some(lang) = &a.lang {
                if !is_valid_language(lang) {
                    return Err(user(format!(
                        "column lang: '{lang}' is not a BCP-47 language tag such as nl, en or en-GB"
                    )));
                }
            }
            if let Some(published) = &a.published_at {
                date("published_at", published)?;
            }
            body(a.body.as_deref(), a.body_sha256.as_deref())?;
            time("created_at", &a.created_at)
        }
        PortableRow::Incident(i) => {
            slug("slug", &i.slug)?;
            name("title", &i.title, false)?;
            if let Some(d) = &i.date {
                date("date", d)?;
            }
            if let Some(place) = &i.place {
                name("place", place, false)?;
            }
            time("created_at", &i.created_at)
        }
        PortableRow::Claim(c) => {
            if c.text.trim().is_empty() {
                return Err(user("column text is empty, and a claim needs its text"));
            }
            if let Some((start, end)) = c.quote_span {
                if start < 0 || end < start {
                    return Err(user(format!(
                        "columns quote_start and quote_end: {start}..{end} is not a span of the article's text"
                    )));
                }
            }
            if let Some(key) = c.claim_key {
                if key < 1 || key >= c.id {
                    return Err(user(format!(
                        "column claim_key: {key} is not an earlier claim's id, and a claim's later version shares its first version's id as key"
                    )));
                }
            }
            date("as_of", &c.as_of)?;
            time("created_at", &c.created_at)?;
            who("created_by", &c.created_by)
        }
        PortableRow::Figure { .. } => Ok(()),
        PortableRow::Change(c, h) => {
            hash("hash", &h.hash, true)?;
            who("who", &c.who)?;
            time("at", &c.at)
        }
        PortableRow::Evidence(e, h) => {
            hash("hash", &h.hash, true)?;
            // An erased URL holds its erasure's marker; the record checks it.
            if !e.url.starts_with("[erased on ") {
                address("url", &e.url)?;
            }
            who("who", &e.who)?;
            time("at", &e.at)
        }
        PortableRow::Format(version) => {
            if !(1..=EXPORT_FORMAT).contains(version) {
                return Err(user(format!(
                    "column version: this export is of format {version}, and this crosscheck reads formats 1 to {EXPORT_FORMAT}; import it with a newer crosscheck"
                )));
            }
            Ok(())
        }
        PortableRow::Correction(k) => {
            if !crate::model::record::CORRECTABLE.contains(&(k.target.as_str(), k.field.as_str())) {
                return Err(user(format!(
                    "columns target and field: a correction puts right a status_change's note or an evidence's url, stance or note, not a {}'s {}",
                    k.target, k.field
                )));
            }
            who("who", &k.who)?;
            time("at", &k.at)
        }
        PortableRow::Erasure(x) => {
            if !crate::model::record::ERASABLE.contains(&(x.table.as_str(), x.field.as_str())) {
                return Err(user(format!(
                    "columns target and field: the {} of a {} cannot be erased",
                    x.field, x.table
                )));
            }
            hash("digest", &x.digest, false)?;
            if let Some(pinned) = &x.pinned {
                hash("hash", pinned, false)?;
            }
            who("who", &x.who)?;
            time("at", &x.at)
        }
        PortableRow::Entry(e) => {
            if crate::model::record::Kind::parse(&e.kind).is_none() {
                return Err(user(format!(
                    "column kind: '{}' is not a kind of entry of the record",
                    e.kind
                )));
            }
            if e.chain < 0 || e.seq < 1 {
                return Err(user(format!(
                    "columns chain and seq: {} and {} are not a place in the record (chain 0 or more, seq 1 or more)",
                    e.chain, e.seq
                )));
            }
            hash("hash", &e.hash, false)?;
            who("who", &e.who)?;
            time("at", &e.at)
        }
        PortableRow::Setting(x) => {
            crate::model::review::check_setting(&x.name, &x.value)
                .map_err(|e| user(format!("columns name and value: {e}")))?;
            who("who", &x.who)?;
            time("at", &x.at)
        }
        PortableRow::Review(v) => {
            who("who", &v.who)?;
            time("at", &v.at)
        }
        PortableRow::Assignment(a) => {
            if let Some(assignee) = &a.assignee {
                who("name", assignee)?;
            }
            who("who", &a.who)?;
            time("at", &a.at)
        }
        PortableRow::Seal { .. } => Ok(()),
    }
}

/// A stored hash or digest: 64 lowercase hex digits (or, where `may_be_empty`, nothing:
/// a history row without its hash is refused later, with its own message).
fn hash(column: &str, value: &str, may_be_empty: bool) -> Result<()> {
    if value.is_empty() && may_be_empty {
        return Ok(());
    }
    if value.len() != 64
        || !value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    {
        return Err(user(format!(
            "column {column}: {value:?} is not a SHA-256 in hex (64 digits 0-9, a-f)"
        )));
    }
    Ok(())
}

/// A name or title: one line, no blanks around it, not empty; a name that identifies a
/// source (`strict`) also without invisible characters, which titles may need (Arabic
/// and Hebrew direction marks).
fn name(column: &str, value: &str, strict: bool) -> Result<()> {
    if value.trim().is_empty() {
        return Err(user(format!("column {column} is empty")));
    }
    if !is_single_line(value) {
        return Err(user(format!(
            "column {column}: {value:?} contains a line break or control character, which the command line refuses"
        )));
    }
    if value.trim() != value {
        return Err(user(format!(
            "column {column}: {value:?} has blanks around it, which the command line trims"
        )));
    }
    if strict {
        if let Some(c) = hidden_character(value) {
            return Err(user(format!(
                "column {column}: {value:?} contains the invisible character U+{:04X}, which the command line refuses in a source's name or alias",
                c as u32
            )));
        }
    }
    Ok(())
}

/// Who acted: one line, as `--by` must be.
fn who(column: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        return Err(user(format!(
            "column {column} is empty; the history names who acted"
        )));
    }
    if !is_single_line(value) {
        return Err(user(format!(
            "column {column}: {value:?} contains a line break or control character, which could forge a line of the history"
        )));
    }
    Ok(())
}

fn slug(column: &str, value: &str) -> Result<()> {
    if is_valid_slug(value) {
        Ok(())
    } else {
        Err(user(format!(
            "column {column}: '{value}' is not a slug (lowercase letters, digits and single dashes, not only digits)"
        )))
    }
}

fn address(column: &str, value: &str) -> Result<()> {
    if is_url(value) {
        Ok(())
    } else {
        Err(user(format!(
            "column {column}: {value:?} is not a URL (a scheme such as https:, then no blanks)"
        )))
    }
}

/// A date or time as the ledger stores it: what [`clock::parse_when`] returns for it.
fn date(column: &str, value: &str) -> Result<()> {
    match clock::parse_when(value) {
        Ok(stored) if stored == value => Ok(()),
        Ok(stored) => Err(user(format!(
            "column {column}: '{value}' is not in the form the ledger stores ('{stored}')"
        ))),
        Err(why) => Err(user(format!("column {column}: {why}"))),
    }
}

/// A moment, as the ledger stores one: `YYYY-MM-DDTHH:MM:SSZ`.
fn time(column: &str, value: &str) -> Result<()> {
    date(column, value)?;
    if value.len() == 20 {
        Ok(())
    } else {
        Err(user(format!(
            "column {column}: '{value}' is a date, and a moment is stored as YYYY-MM-DDTHH:MM:SSZ"
        )))
    }
}

/// An article's text: at most [`MAX_BODY_BYTES`], and its digest its own.
fn body(body: Option<&str>, digest: Option<&str>) -> Result<()> {
    match (body, digest) {
        (None, None) => Ok(()),
        (Some(b), _) if b.len() as u64 > MAX_BODY_BYTES => Err(user(format!(
            "column body: the text is longer than {} MB, the most one article holds",
            MAX_BODY_BYTES / (1024 * 1024)
        ))),
        (Some(b), Some(d)) if body_sha256(b) == d => Ok(()),
        (Some(_), Some(_)) => Err(user(
            "column body_sha256 is not the SHA-256 of the body: the text or its digest was changed after export",
        )),
        (Some(_), None) => Err(user(
            "column body_sha256 is empty, and an article with a body carries its SHA-256",
        )),
        (None, Some(_)) => Err(user(
            "column body is empty, and body_sha256 names a text; the body was removed after export",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_held_to_the_stored_form() {
        assert!(time("at", "2022-02-03T12:00:00Z").is_ok());
        for bad in [
            "not a time",
            "2022-02-03",
            "2022-02-03T12:00Z",
            "2022-02-03T13:00:00+01:00",
        ] {
            assert!(time("at", bad).is_err(), "{bad}");
        }
        assert!(date("published_at", "2022-02").is_ok());
        assert!(date("published_at", "2022-02-30").is_err());
    }

    #[test]
    fn names_refuse_what_the_command_line_refuses() {
        assert!(name("name", "Pentagon", true).is_ok());
        assert!(name("name", "Pen\u{7}tagon", true).is_err());
        assert!(name("name", "Pen\u{200b}tagon", true).is_err());
        assert!(name("title", "\u{200f}عنوان", false).is_ok());
        assert!(name("name", " Pentagon", true).is_err());
        assert!(who("who", "\u{7}").is_err());
        assert!(who("who", "m.haddad\n2022-01-01 admin").is_err());
    }

    #[test]
    fn a_body_carries_its_own_digest() {
        let digest = body_sha256("text");
        assert!(body(Some("text"), Some(&digest)).is_ok());
        assert!(body(Some("text"), Some(&"0".repeat(64))).is_err());
        assert!(body(Some("text"), None).is_err());
        assert!(body(None, Some(&digest)).is_err());
    }
}
