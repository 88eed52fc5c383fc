//! Finding a quote in an article's text as people paste it. A quote copied from a
//! browser, a PDF or a chat often differs from the stored text only in its typography:
//! straight against curly quotation marks and apostrophes, a hyphen against a dash, one
//! space against a line break or a no-break space. Those differences are forgiven, and
//! the quote is recorded as the article has it, so that the quote and its offsets always
//! agree. A quote that is truly not there is refused, with the nearest passage offered.

/// Where a quote was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// Character offsets (Unicode scalar values, end exclusive) in the body.
    pub span: (i64, i64),
    /// How many times it occurs (compared the same way as it was found).
    pub occurrences: usize,
    /// The words as the body has them, when they differ from the quote given.
    pub as_in_body: Option<String>,
}

/// Finds `quote` in `body`: exactly, or else forgiving typographic quotes, apostrophes,
/// dashes and runs of whitespace. `None` when it is not there either way.
pub fn locate(body: &str, quote: &str) -> Option<Located> {
    if let Some(byte_start) = body.find(quote) {
        let start = body[..byte_start].chars().count() as i64;
        let end = start + quote.chars().count() as i64;
        return Some(Located {
            span: (start, end),
            occurrences: body.match_indices(quote).count(),
            as_in_body: None,
        });
    }
    let body_chars: Vec<char> = body.chars().collect();
    let (folded_body, origin) = fold(&body_chars);
    let quote_chars: Vec<char> = quote.trim().chars().collect();
    let (folded_quote, _) = fold(&quote_chars);
    if folded_quote.is_empty() {
        return None;
    }
    let matches = find_all(&folded_body, &folded_quote);
    let first = *matches.first()?;
    let last = first + folded_quote.len() - 1;
    let start = origin[first];
    let end = origin[last] + 1;
    let as_in_body: String = body_chars[start..end].iter().collect();
    Some(Located {
        span: (start as i64, end as i64),
        occurrences: matches.len(),
        as_in_body: Some(as_in_body),
    })
}

/// The passage of `body` nearest to `quote`, for a "did you mean" when it is not found:
/// the stretch with the fewest edits from the quote (after the same folding as
/// [`locate`], ignoring case), widened to whole words, when it is near enough to be
/// worth showing. Bodies past a million characters are not searched, to stay fast.
pub fn nearest(body: &str, quote: &str) -> Option<String> {
    let body_chars: Vec<char> = body.chars().collect();
    if body_chars.len() > 1_000_000 {
        return None;
    }
    let (folded_body, origin) = fold(&body_chars);
    let lower = |chars: &[char]| -> Vec<char> {
        chars
            .iter()
            .flat_map(|c| c.to_lowercase())
            .collect::<Vec<_>>()
    };
    // Lowercasing may change the length of a few characters; keep the map aligned by
    // lowercasing one to one where it does not.
    let folded_body: Vec<char> = folded_body
        .iter()
        .map(|c| {
            let l = lower(&[*c]);
            if l.len() == 1 {
                l[0]
            } else {
                *c
            }
        })
        .collect();
    let quote_chars: Vec<char> = quote.trim().chars().collect();
    let (folded_quote, _) = fold(&quote_chars);
    let folded_quote: Vec<char> = folded_quote
        .iter()
        .map(|c| {
            let l = lower(&[*c]);
            if l.len() == 1 {
                l[0]
            } else {
                *c
            }
        })
        .collect();
    let m = folded_quote.len();
    if m < 3 || folded_body.is_empty() {
        return None;
    }
    // Semi-global edit distance (Sellers): the quote against any stretch of the body,
    // keeping where the best stretch starts.
    let mut cost: Vec<usize> = (0..=m).collect();
    let mut from: Vec<usize> = vec![0; m + 1];
    let mut best = (usize::MAX, 0, 0);
    for (j, &b) in folded_body.iter().enumerate() {
        let mut diagonal_cost = cost[0];
        let mut diagonal_from = from[0];
        cost[0] = 0;
        from[0] = j + 1;
        for i in 1..=m {
            let substitute = diagonal_cost + usize::from(folded_quote[i - 1] != b);
            let delete = cost[i] + 1;
            let insert = cost[i - 1] + 1;
            let (next_cost, next_from) = if substitute <= delete && substitute <= insert {
                (substitute, diagonal_from)
            } else if insert <= delete {
                (insert, from[i - 1])
            } else {
                (delete, from[i])
            };
            diagonal_cost = cost[i];
            diagonal_from = from[i];
            cost[i] = next_cost;
            from[i] = next_from;
        }
        if cost[m] < best.0 {
            best = (cost[m], from[m], j + 1);
        }
    }
    let (distance, start, end) = best;
    // More than a third of the quote changed: not the same passage.
    if distance * 3 > m || start >= end {
        return None;
    }
    let mut start = origin[start];
    let mut end = origin[end - 1] + 1;
    while start > 0 && body_chars[start - 1].is_alphanumeric() {
        start -= 1;
    }
    while end < body_chars.len() && body_chars[end].is_alphanumeric() {
        end += 1;
    }
    Some(body_chars[start..end].iter().collect())
}

/// The text with typographic variants made one and whitespace runs made one space,
/// with, for each character kept, the index of the character it came from.
fn fold(chars: &[char]) -> (Vec<char>, Vec<usize>) {
    let mut folded = Vec::with_capacity(chars.len());
    let mut origin = Vec::with_capacity(chars.len());
    let mut in_space = false;
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            if !in_space {
                folded.push(' ');
                origin.push(i);
            }
            in_space = true;
            continue;
        }
        in_space = false;
        folded.push(plain(c));
        origin.push(i);
    }
    (folded, origin)
}

/// One form for the characters that look alike in print.
fn plain(c: char) -> char {
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '`'
        | '\u{00B4}' => '\'',
        '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' | '\u{00AB}'
        | '\u{00BB}' | '\u{2039}' | '\u{203A}' => '"',
        '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
        | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => '-',
        '\u{2026}' => '…',
        other => other,
    }
}

/// Every position where `needle` occurs in `haystack`, overlapping ones included.
fn find_all(haystack: &[char], needle: &[char]) -> Vec<usize> {
    if needle.len() > haystack.len() {
        return Vec::new();
    }
    (0..=haystack.len() - needle.len())
        .filter(|&i| haystack[i..i + needle.len()] == *needle)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_quotes_are_located_in_characters() {
        let body = "De “missie” was succesvol, zegt één woordvoerder. De missie.";
        let found = locate(body, "één woordvoerder").expect("found");
        assert_eq!(found.span, (32, 48));
        assert_eq!(found.occurrences, 1);
        assert_eq!(found.as_in_body, None);
        assert_eq!(locate(body, "missie").map(|l| l.occurrences), Some(2));
    }

    #[test]
    fn typography_and_whitespace_are_forgiven_and_the_body_kept() {
        let body =
            "Libya\u{2019}s eastern city \u{2014} hit hard \u{201C}by\u{A0}the\nflood\u{201D}.";
        let found =
            locate(body, "Libya's eastern city - hit hard \"by the flood\"").expect("found");
        let chars: Vec<char> = body.chars().collect();
        let shown: String = chars[found.span.0 as usize..found.span.1 as usize]
            .iter()
            .collect();
        assert_eq!(found.as_in_body.as_deref(), Some(shown.as_str()));
        assert_eq!(
            shown,
            "Libya\u{2019}s eastern city \u{2014} hit hard \u{201C}by\u{A0}the\nflood\u{201D}"
        );
        assert_eq!(found.occurrences, 1);
    }

    #[test]
    fn other_words_are_not_forgiven() {
        let body = "Dertien doden, onder wie vier kinderen.";
        assert_eq!(locate(body, "Dertien doden, onder wie zes kinderen"), None);
        assert_eq!(locate(body, "   "), None);
    }

    #[test]
    fn the_nearest_passage_is_offered_in_whole_words() {
        let body =
            "The ministry said at least 11,300 people had died in Derna, and 10,100 were missing.";
        assert_eq!(
            nearest(body, "at least 11,000 people had died").as_deref(),
            Some("at least 11,300 people had died")
        );
        assert_eq!(nearest(body, "the mayor resigned on Tuesday evening"), None);
    }
}
