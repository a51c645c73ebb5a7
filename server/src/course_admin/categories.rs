//! Subject areas (fagområder): the list with its tree, adding and renaming one. A course
//! administrator limited to some areas sees, adds and changes areas only below those.
use super::*;

const OWN_AREAS_ONLY: &str =
    "Du administrerer bare noen fagområder: velg et av dem som overordnet fagområde.";

/// The subject areas the caller manages, each with its path from the top.
pub(super) async fn categories(repo: &CourseAdminRepo, who: Caller) -> Result<Vec<CategoryOption>, AppError> {
    let who = repo.administrator(who).await?;
    let scope = repo.scope(&who).await?;
    Ok(scope::paths(&scope::flat(&repo.db).await?)
        .into_iter()
        .filter(|area| scope.covers(area.id))
        .map(|area| CategoryOption {
            slug: area.slug,
            path: area.path,
        })
        .collect())
}

pub(super) async fn add_category(
    repo: &CourseAdminRepo,
    who: Caller,
    form: CategoryForm,
) -> Result<String, AppError> {
    let actor = repo.administrator(who).await?;
    let scope = repo.scope(&actor).await?;
    let name = form.name.trim().to_string();
    if !(2..=120).contains(&name.chars().count()) {
        return Err(AppError::invalid(
            "name",
            "Navnet på fagområdet må ha 2–120 tegn.",
        ));
    }
    let slug = slug_for(&name);
    let parent = match form.parent.trim() {
        "" if scope == Scope::All => None,
        "" => return Err(AppError::invalid("parent", OWN_AREAS_ONLY)),
        parent => Some(
            category::Entity::find()
                .filter(category::Column::Slug.eq(parent))
                .one(&repo.db)
                .await?
                .filter(|p| scope.covers(p.id))
                .ok_or_else(|| AppError::invalid("parent", "Velg et fagområde fra listen."))?,
        ),
    };
    let taken = category::Entity::find()
        .filter(category::Column::Slug.eq(slug.as_str()))
        .count(&repo.db)
        .await?;
    if taken > 0 || slug.is_empty() {
        return Err(AppError::Taken {
            field: "name".into(),
            message: "Et fagområde med det navnet finnes allerede.".into(),
        });
    }
    let position = category::Entity::find().count(&repo.db).await?;
    category::ActiveModel {
        parent_id: Set(parent.map(|p| p.id)),
        slug: Set(slug.clone()),
        name: Set(name),
        position: Set(i32::try_from(position).unwrap_or(i32::MAX)),
        updated_at: Set(Some(Utc::now())),
        ..Default::default()
    }
    .insert(&repo.db)
    .await?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "category.created",
        None,
        Some(slug.to_string()),
    )
    .await?;
    repo.refresh_search().await;
    Ok(slug)
}

pub(super) async fn update_category(
    repo: &CourseAdminRepo,
    who: Caller,
    slug: &str,
    form: CategoryForm,
) -> Result<(), AppError> {
    let actor = repo.administrator(who).await?;
    let scope = repo.scope(&actor).await?;
    let all = category::Entity::find().all(&repo.db).await?;
    let Some(this) = all.iter().find(|c| c.slug == slug.trim() && scope.covers(c.id)) else {
        return Err(AppError::invalid("slug", "Velg et fagområde fra listen."));
    };
    let name = form.name.trim().to_string();
    if !(2..=120).contains(&name.chars().count()) {
        return Err(AppError::invalid(
            "name",
            "Navnet på fagområdet må ha 2–120 tegn.",
        ));
    }
    let parent = match form.parent.trim() {
        "" if scope == Scope::All => None,
        // A limited course administrator's own top area stays where an administrator put it.
        "" if this.parent_id.is_none_or(|p| !scope.covers(p)) => this.parent_id,
        "" => return Err(AppError::invalid("parent", OWN_AREAS_ONLY)),
        parent => {
            let Some(found) = all.iter().find(|c| c.slug == parent && scope.covers(c.id)) else {
                return Err(AppError::invalid("parent", "Velg et fagområde fra listen."));
            };
            // Not under itself or anything below it: the tree must stay a tree.
            let flat: Vec<crate::catalogue::rules::FlatCategory> = all
                .iter()
                .map(|c| crate::catalogue::rules::FlatCategory {
                    id: c.id,
                    parent_id: c.parent_id,
                    slug: c.slug.clone(),
                    name: c.name.clone(),
                })
                .collect();
            if crate::catalogue::rules::with_descendants(&flat, this.id).contains(&found.id) {
                return Err(AppError::invalid(
                    "parent",
                    "Et fagområde kan ikke ligge under seg selv eller under et av sine egne underområder.",
                ));
            }
            Some(found.id)
        }
    };
    let mut active = this.clone().into_active_model();
    active.name = Set(name);
    active.parent_id = Set(parent);
    active.updated_at = Set(Some(Utc::now()));
    active.update(&repo.db).await?;
    audit::record(
        &repo.db,
        Some(actor.account_id),
        "category.changed",
        None,
        Some(slug.to_string()),
    )
    .await?;
    repo.refresh_search().await;
    Ok(())
}
