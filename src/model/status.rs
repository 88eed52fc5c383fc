//! The verification workflow: which statuses a claim can hold, which steps between
//! them are allowed, and which steps must be explained with a note. The database keeps
//! the history; this module decides what may be written to it.

use serde::Serialize;

use super::figure::string_enum;

/// Where a claim stands in verification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Recorded, nobody has looked at it yet.
    Unverified,
    /// Someone is checking it.
    InProgress,
    /// Checked and confirmed.
    Verified,
    /// Checked and wrong.
    False,
    /// Literally true but framed to mislead.
    Misleading,
    /// Credible sources contradict each other and the check could not settle it.
    Disputed,
    /// Cannot be checked with what is available.
    Unverifiable,
    /// The source withdrew the claim.
    Retracted,
    /// Our own entry error, put right: replaced by its corrected version (`claim
    /// correct`). Terminal.
    Superseded,
    /// Our own entry error: it should never have been recorded (`claim withdraw`).
    /// Terminal.
    Withdrawn,
}

string_enum!(Status {
    Unverified => "unverified",
    InProgress => "in_progress",
    Verified => "verified",
    False => "false",
    Misleading => "misleading",
    Disputed => "disputed",
    Unverifiable => "unverifiable",
    Retracted => "retracted",
    Superseded => "superseded",
    Withdrawn => "withdrawn",
});

/// Why a status change is not allowed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransitionError {
    /// The claim already has that status.
    #[error("claim {claim} is already {status}")]
    Unchanged {
        /// The claim's id.
        claim: i64,
        /// Its current status.
        status: Status,
    },
    /// A verdict, a retraction or a reopening without `--note`.
    #[error("{what} of claim {claim} needs a note saying why; add --note \"…\"")]
    NoteRequired {
        /// The claim's id.
        claim: i64,
        /// "a verdict (false)", "reopening".
        what: String,
    },
    /// A step the workflow does not have.
    #[error("claim {claim} cannot go from {from} to {to}; {hint}")]
    NotAllowed {
        /// The claim's id.
        claim: i64,
        /// Its current status.
        from: Status,
        /// The status asked for.
        to: Status,
        /// What can be done instead.
        hint: &'static str,
    },
}

impl Status {
    /// Whether this status is a verdict: the end of a check, which needs a note.
    pub fn is_verdict(self) -> bool {
        matches!(
            self,
            Status::Verified
                | Status::False
                | Status::Misleading
                | Status::Disputed
                | Status::Unverifiable
        )
    }

    /// Whether a check has ended here (a verdict or a retraction).
    pub fn is_closed(self) -> bool {
        self.is_verdict() || self == Status::Retracted
    }

    /// Whether the claim is in play: not retracted by its source and not one of our own
    /// entry errors (withdrawn, or superseded by its corrected version). Comparisons,
    /// conflicts and the publish gate look only at claims in play.
    pub fn in_play(self) -> bool {
        !matches!(
            self,
            Status::Retracted | Status::Superseded | Status::Withdrawn
        )
    }

    /// Whether only `claim correct` and `claim withdraw` set this status.
    pub fn is_entry_error(self) -> bool {
        matches!(self, Status::Superseded | Status::Withdrawn)
    }

    /// Every status name, for messages.
    pub fn names() -> String {
        Status::ALL
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Checks a step from `self` to `to` for claim `claim`, with or without a note.
    ///
    /// Open claims (unverified, in progress) may move to any verdict, to in progress or
    /// to retracted. A closed claim (verdict or retracted) is only reopened, back to
    /// in progress, or retracted; a second opinion is a reopening followed by a verdict,
    /// so the history shows that the first was revisited. Nothing returns to unverified.
    pub fn check_transition(
        self,
        to: Status,
        claim: i64,
        has_note: bool,
    ) -> Result<(), TransitionError> {
        if to.is_entry_error() {
            return Err(TransitionError::NotAllowed {
                claim,
                from: self,
                to,
                hint: "superseded and withdrawn are set only by `crosscheck claim correct` and `crosscheck claim withdraw`",
            });
        }
        if self.is_entry_error() {
            return Err(TransitionError::NotAllowed {
                claim,
                from: self,
                to,
                hint: "a superseded or withdrawn claim is closed for good; work on its corrected version (`crosscheck claim show` names it)",
            });
        }
        if self == to {
            return Err(TransitionError::Unchanged {
                claim,
                status: self,
            });
        }
        if to == Status::Unverified {
            return Err(TransitionError::NotAllowed {
                claim,
                from: self,
                to,
                hint: "a claim never returns to unverified; use in_progress to reopen it",
            });
        }
        if self.is_closed() && to != Status::InProgress && to != Status::Retracted {
            return Err(TransitionError::NotAllowed {
                claim,
                from: self,
                to,
                hint: "reopen it first with `status CLAIM in_progress --note \"…\"`, then give the new verdict",
            });
        }
        let what = if to.is_verdict() {
            Some(format!("a verdict ({to})"))
        } else if to == Status::Retracted {
            Some("a retraction".to_string())
        } else if self.is_closed() {
            Some("reopening".to_string())
        } else {
            None
        };
        match what {
            Some(what) if !has_note => Err(TransitionError::NoteRequired { claim, what }),
            _ => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(*s));
        }
        assert_eq!(Status::parse("Verified"), None);
    }

    #[test]
    fn the_workflow() {
        use Status::*;
        assert!(Unverified.check_transition(InProgress, 1, false).is_ok());
        assert!(InProgress.check_transition(Verified, 1, true).is_ok());
        assert!(Unverified.check_transition(False, 1, true).is_ok());
        assert!(matches!(
            InProgress.check_transition(Verified, 1, false),
            Err(TransitionError::NoteRequired { .. })
        ));
        assert!(matches!(
            Verified.check_transition(InProgress, 1, false),
            Err(TransitionError::NoteRequired { .. })
        ));
        assert!(Verified.check_transition(InProgress, 1, true).is_ok());
        assert!(matches!(
            Verified.check_transition(False, 1, true),
            Err(TransitionError::NotAllowed { .. })
        ));
        assert!(matches!(
            InProgress.check_transition(Unverified, 1, true),
            Err(TransitionError::NotAllowed { .. })
        ));
        assert!(matches!(
            Disputed.check_transition(Disputed, 1, true),
            Err(TransitionError::Unchanged { .. })
        ));
        assert!(Retracted.check_transition(InProgress, 1, true).is_ok());
        assert!(Verified.check_transition(Retracted, 1, true).is_ok());
        for end in [Superseded, Withdrawn] {
            assert!(matches!(
                InProgress.check_transition(end, 1, true),
                Err(TransitionError::NotAllowed { .. })
            ));
            assert!(matches!(
                end.check_transition(InProgress, 1, true),
                Err(TransitionError::NotAllowed { .. })
            ));
            assert!(!end.in_play());
        }
        assert!(!Retracted.in_play() && Verified.in_play() && Unverified.in_play());
    }
}
