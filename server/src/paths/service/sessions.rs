//! The sessions a classroom step offers the learner.
use super::*;

impl PathRepo {
    /// Upcoming sessions of a course, and the one the learner is enrolled in.
    pub(super) async fn sessions_of(
        &self,
        course_id: i64,
        account_id: i64,
    ) -> Result<(Vec<StepSession>, Option<String>), AppError> {
        let upcoming = session::Entity::find()
            .filter(session::Column::CourseId.eq(course_id))
            .filter(session::Column::StartsAt.gt(Utc::now()))
            .filter(session::Column::CancelledAt.is_null())
            .order_by_asc(session::Column::StartsAt)
            .all(&self.db)
            .await?;
        // The seats of every session in one query, not two per session.
        let seated = enrolment::Entity::find()
            .filter(enrolment::Column::SessionId.is_in(upcoming.iter().map(|s| s.id).collect::<Vec<_>>()))
            .filter(enrolment::Column::Status.eq(ENROLLED))
            .all(&self.db)
            .await?;
        let mut list = Vec::new();
        let mut mine = None;
        for s in upcoming {
            let here = seated.iter().filter(|e| e.session_id == s.id);
            let taken = here.clone().count();
            let own = here.clone().any(|e| e.account_id == account_id);
            let text = when(s.starts_at, s.ends_at);
            if own {
                mine = Some(format!("{text}, {}", s.place));
            }
            list.push(StepSession {
                id: s.id,
                when: text,
                place: s.place,
                free_seats: i64::from(s.capacity) - i64::try_from(taken).unwrap_or(0),
            });
        }
        Ok((list, mine))
    }
}
