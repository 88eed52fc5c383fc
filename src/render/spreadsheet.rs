//! CSV as a spreadsheet reads it. A cell that starts with `=`, `+`, `-` or `@` is taken
//! for a formula when the file is opened, so a claim text such as `=HYPERLINK(…)` would
//! run on a colleague's machine. Every CSV crosscheck writes (`--format csv` of any
//! command, and `export`) goes through the one guard here, and `import` undoes it here.

/// A cell made safe to open in a spreadsheet. A cell that starts with `=`, `+`, `-`, `@`,
/// a tab or a carriage return would be read as a formula, so it gets a leading `'`, as
/// OWASP advises; so does a cell that already starts with `'`, so that import can take
/// exactly one `'` off every cell that starts with one and get the text back unchanged.
pub fn neutralise_formula(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r' | '\'') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// The inverse of [`neutralise_formula`].
pub fn restore_formula(cell: &str) -> &str {
    cell.strip_prefix('\'').unwrap_or(cell)
}

/// A table cell as CSV writes it: a plain number (`-3`, `0.85`) as it is, since a
/// spreadsheet reads it as the number it is and a `'` would turn it into text; any
/// other cell through [`neutralise_formula`].
pub fn table_cell(cell: &str) -> String {
    if is_plain_number(cell) {
        cell.to_string()
    } else {
        neutralise_formula(cell)
    }
}

/// Digits, with an optional leading minus and an optional decimal part.
fn is_plain_number(cell: &str) -> bool {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let (whole, fraction) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && fraction.is_none_or(all_digits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised_and_restored() {
        for text in [
            "=1+1", "+31 20", "-5", "@SUM(A1)", "\tx", "\rx", "'quoted", "plain", "",
        ] {
            let cell = neutralise_formula(text);
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell}"
            );
            assert_eq!(restore_formula(&cell), text);
        }
    }

    #[test]
    fn table_cells_keep_numbers_and_guard_the_rest() {
        assert_eq!(table_cell("13"), "13");
        assert_eq!(table_cell("-5"), "-5");
        assert_eq!(table_cell("0.85"), "0.85");
        assert_eq!(table_cell(""), "");
        assert_eq!(table_cell("-"), "'-");
        assert_eq!(table_cell("-5+A1"), "'-5+A1");
        assert_eq!(table_cell("1."), "1.");
        assert_eq!(
            table_cell("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(table_cell("@SUM(1)"), "'@SUM(1)");
        for text in ["=1", "-x", "'a", "-5", "7", "plain"] {
            assert_eq!(restore_formula(&table_cell(text)), text);
        }
    }
}
