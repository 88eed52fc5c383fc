//! When two names are one: names typed, pasted and extracted from articles arrive in
//! different Unicode forms (é as one code point or as e plus a combining accent), with
//! invisible characters (a zero-width space from a web page), or with letters of another
//! script that look the same (a Cyrillic а for a Latin a). A ledger that took each as a
//! new source would count one source twice, or let a look-alike stand in for a real one.
//!
//! Three relations, from strict to loose: the same name (equal after Unicode NFC
//! normalisation, whitespace folding and lowercasing: found as the known source), a
//! look-alike (equal after Unicode's confusable skeleton, UTS #39, with invisible code
//! points dropped: refused, naming the difference), and a similar name (a typo away:
//! the "did you mean" of the commands).

use unicode_normalization::UnicodeNormalization;

use super::lookup_key;

/// The form in which two spellings of the same name are equal: NFC, whitespace folded,
/// lowercased.
pub fn same_name_key(name: &str) -> String {
    lookup_key(&name.nfc().collect::<String>()).nfc().collect()
}

/// The form in which look-alike names are equal: the confusable skeleton of the
/// lowercased name, invisible code points dropped.
pub fn look_alike_key(name: &str) -> String {
    unicode_security::skeleton(&lookup_key(name)).collect()
}

/// The first character a name may not hold because nobody can see it: zero-width and
/// other invisible format characters, and the controls that change the direction of
/// text. Zero-width (non-)joiners are allowed: Persian, Arabic and Indic names need them.
pub fn hidden_character(name: &str) -> Option<char> {
    name.chars().find(|&c| is_hidden(c))
}

/// Whether nobody can see `c` although it changes the text: a control character other
/// than newline and tab, an invisible format character, or a direction control.
pub fn is_hidden(c: char) -> bool {
    let format = matches!(c as u32,
        0x00AD | 0x061C | 0x180E | 0x200B | 0x200E | 0x200F | 0x202A..=0x202E
        | 0x2060..=0x2064 | 0x2066..=0x2069 | 0xFEFF | 0xFFF9..=0xFFFB
        | 0x1D173..=0x1D17A | 0xE0001 | 0xE0020..=0xE007F);
    format || (c.is_control() && c != '\n' && c != '\t')
}

/// How `new` differs from the known name `known` that it looks like, for a message:
/// the first character that is not the same, with its code point, or the Unicode form.
pub fn difference(new: &str, known: &str) -> String {
    if same_name_key(new) == same_name_key(known) {
        return "it is the same name written in another Unicode form".to_string();
    }
    let new_chars: Vec<char> = new.nfc().collect();
    let known_chars: Vec<char> = known.nfc().collect();
    let at = new_chars
        .iter()
        .zip(&known_chars)
        .position(|(a, b)| a != b)
        .unwrap_or(new_chars.len().min(known_chars.len()));
    match (new_chars.get(at), known_chars.get(at)) {
        (Some(a), Some(b)) => format!(
            "character {} is {} where '{known}' has {}",
            at + 1,
            code_point(*a),
            code_point(*b)
        ),
        (Some(a), None) => format!("it adds {} at the end", code_point(*a)),
        (None, Some(b)) => format!("it lacks {} at the end", code_point(*b)),
        (None, None) => "they differ only in letter case".to_string(),
    }
}

/// `'а' (U+0430)`, or just the code point for what cannot be shown.
fn code_point(c: char) -> String {
    if hidden_character(&c.to_string()).is_some() || c.is_whitespace() {
        format!("U+{:04X}", c as u32)
    } else {
        format!("'{c}' (U+{:04X})", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NFC: &str = "residents of Atm\u{e9}";
    const NFD: &str = "residents of Atme\u{301}";

    #[test]
    fn unicode_forms_and_case_are_the_same_name() {
        assert_ne!(NFC, NFD);
        assert_eq!(same_name_key(NFC), same_name_key(NFD));
        assert_eq!(same_name_key("RESIDENTS OF  ATMÉ"), same_name_key(NFD));
        assert!(difference(NFD, NFC).contains("another Unicode form"));
    }

    #[test]
    fn other_scripts_and_invisible_characters_look_alike() {
        let cyrillic = "P\u{0435}ntagon"; // Cyrillic е
        assert_ne!(same_name_key(cyrillic), same_name_key("Pentagon"));
        assert_eq!(look_alike_key(cyrillic), look_alike_key("Pentagon"));
        assert_eq!(
            difference(cyrillic, "Pentagon"),
            "character 2 is 'е' (U+0435) where 'Pentagon' has 'e' (U+0065)"
        );
        assert_eq!(look_alike_key("Reu\u{200B}ters"), look_alike_key("Reuters"));
        assert_ne!(look_alike_key("Reuters"), look_alike_key("Routers"));
    }

    #[test]
    fn invisible_characters_are_found_and_joiners_allowed() {
        assert_eq!(hidden_character("Reu\u{200B}ters"), Some('\u{200B}'));
        assert_eq!(hidden_character("\u{061C}Observatory"), Some('\u{061C}'));
        assert_eq!(hidden_character("evil\u{202E}txt"), Some('\u{202E}'));
        assert_eq!(hidden_character("می\u{200C}گوید"), None);
        assert_eq!(hidden_character("Syrian Observatory"), None);
    }
}
