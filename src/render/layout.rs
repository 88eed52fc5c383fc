//! How a table fits a terminal. comfy-table wraps a cell wherever the column ends, so a
//! narrow terminal split `3283` into `32` / `83` and a URL across two lines, and it
//! wraps a long word by cutting one piece at a time off the front, which took seconds
//! for a 120,000-character source name. Here columns are sized so that a number, a date,
//! an id or a URL always fits whole, and each cell is wrapped in one pass over its text;
//! comfy-table then only pads and draws what it is given.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Words up to this width are never cut either (when the terminal has room for them), so
/// that `inconsistent` is not `inconsis` / `tent`; longer ones may be, at the column's end.
const WHOLE_WORD_WIDTH: usize = 16;

/// Whether a word must never be split across lines: anything holding a digit (numbers,
/// grouped numbers, dates, times, ids, versions), web addresses, and identifiers such as
/// slugs, metric names and statuses (`atme-raid`, `killed.us_personnel`, `in_progress`).
pub fn is_whole_token(word: &str) -> bool {
    word.bytes().any(|b| b.is_ascii_digit())
        || word.contains("://")
        || word.starts_with("www.")
        || is_identifier(word)
}

/// Lowercase ASCII words joined by `-`, `.` or `_` (punctuation after it aside).
fn is_identifier(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', ':', ')', '.']);
    word.bytes().any(|b| matches!(b, b'-' | b'.' | b'_'))
        && word
            .bytes()
            .all(|b| b.is_ascii_lowercase() || matches!(b, b'-' | b'.' | b'_'))
        && word.bytes().next().is_some_and(|b| b.is_ascii_lowercase())
}

/// The width a line takes on a terminal.
pub fn width(text: &str) -> usize {
    text.width()
}

/// One column's needs: the width of its widest line, and the narrowest it may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Needs {
    /// The width at which no cell of the column wraps.
    pub ideal: usize,
    /// The narrowest width that splits none of its whole tokens.
    pub floor: usize,
    /// The narrowest width that splits none of its words at all.
    pub longest_word: usize,
}

impl Needs {
    /// What a column holding `cells` (header included) needs; a `nowrap` column keeps
    /// every line whole.
    pub fn of<'a>(cells: impl IntoIterator<Item = &'a str>, nowrap: bool) -> Needs {
        let mut tally = Tally::default();
        for cell in cells {
            tally.add(cell);
        }
        tally.needs(nowrap)
    }
}

/// A column's needs counted one cell at a time, for a table whose rows are not all
/// held at once (see `render::Listing`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    ideal: usize,
    whole: usize,
    longest_word: usize,
}

impl Tally {
    /// Counts one cell.
    pub fn add(&mut self, cell: &str) {
        for line in cell.split('\n') {
            self.ideal = self.ideal.max(width(line));
            for word in line.split(' ') {
                let w = width(word);
                self.longest_word = self.longest_word.max(w);
                if is_whole_token(word) {
                    self.whole = self.whole.max(w);
                }
            }
        }
    }

    /// What the cells counted need; a `nowrap` column keeps every line whole.
    pub fn needs(self, nowrap: bool) -> Needs {
        let floor = if nowrap {
            self.ideal
        } else {
            self.whole.max(self.longest_word.min(WHOLE_WORD_WIDTH))
        };
        Needs {
            ideal: self.ideal,
            floor,
            longest_word: self.longest_word.max(floor),
        }
    }
}

/// The room `columns` columns leave for text in a line of `total` characters: every
/// cell is padded by a space each side, and the line's outer spaces are trimmed.
pub fn text_room(total: usize, columns: usize) -> usize {
    (total + 1).saturating_sub(2 * columns)
}

/// Whether a table whose columns need `needs` shows every word whole within `total`.
pub fn fits(needs: &[Needs], total: usize) -> bool {
    needs.iter().map(|n| n.longest_word).sum::<usize>() <= text_room(total, needs.len())
}

/// The width of each column in a line of `total` characters: as wide as its content when
/// everything fits; else every column at its floor and the room left shared out fairly
/// among the columns that want more. A table whose floors alone exceed the line is drawn
/// wider than the line rather than split a number.
pub fn widths(needs: &[Needs], total: usize) -> Vec<usize> {
    let room = text_room(total, needs.len());
    if needs.iter().map(|n| n.ideal).sum::<usize>() <= room {
        return needs.iter().map(|n| n.ideal).collect();
    }
    let mut widths: Vec<usize> = needs.iter().map(|n| n.floor).collect();
    let mut left = room.saturating_sub(widths.iter().sum());
    // Max-min fair: the columns that want least are satisfied first, each taking at most
    // an equal share of what is left, so one long text column cannot starve the others.
    let mut wanting: Vec<usize> = (0..needs.len())
        .filter(|&i| needs[i].ideal > widths[i])
        .collect();
    wanting.sort_by_key(|&i| needs[i].ideal - widths[i]);
    let count = wanting.len();
    for (k, i) in wanting.into_iter().enumerate() {
        let share = left / (count - k);
        let more = share.min(needs[i].ideal - widths[i]);
        widths[i] += more;
        left -= more;
    }
    widths
}

/// `text` wrapped to `limit` columns in one pass: lines break at spaces; a word longer
/// than the limit is cut only when it is not a whole token (a column's width is never
/// below its longest whole token, so those always fit).
pub fn wrap(text: &str, limit: usize) -> String {
    let limit = limit.max(1);
    let mut out = String::with_capacity(text.len() + 16);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if width(line) <= limit {
            out.push_str(line);
            continue;
        }
        let mut used = 0;
        let mut first = true;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            let w = width(word);
            if !first && used + 1 + w <= limit {
                out.push(' ');
                out.push_str(word);
                used += 1 + w;
                continue;
            }
            if !first {
                out.push('\n');
            }
            first = false;
            if w <= limit || is_whole_token(word) {
                out.push_str(word);
                used = w;
            } else {
                used = cut(word, limit, &mut out);
            }
        }
    }
    out
}

/// Writes `word` in pieces of at most `limit` columns, one per line; returns the width of
/// the last piece, which the next word may share.
fn cut(word: &str, limit: usize, out: &mut String) -> usize {
    let mut used = 0;
    for c in word.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > limit && used > 0 {
            out.push('\n');
            used = 0;
        }
        out.push(c);
        used += w;
    }
    used
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_dates_and_urls_stay_whole() {
        assert_eq!(
            wrap("killed 11,300 on 2023-09-14", 8),
            "killed\n11,300\non\n2023-09-14"
        );
        assert_eq!(
            wrap("see https://example.org/a/very/long/path", 10),
            "see\nhttps://example.org/a/very/long/path"
        );
        assert_eq!(wrap("abcdefghij klm", 4), "abcd\nefgh\nij\nklm");
        assert_eq!(
            wrap("us-special-forces-raid x", 6),
            "us-special-forces-raid\nx"
        );
        assert_eq!(wrap("killed.us_personnel", 6), "killed.us_personnel");
        assert!(!is_whole_token("Observatory") && !is_whole_token("kinderen."));
        assert_eq!(wrap("a\nbb cc", 3), "a\nbb\ncc");
    }

    #[test]
    fn columns_never_narrower_than_their_whole_tokens() {
        let needs = [
            Needs::of(["metric", "killed.children"], true),
            Needs::of(
                [
                    "Libyan Red Crescent",
                    "11,300",
                    "earlier: 5,000 (2023-09-12)",
                ],
                false,
            ),
            Needs::of(["spread", "1,234,567"], false),
        ];
        let w = widths(&needs, 40);
        assert_eq!(w[0], 15);
        assert!(w[1] >= 10 && w[2] >= 9, "{w:?}");
        assert!(!fits(&needs, 40));
        assert!(fits(&needs, 80));
        assert_eq!(widths(&needs, 200), vec![15, 27, 9]);
    }

    #[test]
    fn a_long_word_is_cut_in_one_pass() {
        let name = "x".repeat(100_000);
        let wrapped = wrap(&name, 50);
        assert_eq!(wrapped.lines().count(), 2_000);
        assert!(wrapped.lines().all(|l| l.len() == 50));
    }
}
