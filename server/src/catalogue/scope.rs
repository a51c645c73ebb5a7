//! The subject areas a course administrator manages. An administrator set them on «Brukere og
//! roller»: each chosen area counts with every area below it, now and later (an area added
//! under a chosen one is managed at once). A course administrator with no chosen area manages
//! them all, and administrators are never limited. Course administration, the e-learning
//! editor, results, kursbevis and the CSV exports all ask [`of`] and [`Scope::covers`].
use crate::{
    catalogue::rules::{FlatCategory, with_descendants},
    entity::{category, course_admin_area},
};
use app::accounts::{service::Caller, types::Role};
use sea_orm::{ColumnTrait, ConnectionTrait, DbErr, EntityTrait, QueryFilter, QuerySelect};
use std::collections::{BTreeSet, HashMap};

/// Which subject areas someone manages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Every area: administrators, and course administrators without chosen areas.
    All,
    /// The chosen areas and every area below them (ids).
    Areas(BTreeSet<i64>),
}

impl Scope {
    /// Whether a course in area `category_id` is managed.
    pub fn covers(&self, category_id: i64) -> bool {
        match self {
            Scope::All => true,
            Scope::Areas(ids) => ids.contains(&category_id),
        }
    }

    /// The scope of the chosen `roots`, with every area below them.
    pub fn below(categories: &[FlatCategory], roots: &[i64]) -> Self {
        if roots.is_empty() {
            return Scope::All;
        }
        Scope::Areas(
            roots
                .iter()
                .flat_map(|root| with_descendants(categories, *root))
                .collect(),
        )
    }
}

/// Every subject area, flat, as the tree rules take them.
pub async fn flat<C: ConnectionTrait>(db: &C) -> Result<Vec<FlatCategory>, DbErr> {
    Ok(category::Entity::find()
        .all(db)
        .await?
        .into_iter()
        .map(|c| FlatCategory {
            id: c.id,
            parent_id: c.parent_id,
            slug: c.slug,
            name: c.name,
        })
        .collect())
}

/// An area with its path from the top («Bane › Sikkerhet»).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AreaPath {
    pub id: i64,
    pub slug: String,
    pub path: String,
}

/// Every area with its path, sorted by path (folded, so «Å» after «Z»).
pub fn paths(categories: &[FlatCategory]) -> Vec<AreaPath> {
    let by_id: HashMap<i64, &FlatCategory> = categories.iter().map(|c| (c.id, c)).collect();
    let mut out: Vec<AreaPath> = categories
        .iter()
        .map(|c| {
            let mut names = vec![c.name.as_str()];
            let mut parent = c.parent_id;
            // A tree is at most as deep as it has areas; the bound guards against a cycle.
            while let Some(p) = parent.and_then(|id| by_id.get(&id)) {
                if names.len() > categories.len() {
                    break;
                }
                names.push(p.name.as_str());
                parent = p.parent_id;
            }
            names.reverse();
            AreaPath {
                id: c.id,
                slug: c.slug.clone(),
                path: names.join(" › "),
            }
        })
        .collect();
    out.sort_by_cached_key(|a| crate::catalogue::search::fold(&a.path));
    out
}

/// The areas chosen for account `account_id` (without those below them).
pub async fn chosen<C: ConnectionTrait>(db: &C, account_id: i64) -> Result<Vec<i64>, DbErr> {
    course_admin_area::Entity::find()
        .select_only()
        .column(course_admin_area::Column::CategoryId)
        .filter(course_admin_area::Column::AccountId.eq(account_id))
        .into_tuple()
        .all(db)
        .await
}

/// What `who` manages. Only a course administrator can be limited; whether the caller may
/// administer courses at all is the caller's own check.
pub async fn of<C: ConnectionTrait>(db: &C, who: &Caller) -> Result<Scope, DbErr> {
    if who.role() != Role::CourseAdmin {
        return Ok(Scope::All);
    }
    let roots = chosen(db, who.account_id).await?;
    if roots.is_empty() {
        return Ok(Scope::All);
    }
    Ok(Scope::below(&flat(db).await?, &roots))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(id: i64, parent_id: Option<i64>) -> FlatCategory {
        FlatCategory {
            id,
            parent_id,
            slug: format!("a{id}"),
            name: format!("A{id}"),
        }
    }

    #[test]
    fn a_chosen_area_brings_every_area_below_it_and_nothing_beside_it() {
        // 1 ─ 2 ─ 3, and 4 beside 1.
        let tree = [area(1, None), area(2, Some(1)), area(3, Some(2)), area(4, None)];
        let scope = Scope::below(&tree, &[2]);
        assert!(scope.covers(2) && scope.covers(3));
        assert!(!scope.covers(1) && !scope.covers(4));
    }

    #[test]
    fn an_area_path_names_every_area_above_it() {
        let tree = [area(1, None), area(2, Some(1)), area(3, Some(2)), area(4, None)];
        let found = paths(&tree);
        let three = found.iter().find(|a| a.id == 3).unwrap();
        assert_eq!(three.path, "A1 › A2 › A3");
        assert_eq!(found.iter().map(|a| a.id).collect::<Vec<_>>(), [1, 2, 3, 4]);
    }

    #[test]
    fn no_chosen_area_is_every_area() {
        let tree = [area(1, None), area(4, None)];
        assert_eq!(Scope::below(&tree, &[]), Scope::All);
        assert!(Scope::All.covers(99));
    }

    #[test]
    fn several_roots_are_joined() {
        let tree = [area(1, None), area(2, Some(1)), area(4, None), area(5, Some(4))];
        let scope = Scope::below(&tree, &[1, 5]);
        assert!(scope.covers(1) && scope.covers(2) && scope.covers(5));
        assert!(!scope.covers(4));
    }
}
