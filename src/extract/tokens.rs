//! Tokenizer and sentence splitter for the extractor.
//!
//! Everything downstream works on tokens that carry byte offsets into the
//! original text, so that quotes and figure spans can always be cut back out
//! of the caller's string without re-searching it, and so that no code ever
//! slices a `&str` at a position that is not a char boundary: every offset
//! stored here comes from `char_indices`-style walking.

use std::ops::Range;

/// What a token is; decides which lexicon tables are consulted for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters (and digits after a first letter), with inner apostrophes: "zo'n", "F16".
    Word,
    /// ASCII digits with inner `.`, `,`, `:` or group spaces: "1.200", "2,5", "14:30".
    Number,
    /// Any other single non-space character.
    Punct,
}

/// One token with its byte span in the original text.
#[derive(Debug, Clone)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Lower-cased text with typographic apostrophes folded to `'`, used for
    /// all lexicon look-ups so the tables only need one spelling.
    pub lower: String,
    /// True when whitespace (or an invisible format character) separates this
    /// token from the previous one; "13th" and "12-jarige" are told apart from
    /// "13 people" by this flag.
    pub space_before: bool,
    /// True when a line break precedes the token: paragraphs and headlines
    /// often lack a final full stop, so a newline always ends a sentence.
    pub newline_before: bool,
    /// True when the first character is upper case (names, sentence starts).
    pub upper_initial: bool,
    /// True for a word of two or more letters all in capitals: an acronym
    /// ("US", "UN", "AFP"), never a function word.
    pub acronym: bool,
}

impl Token {
    pub fn is(&self, s: &str) -> bool {
        self.lower == s
    }
}

/// Characters that are invisible in running text (bidi marks, zero-width
/// spaces, BOM, soft hyphen). They are treated like spaces so that an RTL mark
/// pasted from a web page does not glue or split tokens.
fn is_ignorable(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '\u{2019}' | '\u{02BC}')
}

/// Spaces used as thousands separators in typeset text ("1 200").
fn is_group_space(c: char) -> bool {
    matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}')
}

fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}')
}

fn char_at(text: &str, pos: usize) -> Option<char> {
    text.get(pos..).and_then(|s| s.chars().next())
}

/// Number of consecutive ASCII digits starting at `pos`.
fn digit_run(text: &str, pos: usize) -> usize {
    text.as_bytes()
        .get(pos..)
        .map(|b| b.iter().take_while(|c| c.is_ascii_digit()).count())
        .unwrap_or(0)
}

/// Elided words that end in an apostrophe and are glued to the next word in
/// French ("l'explosion", "qu'il", "jusqu'à"): split off so that "l'" is an
/// article and "jusqu'à" two tokens whatever follows.
fn is_elision(prefix: &str) -> bool {
    let p = prefix.to_lowercase();
    p.chars().count() == 1 || matches!(p.as_str(), "qu" | "jusqu" | "lorsqu" | "puisqu")
}

/// Splits `text` into tokens. Never panics: every offset is advanced by the
/// UTF-8 length of the character just read.
pub(crate) fn tokenize(text: &str) -> Vec<Token> {
    tokenize_with(text, false)
}

/// Like [`tokenize`]; with `space_groups`, a plain space between digit groups
/// ("20 000") is read as a thousands separator, as French and German set it.
pub(crate) fn tokenize_with(text: &str, space_groups: bool) -> Vec<Token> {
    let mut out: Vec<Token> = Vec::with_capacity(text.len() / 5 + 1);
    let mut pos = 0usize;
    let mut space = true;
    let mut newline = true;
    while let Some(c) = char_at(text, pos) {
        if c.is_whitespace() || c.is_control() || is_ignorable(c) {
            space = true;
            if c == '\n' || c == '\u{2029}' || c == '\u{2028}' {
                newline = true;
            }
            pos += c.len_utf8();
            continue;
        }
        let start = pos;
        let kind;
        if c.is_ascii_digit() {
            kind = Kind::Number;
            pos += digit_run(text, pos);
            loop {
                match char_at(text, pos) {
                    Some(sep @ ('.' | ',' | ':')) => {
                        let n = digit_run(text, pos + sep.len_utf8());
                        if n == 0 {
                            break;
                        }
                        pos += sep.len_utf8() + n;
                    }
                    Some(sep) if is_group_space(sep) || (space_groups && sep == ' ') => {
                        // Only a run of exactly three digits after the space
                        // is a thousands group; "13 200-jarigen" stays apart.
                        let after = pos + sep.len_utf8();
                        let n = digit_run(text, after);
                        let next_is_alnum =
                            char_at(text, after + n).is_some_and(|d| d.is_alphanumeric());
                        // A plain space only joins after a first group of one to three digits.
                        let plain_ok =
                            sep != ' ' || pos - start <= 3 || text[start..pos].contains(' ');
                        if n != 3 || next_is_alnum || !plain_ok {
                            break;
                        }
                        pos = after + n;
                    }
                    _ => break,
                }
            }
        } else if c.is_alphabetic() {
            kind = Kind::Word;
            pos += c.len_utf8();
            while let Some(d) = char_at(text, pos) {
                let inner_apostrophe = is_apostrophe(d)
                    && char_at(text, pos + d.len_utf8()).is_some_and(|e| e.is_alphabetic());
                if inner_apostrophe && is_elision(&text[start..pos]) {
                    // "l'": the apostrophe ends the token.
                    pos += d.len_utf8();
                    break;
                }
                if d.is_alphanumeric() || is_combining(d) || inner_apostrophe {
                    pos += d.len_utf8();
                } else {
                    break;
                }
            }
        } else {
            kind = Kind::Punct;
            pos += c.len_utf8();
        }
        let raw = &text[start..pos];
        let lower = match kind {
            Kind::Word => raw
                .chars()
                .map(|ch| if is_apostrophe(ch) { '\'' } else { ch })
                .flat_map(char::to_lowercase)
                .collect(),
            _ => raw.to_string(),
        };
        let acronym = kind == Kind::Word
            && raw.chars().filter(|ch| ch.is_alphabetic()).count() >= 2
            && raw
                .chars()
                .filter(|ch| ch.is_alphabetic())
                .all(char::is_uppercase);
        out.push(Token {
            start,
            end: pos,
            kind,
            lower,
            space_before: space,
            newline_before: newline,
            upper_initial: c.is_uppercase(),
            acronym,
        });
        space = false;
        newline = false;
    }
    out
}

/// Lower-cased token strings of a lexicon phrase, tokenized exactly like the
/// text so that "u.s. troops" and "zo'n" match however they are split.
pub(crate) fn phrase_tokens(phrase: &str) -> Vec<String> {
    let mut out: Vec<String> = tokenize(phrase).into_iter().map(|t| t.lower).collect();
    // An elided word at the end of a table entry ("d'") stands alone there,
    // but in running text it is glued to the next word and kept whole.
    if out.len() >= 2 && out.last().is_some_and(|l| l == "'" || l == "’") {
        out.pop();
        if let Some(w) = out.last_mut() {
            w.push('\'');
        }
    }
    out
}

fn is_terminator(t: &Token) -> bool {
    t.kind == Kind::Punct && matches!(t.lower.as_str(), "." | "!" | "?" | "…")
}

fn is_closer(t: &Token) -> bool {
    t.kind == Kind::Punct && matches!(t.lower.as_str(), "\"" | "'" | "”" | "’" | "»" | ")" | "]")
}

fn starts_sentence(t: &Token) -> bool {
    match t.kind {
        Kind::Number => true,
        Kind::Word => t.upper_initial,
        // Opening quotes, dashes and brackets commonly start a new sentence.
        Kind::Punct => !matches!(t.lower.as_str(), "," | ";" | ":" | ")" | "."),
    }
}

/// Splits the token stream into sentences (token index ranges). A sentence
/// ends at `.`, `!`, `?` or `…` (plus any closing quotes glued to it) when the
/// next token starts with a capital, digit or opening quote, and at every line
/// break. A full stop after a single letter ("U.S.", initials) or a listed
/// abbreviation does not end a sentence, nor one after a day before its month
/// ("19. Januar").
pub(crate) fn sentences(
    tokens: &[Token],
    is_abbreviation: impl Fn(&str) -> bool,
    is_month: impl Fn(&Token) -> bool,
) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut begin = 0usize;
    let mut i = 0usize;
    while i < tokens.len() {
        if i > begin && tokens[i].newline_before {
            out.push(begin..i);
            begin = i;
        }
        if is_terminator(&tokens[i]) {
            let mut j = i + 1;
            while j < tokens.len() && is_closer(&tokens[j]) && !tokens[j].space_before {
                j += 1;
            }
            // A single letter glued to a word by a hyphen ends that word
            // ("Tochka-U."), it is no initial.
            let hyphenated = i >= 2 && tokens[i - 2].is("-") && !tokens[i - 1].space_before;
            let abbreviation = tokens[i].is(".")
                && i > 0
                && !tokens[i].space_before
                && tokens[i - 1].kind == Kind::Word
                && ((tokens[i - 1].lower.chars().count() == 1 && !hyphenated)
                    || is_abbreviation(&tokens[i - 1].lower));
            // "am 19. Januar": a German ordinal day before its month.
            let ordinal_date = tokens[i].is(".")
                && i > 0
                && !tokens[i].space_before
                && tokens[i - 1].kind == Kind::Number
                && tokens.get(j).is_some_and(&is_month);
            let boundary = match tokens.get(j) {
                None => true,
                Some(_) if ordinal_date => false,
                Some(next) => {
                    next.newline_before
                        || (next.space_before && !abbreviation && starts_sentence(next))
                }
            };
            if boundary {
                out.push(begin..j);
                begin = j;
                i = j;
                continue;
            }
        }
        i += 1;
    }
    if begin < tokens.len() {
        out.push(begin..tokens.len());
    }
    // Per-sentence work is quadratic in the worst case (every number looks at
    // every casualty word), so run-on "sentences" (tables, scraped lists, text
    // without punctuation) are cut into bounded pieces.
    out.into_iter()
        .flat_map(|r| {
            (r.start..r.end)
                .step_by(MAX_SENTENCE_TOKENS)
                .map(move |a| a..(a + MAX_SENTENCE_TOKENS).min(r.end))
        })
        .collect()
}

/// Longest sentence processed as one unit; real sentences are far shorter.
const MAX_SENTENCE_TOKENS: usize = 400;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_separators_and_split_suffixes() {
        let t = tokenize("1.200 en 2,5 miljoen; 13th 12-jarige 1\u{a0}200 mensen");
        let texts: Vec<&str> = t.iter().map(|t| t.lower.as_str()).collect();
        assert_eq!(
            texts,
            [
                "1.200",
                "en",
                "2,5",
                "miljoen",
                ";",
                "13",
                "th",
                "12",
                "-",
                "jarige",
                "1\u{a0}200",
                "mensen"
            ]
        );
        assert!(!t[6].space_before);
    }

    #[test]
    fn curly_apostrophe_inside_word() {
        let t = tokenize("zo’n 20 “doden”");
        assert_eq!(t[0].lower, "zo'n");
        assert_eq!(&"zo’n 20 “doden”"[t[0].start..t[0].end], "zo’n");
    }

    #[test]
    fn sentence_split_respects_abbreviations() {
        let text = "U.S. troops left. Then 13 died. Mr. Smith said so.\nHeadline without stop";
        let t = tokenize(text);
        let s = sentences(&t, |w| w == "mr", |_| false);
        let quotes: Vec<&str> = s
            .iter()
            .map(|r| &text[t[r.start].start..t[r.end - 1].end])
            .collect();
        assert_eq!(
            quotes,
            [
                "U.S. troops left.",
                "Then 13 died.",
                "Mr. Smith said so.",
                "Headline without stop"
            ]
        );
    }
}
