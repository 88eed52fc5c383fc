//! The desk's division of work: four-eyes review of verdicts, who a claim is assigned
//! to, and the ledger-wide settings that switch review on. Pure: what a review, an
//! assignment and a setting are, which settings exist and which values each takes, and
//! who may review a verdict. The store keeps the rows; this module decides what they
//! mean.

use serde::Serialize;

use super::figure::string_enum;

/// What a reviewer decided about a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// The verdict stands and may be published.
    Approved,
    /// The verdict goes back for more work (the claim returns to `in_progress`).
    Rejected,
}

string_enum!(Decision {
    Approved => "approved",
    Rejected => "rejected",
});

/// A second person's review of one verdict (a status change).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Review {
    /// Its id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// The status change that set the verdict reviewed.
    pub status_change_id: i64,
    /// Approved or rejected.
    pub decision: Decision,
    /// Why.
    pub note: Option<String>,
    /// The reviewer.
    pub who: String,
    /// When, UTC RFC 3339.
    pub at: String,
}

/// One assignment of a claim: to someone, or to nobody. The latest stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    /// Its id.
    pub id: i64,
    /// The claim.
    pub claim_id: i64,
    /// Who works the claim from now on; `None`: nobody.
    pub assignee: Option<String>,
    /// Who assigned it.
    pub who: String,
    /// When, UTC RFC 3339.
    pub at: String,
}

/// A ledger-wide setting as it stands: its latest value and who set it when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting {
    /// The setting's name.
    pub name: String,
    /// Its value.
    pub value: String,
    /// Who set it; `None` while it has its default.
    pub who: Option<String>,
    /// When it was set.
    pub at: Option<String>,
}

/// The settings a ledger knows: each name with its values, the default first.
pub const SETTINGS: &[(&str, &[&str], &str)] = &[(
    "review",
    &["off", "required"],
    "required: every verdict waits for a second person's approval before it is published",
)];

/// The name of the review setting.
pub const REVIEW: &str = "review";

/// Checks a setting's name and value; the error names the valid ones.
pub fn check_setting(name: &str, value: &str) -> Result<(), String> {
    let Some((_, values, _)) = SETTINGS.iter().find(|(n, _, _)| *n == name) else {
        let names: Vec<&str> = SETTINGS.iter().map(|s| s.0).collect();
        return Err(format!(
            "there is no setting '{name}'; the settings are {}",
            names.join(", ")
        ));
    };
    if !values.contains(&value) {
        return Err(format!(
            "the setting {name} is {}, not '{value}'",
            values.join(" or ")
        ));
    }
    Ok(())
}

/// The value a setting has when nobody set it.
pub fn default_value(name: &str) -> Option<&'static str> {
    SETTINGS
        .iter()
        .find(|(n, _, _)| *n == name)
        .and_then(|(_, values, _)| values.first().copied())
}

/// Why `reviewer` may not review a verdict set by `author`, if they may not: nobody
/// reviews their own verdict.
pub fn may_review(author: &str, reviewer: &str) -> Result<(), String> {
    if author == reviewer {
        return Err(format!(
            "{reviewer} set this verdict, and a verdict is reviewed by someone other than who set it"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_checked_by_name_and_value() {
        assert!(check_setting("review", "required").is_ok());
        assert!(check_setting("review", "off").is_ok());
        let e = check_setting("review", "maybe").expect_err("not a value");
        assert!(e.contains("off or required"), "{e}");
        let e = check_setting("colour", "red").expect_err("not a setting");
        assert!(e.contains("the settings are review"), "{e}");
        assert_eq!(default_value("review"), Some("off"));
    }

    #[test]
    fn nobody_reviews_their_own_verdict() {
        assert!(may_review("a.jansen", "m.haddad").is_ok());
        assert!(may_review("m.haddad", "m.haddad").is_err());
        assert_eq!(Decision::parse("approved"), Some(Decision::Approved));
    }
}
