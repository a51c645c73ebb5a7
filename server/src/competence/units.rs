//! The organisation's units: a tree (each unit may have a parent), from the HR feed (a unit
//! code and name on each employee) or edited by administrators (name, parent, leader by staff
//! code). The whole tree is small (hundreds of units) and read at once.
use crate::entity::{account, unit};
use app::{
    accounts::identity::{StaffCode, UnitCode},
    competence::types::{UnitForm, UnitLine},
    error::{AppError, FieldIssue},
};
use chrono::Utc;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DbErr, EntityTrait, IntoActiveModel, PaginatorTrait,
    QueryFilter, QuerySelect, Set,
};
use std::collections::{BTreeMap, HashMap, HashSet};

/// Every unit, with the ways through the tree the rules need.
#[derive(Debug, Default)]
pub struct Tree {
    units: HashMap<i64, unit::Model>,
    children: HashMap<i64, Vec<i64>>,
}

impl Tree {
    pub async fn load<C: ConnectionTrait>(conn: &C) -> Result<Self, DbErr> {
        Ok(Self::new(unit::Entity::find().all(conn).await?))
    }

    pub fn new(list: Vec<unit::Model>) -> Self {
        let mut children: HashMap<i64, Vec<i64>> = HashMap::new();
        for u in &list {
            if let Some(parent) = u.parent_id {
                children.entry(parent).or_default().push(u.id);
            }
        }
        Self {
            units: list.into_iter().map(|u| (u.id, u)).collect(),
            children,
        }
    }

    pub fn get(&self, id: i64) -> Option<&unit::Model> {
        self.units.get(&id)
    }

    pub fn by_code(&self, code: &str) -> Option<&unit::Model> {
        self.units.values().find(|u| u.code == code)
    }

    /// The units and every unit beneath them.
    pub fn below(&self, roots: impl IntoIterator<Item = i64>) -> HashSet<i64> {
        let mut seen = HashSet::new();
        let mut stack: Vec<i64> = roots.into_iter().collect();
        while let Some(id) = stack.pop() {
            if self.units.contains_key(&id) && seen.insert(id) {
                stack.extend(self.children.get(&id).into_iter().flatten());
            }
        }
        seen
    }

    /// The unit and the units above it, nearest first (a loop in the data ends the walk).
    pub fn upwards(&self, id: i64) -> Vec<i64> {
        let mut chain = Vec::new();
        let mut next = Some(id);
        while let Some(id) = next.filter(|id| self.units.contains_key(id) && !chain.contains(id)) {
            chain.push(id);
            next = self.units[&id].parent_id;
        }
        chain
    }

    /// The units a leader with this staff code leads.
    pub fn led_by(&self, staff_code: &str) -> Vec<i64> {
        self.units
            .values()
            .filter(|u| u.leader_staff_code.as_deref() == Some(staff_code))
            .map(|u| u.id)
            .collect()
    }

    /// The units in tree order (each after its parent, siblings by name), with their depth.
    pub fn ordered(&self) -> Vec<(&unit::Model, u32)> {
        let mut tops: Vec<&unit::Model> = self
            .units
            .values()
            .filter(|u| u.parent_id.is_none_or(|p| !self.units.contains_key(&p)))
            .collect();
        tops.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
        let mut out = Vec::with_capacity(self.units.len());
        let mut stack: Vec<(&unit::Model, u32)> = tops.into_iter().rev().map(|u| (u, 0)).collect();
        let mut seen = HashSet::new();
        while let Some((u, depth)) = stack.pop() {
            if !seen.insert(u.id) {
                continue;
            }
            out.push((u, depth));
            let mut kids: Vec<&unit::Model> = self
                .children
                .get(&u.id)
                .into_iter()
                .flatten()
                .filter_map(|id| self.units.get(id))
                .collect();
            kids.sort_by(|a, b| (&a.name, a.id).cmp(&(&b.name, b.id)));
            stack.extend(kids.into_iter().rev().map(|k| (k, depth + 1)));
        }
        out
    }
}

/// The unit with this code, created with `name` (or the code) when the HR feed names one the
/// portal does not know; a name given renames it. Returns its id.
pub async fn from_feed<C: ConnectionTrait>(
    conn: &C,
    code: &UnitCode,
    name: Option<&str>,
) -> Result<i64, DbErr> {
    let found = unit::Entity::find()
        .filter(unit::Column::Code.eq(code.as_str()))
        .one(conn)
        .await?;
    match found {
        Some(u) if name.is_none_or(|n| n == u.name) => Ok(u.id),
        Some(u) => {
            let id = u.id;
            let mut row = u.into_active_model();
            row.name = Set(name.unwrap_or_default().to_string());
            row.updated_at = Set(Utc::now());
            row.update(conn).await?;
            Ok(id)
        }
        None => {
            let now = Utc::now();
            let created = unit::ActiveModel {
                code: Set(code.as_str().to_string()),
                name: Set(name.unwrap_or(code.as_str()).to_string()),
                created_at: Set(now),
                updated_at: Set(now),
                ..Default::default()
            }
            .insert(conn)
            .await?;
            Ok(created.id)
        }
    }
}

/// The checked form: every problem at its field.
pub struct CheckedUnit {
    pub code: UnitCode,
    pub name: String,
    pub parent: Option<i64>,
    pub leader: Option<StaffCode>,
}

/// A problem at one field of a form (every form of the organisation pages).
pub(super) fn issue(field: &str, message: impl Into<app::messages::Message>) -> FieldIssue {
    FieldIssue {
        field: field.to_string(),
        message: message.into(),
    }
}

/// The unit an administrator's form describes, or every problem at its field.
pub fn check(form: &UnitForm, tree: &Tree) -> Result<CheckedUnit, AppError> {
    {
        let mut issues = Vec::new();
        let code = UnitCode::parse(&form.code)
            .map_err(|e| issues.push(issue("code", e.0)))
            .ok();
        let name = form.name.trim().to_string();
        if name.is_empty() || name.chars().count() > 200 {
            issues.push(issue("name", "Skriv enhetens navn (høyst 200 tegn)."));
        }
        let leader = Some(form.leader.trim()).filter(|l| !l.is_empty()).and_then(|l| {
            StaffCode::parse(l)
                .map_err(|e| issues.push(issue("leader", e.0)))
                .ok()
        });
        let mut parent = None;
        if !form.parent.trim().is_empty() {
            match UnitCode::parse(&form.parent)
                .ok()
                .and_then(|c| tree.by_code(c.as_str()))
            {
                None => issues.push(issue("parent", "Det finnes ingen enhet med den koden.")),
                Some(p) => {
                    let own = code.as_ref().and_then(|c| tree.by_code(c.as_str())).map(|u| u.id);
                    // The parent may not be the unit itself or one of its sub-units.
                    if own.is_some_and(|own| tree.upwards(p.id).contains(&own)) {
                        issues.push(issue(
                            "parent",
                            "En enhet kan ikke ligge under seg selv eller en av sine underenheter.",
                        ));
                    } else {
                        parent = Some(p.id);
                    }
                }
            }
        }
        match code {
            Some(code) if issues.is_empty() => Ok(CheckedUnit {
                code,
                name,
                parent,
                leader,
            }),
            _ => Err(AppError::InvalidForm { fields: issues }),
        }
    }
}

/// Creates the unit or changes the one with that code. Returns whether it was created.
pub async fn save<C: ConnectionTrait>(conn: &C, unit: CheckedUnit) -> Result<bool, DbErr> {
    let found = unit::Entity::find()
        .filter(unit::Column::Code.eq(unit.code.as_str()))
        .one(conn)
        .await?;
    let now = Utc::now();
    let created = found.is_none();
    let mut row = match found {
        Some(u) => u.into_active_model(),
        None => unit::ActiveModel {
            code: Set(unit.code.as_str().to_string()),
            created_at: Set(now),
            ..Default::default()
        },
    };
    row.name = Set(unit.name);
    row.parent_id = Set(unit.parent);
    row.leader_staff_code = Set(unit.leader.map(String::from));
    row.updated_at = Set(now);
    row.save(conn).await?;
    Ok(created)
}

/// Removes a unit that has neither people nor sub-units (its requirements go with it).
pub async fn remove<C: ConnectionTrait>(conn: &C, code: &str) -> Result<unit::Model, AppError> {
    let tree = Tree::load(conn).await?;
    let found = tree.by_code(code).cloned().ok_or(AppError::NotFound)?;
    if tree.below([found.id]).len() > 1 {
        return Err(AppError::conflict(
            "Enheten har underenheter. Flytt eller fjern dem først.",
        ));
    }
    let people = account::Entity::find()
        .filter(account::Column::UnitId.eq(found.id))
        .count(conn)
        .await?;
    if people > 0 {
        return Err(AppError::conflict(
            "Enheten har ansatte. Flytt dem til en annen enhet (i HR-systemet) først.",
        ));
    }
    unit::Entity::delete_by_id(found.id).exec(conn).await?;
    Ok(found)
}

/// Every unit in tree order, with its leader's name and its number of people.
pub async fn lines<C: ConnectionTrait>(conn: &C) -> Result<Vec<UnitLine>, DbErr> {
    let tree = Tree::load(conn).await?;
    let people: HashMap<i64, i64> = account::Entity::find()
        .select_only()
        .column(account::Column::UnitId)
        .column_as(account::Column::Id.count(), "people")
        .filter(account::Column::UnitId.is_not_null())
        .filter(account::Column::MergedInto.is_null())
        .group_by(account::Column::UnitId)
        .into_tuple::<(i64, i64)>()
        .all(conn)
        .await?
        .into_iter()
        .collect();
    let leader_codes: Vec<String> = tree
        .units
        .values()
        .filter_map(|u| u.leader_staff_code.clone())
        .collect();
    let leaders: BTreeMap<String, String> = account::Entity::find()
        .filter(account::Column::StaffCode.is_in(leader_codes))
        .all(conn)
        .await?
        .into_iter()
        .filter_map(|a| Some((a.staff_code?, a.full_name)))
        .collect();
    Ok(tree
        .ordered()
        .into_iter()
        .map(|(u, depth)| UnitLine {
            id: u.id,
            code: u.code.clone(),
            name: u.name.clone(),
            depth,
            parent_code: u.parent_id.and_then(|p| tree.get(p)).map(|p| p.code.clone()),
            leader_staff_code: u.leader_staff_code.clone(),
            leader_name: u.leader_staff_code.as_ref().and_then(|c| leaders.get(c).cloned()),
            people: people.get(&u.id).map_or(0, |n| u64::try_from(*n).unwrap_or(0)),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(id: i64, code: &str, parent: Option<i64>) -> unit::Model {
        unit::Model {
            id,
            code: code.into(),
            name: code.into(),
            parent_id: parent,
            leader_staff_code: (id == 2).then(|| "LED1".into()),
            created_at: Utc::now(),
            updated_at: Utc::now(),
        }
    }

    fn tree() -> Tree {
        Tree::new(vec![
            unit(1, "TOP", None),
            unit(2, "NORD", Some(1)),
            unit(3, "NORD-A", Some(2)),
            unit(4, "SOR", Some(1)),
        ])
    }

    #[test]
    fn below_and_upwards_follow_the_tree() {
        let tree = tree();
        assert_eq!(tree.below([2]), HashSet::from([2, 3]));
        assert_eq!(tree.below([1]).len(), 4);
        assert_eq!(tree.upwards(3), vec![3, 2, 1]);
        assert_eq!(tree.led_by("LED1"), vec![2]);
        let order: Vec<(&str, u32)> = tree
            .ordered()
            .iter()
            .map(|(u, d)| (u.code.as_str(), *d))
            .collect();
        assert_eq!(order, [("TOP", 0), ("NORD", 1), ("NORD-A", 2), ("SOR", 1)]);
    }

    #[test]
    fn a_loop_in_the_data_ends_the_walks() {
        let tree = Tree::new(vec![unit(1, "A", Some(2)), unit(2, "B", Some(1))]);
        assert_eq!(tree.upwards(1), vec![1, 2]);
        assert_eq!(tree.below([1]).len(), 2);
    }

    #[test]
    fn a_unit_cannot_be_put_under_its_own_sub_unit() {
        let form = UnitForm {
            code: "nord".into(),
            name: "Nord".into(),
            parent: "NORD-A".into(),
            leader: "".into(),
        };
        let error = check(&form, &tree()).err().unwrap();
        assert!(error.field_message("parent").is_some(), "{error:?}");
        let bad = UnitForm {
            code: "nord x".into(),
            name: " ".into(),
            parent: "FINNES".into(),
            leader: "x".into(),
        };
        let error = check(&bad, &tree()).err().unwrap();
        for field in ["code", "name", "parent", "leader"] {
            assert!(error.field_message(field).is_some(), "{field}: {error:?}");
        }
    }
}
