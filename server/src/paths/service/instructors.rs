//! The instructors named on a learning path: they see its followers and sign off their steps;
//! course administrators name and remove them (and sign off on every path).
use super::*;

impl PathRepo {
    /// Whether `person` signs off on `path_id`: course administrators on every path,
    /// instructors on the paths they are named on.
    pub(super) async fn signs_on(&self, person: &Caller, path_id: i64) -> Result<bool, AppError> {
        Ok(match person.role() {
            Role::CourseAdmin | Role::Admin => true,
            Role::Instructor => {
                instructor::Entity::find()
                    .filter(instructor::Column::PathId.eq(path_id))
                    .filter(instructor::Column::AccountId.eq(person.account_id))
                    .count(&self.db)
                    .await?
                    > 0
            }
            Role::Learner | Role::Support => false,
        })
    }

    /// The path `code`, if `person` signs off on it; 403 otherwise.
    pub(super) async fn signed_path(&self, person: &Caller, code: &str) -> Result<path::Model, AppError> {
        let path = self.path_by_code(code).await?;
        if !self.signs_on(person, path.id).await? {
            tracing::warn!(account_id = person.account_id, "path refused: not named on it");
            return Err(AppError::Forbidden);
        }
        Ok(path)
    }

    /// The instructors named on `path_id`, by name.
    pub(super) async fn instructors(&self, path_id: i64) -> Result<Vec<PathInstructor>, AppError> {
        let named: Vec<i64> = instructor::Entity::find()
            .filter(instructor::Column::PathId.eq(path_id))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|row| row.account_id)
            .collect();
        let mut people: Vec<PathInstructor> = account::Entity::find()
            .filter(account::Column::Id.is_in(named))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|person| PathInstructor {
                account_id: person.id,
                name: person.full_name,
                email: person.email.unwrap_or_default(),
            })
            .collect();
        people.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(people)
    }
}

pub(super) async fn add_instructor(
    repo: &PathRepo,
    who: Caller,
    code: &str,
    email: &str,
) -> Result<(), AppError> {
    let actor = repo.editor(who).await?;
    let path = repo.path_by_code(code).await?;
    let person = repo.activated_by_email(email).await?;
    if role(&person) != Role::Instructor {
        return Err(AppError::invalid(
            "email",
            "Personen er ikke instruktør. Kursadministratorer signerer på alle opplæringsløp; andre må få rollen instruktør først.",
        ));
    }
    let added = instructor::Entity::insert(instructor::ActiveModel {
        path_id: Set(path.id),
        account_id: Set(person.id),
        added_by: Set(Some(actor.account_id)),
        created_at: Set(Utc::now()),
        ..Default::default()
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::columns([instructor::Column::PathId, instructor::Column::AccountId])
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(&repo.db)
    .await?;
    if added == 0 {
        return Err(AppError::Conflict {
            message: "Instruktøren er allerede knyttet til dette opplæringsløpet.".into(),
        });
    }
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "path.instructor_added",
        Some(person.id),
        Some(path.code.clone()),
    )
    .await?;
    Ok(())
}

pub(super) async fn remove_instructor(
    repo: &PathRepo,
    who: Caller,
    code: &str,
    account_id: i64,
) -> Result<(), AppError> {
    let actor = repo.editor(who).await?;
    let path = repo.path_by_code(code).await?;
    let removed = instructor::Entity::delete_many()
        .filter(instructor::Column::PathId.eq(path.id))
        .filter(instructor::Column::AccountId.eq(account_id))
        .exec(&repo.db)
        .await?;
    if removed.rows_affected == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "path.instructor_removed",
        Some(account_id),
        Some(path.code.clone()),
    )
    .await?;
    Ok(())
}
