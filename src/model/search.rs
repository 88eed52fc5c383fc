//! What `search` does with words, apart from the database: a query is cut into plain
//! words (whatever it holds, it never reaches the database as syntax), and a hit's text
//! is shown as a short snippet around the words found, matched as both backends' indexes
//! match them: case and accents do not matter (`atme` finds `Atmé`).

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

use super::{Article, Claim};

/// The words of a query, as typed (accents and case kept; the index folds them).
/// Everything but letters and digits separates words, so quotes, `*`, `-` and brackets
/// are never syntax; `AND` and `OR` are words like any other.
pub fn words(query: &str) -> Vec<String> {
    let composed: String = query.nfc().collect();
    composed
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// A word as the indexes compare it: lowercase, accents removed.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ø' => 'o',
            'ł' => 'l',
            'đ' => 'd',
            'ı' => 'i',
            other => other,
        })
        .collect()
}

/// A piece of text around the words found, and where they are in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The text, with `…` where it was cut.
    pub text: String,
    /// Character offsets (start, end exclusive) of each word found, in `text`.
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// The snippet with each word found between `open` and `close`.
    pub fn marked(&self, open: &str, close: &str) -> String {
        let chars: Vec<char> = self.text.chars().collect();
        let mut out = String::new();
        let mut at = 0;
        for &(start, end) in &self.highlights {
            out.extend(&chars[at..start]);
            out.push_str(open);
            out.extend(&chars[start..end]);
            out.push_str(close);
            at = end;
        }
        out.extend(&chars[at..]);
        out
    }
}

/// The words of `text` with their character offsets.
fn spans(text: &str) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut start = None;
    let mut word = String::new();
    for (i, c) in text.chars().chain(std::iter::once(' ')).enumerate() {
        if c.is_alphanumeric() || (start.is_some() && is_combining_mark(c)) {
            start.get_or_insert(i);
            word.push(c);
        } else if let Some(s) = start.take() {
            out.push((s, i, std::mem::take(&mut word)));
        }
    }
    out
}

/// How many characters a snippet shows around the first word found.
const WIDTH: usize = 80;

/// A snippet of `text` around the first of `words` (folded) it contains, or `None` when
/// it contains none of them.
pub fn snippet(text: &str, words: &[String]) -> Option<Snippet> {
    let wanted: Vec<String> = words.iter().map(|w| fold(w)).collect();
    let found: Vec<(usize, usize)> = spans(text)
        .into_iter()
        .filter(|(_, _, w)| wanted.contains(&fold(w)))
        .map(|(s, e, _)| (s, e))
        .collect();
    let &(first, _) = found.first()?;
    let chars: Vec<char> = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    // A short text whole; a long one from a little before the first word, at a word
    // boundary, for WIDTH characters.
    let mut start = if chars.len() <= WIDTH {
        0
    } else {
        first.saturating_sub(WIDTH / 4)
    };
    while start > 0 && start < first && chars[start - 1] != ' ' {
        start += 1;
    }
    let mut end = (start + WIDTH).min(chars.len());
    while end < chars.len() && end > first && chars[end - 1] != ' ' && chars[end] != ' ' {
        end -= 1;
    }
    let prefix = if start > 0 { "…" } else { "" };
    let suffix = if end < chars.len() { "…" } else { "" };
    let shift = prefix.chars().count();
    let body: String = chars[start..end].iter().collect();
    let highlights = found
        .into_iter()
        .filter(|&(s, e)| s >= start && e <= end)
        .map(|(s, e)| (s - start + shift, e - start + shift))
        .collect();
    Some(Snippet {
        text: format!("{prefix}{body}{suffix}"),
        highlights,
    })
}

/// The share (0 to 1) of `new`'s significant words (four letters or more) that `old`
/// also has: how close an earlier claim's text is to a new one.
pub fn overlap(new: &str, old: &str) -> f64 {
    let significant = |text: &str| -> Vec<String> {
        let mut w: Vec<String> = words(text)
            .iter()
            .filter(|w| w.chars().count() >= 4)
            .map(|w| fold(w))
            .collect();
        w.sort();
        w.dedup();
        w
    };
    let new = significant(new);
    if new.is_empty() {
        return 0.0;
    }
    let old = significant(old);
    let shared = new.iter().filter(|w| old.contains(w)).count();
    shared as f64 / new.len() as f64
}

/// The significant words of a text (four letters or more), for finding close texts.
pub fn significant_words(text: &str) -> Vec<String> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for w in words(text) {
        let key = fold(&w);
        if w.chars().count() >= 4 && !seen.contains(&key) {
            seen.push(key);
            out.push(w);
        }
    }
    out
}

/// A claim found, with where its words were found.
pub struct ClaimFound {
    /// The claim.
    pub claim: Claim,
    /// The engine's relevance.
    pub score: f64,
    /// Which of its texts the snippet is from: text, quote, translation or note.
    pub field: &'static str,
    /// The snippet.
    pub snippet: Snippet,
}

/// An article found.
pub struct ArticleFound {
    /// The article.
    pub article: Article,
    /// The engine's relevance.
    pub score: f64,
    /// title or body.
    pub field: &'static str,
    /// The snippet.
    pub snippet: Snippet,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_characters_are_separators() {
        assert_eq!(
            words(r#""Atmé" AND (raid* -dead)"#),
            ["Atmé", "AND", "raid", "dead"]
        );
        assert!(words(r#" " * ( ) - "#).is_empty());
    }

    #[test]
    fn folding_ignores_case_and_accents() {
        assert_eq!(fold("Atmé"), "atme");
        assert_eq!(fold("GEÏNFORMEERD"), "geinformeerd");
        assert_eq!(fold("Łódź"), "lodz");
    }

    #[test]
    fn a_snippet_marks_the_words_found() {
        let s = snippet("Raid in Atmé: 13 dead in Atme", &["atme".to_string()]).expect("found");
        assert_eq!(s.text, "Raid in Atmé: 13 dead in Atme");
        assert_eq!(s.marked("«", "»"), "Raid in «Atmé»: 13 dead in «Atme»");
        assert_eq!(s.highlights, [(8, 12), (25, 29)]);
        assert!(snippet("nothing here", &["atme".to_string()]).is_none());
    }

    #[test]
    fn a_long_text_is_cut_around_the_first_word() {
        let text = format!("{} Atmé {}", "word ".repeat(40), "more ".repeat(40));
        let s = snippet(&text, &["atme".to_string()]).expect("found");
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert!(s.marked("«", "»").contains("«Atmé»"), "{}", s.text);
        assert!(s.text.chars().count() <= WIDTH + 2);
    }

    #[test]
    fn overlap_counts_shared_long_words() {
        assert_eq!(
            overlap("13 killed in Atmé raid", "Atme raid: 13 killed"),
            1.0
        );
        assert_eq!(overlap("13 killed in Atmé raid", "nothing alike"), 0.0);
    }
}
