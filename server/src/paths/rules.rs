//! Which steps of a path are done, open or waiting.
use app::catalogue::types::CourseKind;

/// Practical exams and practice are signed off by an instructor or examiner; the other kinds
/// are done by completing their course (the quiz of an e-learning or online exam, or a result
/// recorded for a session).
pub fn needs_signoff(kind: CourseKind) -> bool {
    matches!(kind, CourseKind::PracticalExam | CourseKind::Practice)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    Done,
    Open,
    Locked,
}

/// `done[i]` says whether step `i` is done. With enforced order a step waits until every
/// earlier one is done; what is done counts even when it was done early (earlier training).
pub fn states(done: &[bool], enforce_order: bool) -> Vec<State> {
    let mut all_before_done = true;
    done.iter()
        .map(|&is_done| {
            let state = if is_done {
                State::Done
            } else if enforce_order && !all_before_done {
                State::Locked
            } else {
                State::Open
            };
            all_before_done &= is_done;
            state
        })
        .collect()
}

pub fn complete(done: &[bool]) -> bool {
    !done.is_empty() && done.iter().all(|d| *d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use State::*;

    #[test]
    fn enforced_order_locks_what_comes_after_an_open_step() {
        assert_eq!(states(&[true, false, false], true), vec![Done, Open, Locked]);
        assert_eq!(
            states(&[true, false, true], true),
            vec![Done, Open, Done],
            "done early still counts"
        );
        assert_eq!(states(&[false, false], false), vec![Open, Open]);
    }

    #[test]
    fn a_path_is_complete_when_every_step_is() {
        assert!(complete(&[true, true]));
        assert!(!complete(&[true, false]));
        assert!(!complete(&[]), "an empty path is never complete");
    }

    #[test]
    fn practical_steps_are_signed_off() {
        assert!(needs_signoff(CourseKind::Practice));
        assert!(needs_signoff(CourseKind::PracticalExam));
        assert!(!needs_signoff(CourseKind::Classroom));
        assert!(!needs_signoff(CourseKind::WrittenExam));
    }
}
