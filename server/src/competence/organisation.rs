//! The organisation service: units, requirements and company contacts in the admin area
//! (administrators, audited), a person's own requirements, and «Kompetanseoversikt».
use super::{
    overview::{self, Question, Sight, Walker},
    requirements::{self, Rulebook},
    units,
};
use crate::{
    audit,
    common::time::today,
    entity::{account, company, company_contact, requirement},
};
use app::{
    accounts::{identity::OrgNumber, service::Caller, types::Role},
    competence::{
        service::OrganisationService,
        types::{
            CompanyContactLine, MyRequirements, OrganisationSetup, Overview, OverviewFilter, OverviewRow,
            PersonOverview, RequirementForm, RequirementStatus, UnitForm,
        },
    },
    error::AppError,
};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, EntityTrait, QueryFilter, QueryOrder, Set,
    TransactionTrait,
};
use std::collections::HashMap;

/// `column` equal to the value set, or null when none is.
fn matching<T>(column: requirement::Column, value: &sea_orm::ActiveValue<Option<T>>) -> sea_orm::Condition
where
    T: Clone + Into<sea_orm::Value> + sea_orm::sea_query::Nullable,
{
    let value = match value {
        sea_orm::ActiveValue::Set(v) | sea_orm::ActiveValue::Unchanged(v) => v.clone(),
        sea_orm::ActiveValue::NotSet => None,
    };
    match value {
        Some(v) => sea_orm::Condition::all().add(column.eq(v)),
        None => sea_orm::Condition::all().add(column.is_null()),
    }
}

pub struct Organisation {
    db: DatabaseConnection,
}

impl Organisation {
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    fn administrator(who: &Caller) -> Result<i64, AppError> {
        if who.role() != Role::Admin {
            tracing::warn!(account_id = who.account_id, "organisation administration refused");
            return Err(AppError::Forbidden);
        }
        Ok(who.account_id)
    }

    async fn contacts(&self) -> Result<Vec<CompanyContactLine>, AppError> {
        let rows = company_contact::Entity::find()
            .order_by_asc(company_contact::Column::CompanyId)
            .all(&self.db)
            .await?;
        let companies: HashMap<i64, String> = company::Entity::find()
            .filter(company::Column::Id.is_in(rows.iter().map(|r| r.company_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let people: HashMap<i64, account::Model> = account::Entity::find()
            .filter(account::Column::Id.is_in(rows.iter().map(|r| r.account_id)))
            .all(&self.db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let person = people.get(&r.account_id)?;
                Some(CompanyContactLine {
                    company_id: r.company_id,
                    company: companies.get(&r.company_id).cloned().unwrap_or_default(),
                    account_id: r.account_id,
                    name: person.full_name.clone(),
                    email: person.email.clone(),
                })
            })
            .collect())
    }
}

#[async_trait::async_trait]
impl OrganisationService for Organisation {
    async fn setup(&self, who: Caller) -> Result<OrganisationSetup, AppError> {
        Self::administrator(&who)?;
        let book = Rulebook::load(&self.db).await?;
        Ok(OrganisationSetup {
            units: units::lines(&self.db).await?,
            requirements: requirements::lines(&self.db, &book).await?,
            contacts: self.contacts().await?,
        })
    }

    async fn save_unit(&self, who: Caller, form: UnitForm) -> Result<(), AppError> {
        let admin = Self::administrator(&who)?;
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let tree = units::Tree::load(&txn).await?;
        let unit = units::check(&form, &tree)?;
        let detail = format!(
            "{} «{}», parent {}, leader {}",
            unit.code,
            unit.name,
            form.parent.trim(),
            unit.leader.as_ref().map_or("none", |l| l.as_str())
        );
        let created = units::save(&txn, unit).await?;
        let action = if created { "unit.created" } else { "unit.changed" };
        audit::record(&txn, Some(admin), action, None, Some(detail)).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn remove_unit(&self, who: Caller, code: &str) -> Result<(), AppError> {
        let admin = Self::administrator(&who)?;
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let removed = units::remove(&txn, &code.trim().to_uppercase()).await?;
        audit::record(
            &txn,
            Some(admin),
            "unit.removed",
            None,
            Some(format!("{} «{}»", removed.code, removed.name)),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn add_requirement(&self, who: Caller, form: RequirementForm) -> Result<(), AppError> {
        let admin = Self::administrator(&who)?;
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let tree = units::Tree::load(&txn).await?;
        let mut row = requirements::check(&form, &txn, &tree).await?;
        let same = requirement::Entity::find()
            .filter(matching(requirement::Column::CourseId, &row.course_id))
            .filter(matching(requirement::Column::PathId, &row.path_id))
            .filter(matching(requirement::Column::UnitId, &row.unit_id))
            .filter(matching(requirement::Column::UserType, &row.user_type))
            .filter(matching(requirement::Column::EmployerId, &row.employer_id))
            .one(&txn)
            .await?;
        if same.is_some() {
            return Err(AppError::conflict("Det kravet finnes allerede."));
        }
        row.created_by = Set(Some(admin));
        let saved = row.insert(&txn).await?;
        let detail = format!(
            "{} for {}, deadline {:?} days",
            form.required.trim().to_uppercase(),
            form.scope,
            saved.deadline_days
        );
        audit::record(&txn, Some(admin), "requirement.added", None, Some(detail)).await?;
        txn.commit().await?;
        Ok(())
    }

    async fn remove_requirement(&self, who: Caller, id: i64) -> Result<(), AppError> {
        let admin = Self::administrator(&who)?;
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let gone = requirement::Entity::delete_by_id(id).exec(&txn).await?;
        if gone.rows_affected == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            &txn,
            Some(admin),
            "requirement.removed",
            None,
            Some(format!("requirement {id}")),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn add_contact(&self, who: Caller, employer: &str, person: &str) -> Result<(), AppError> {
        let admin = Self::administrator(&who)?;
        let mut issues = Vec::new();
        let company = match OrgNumber::parse(employer) {
            Ok(number) => {
                company::Entity::find()
                    .filter(company::Column::OrgNumber.eq(number.as_str()))
                    .one(&self.db)
                    .await?
            }
            Err(_) => None,
        };
        if company.is_none() {
            issues.push(units::issue(
                "employer",
                "Skriv organisasjonsnummeret til en arbeidsgiver i Kursportalen.",
            ));
        }
        let found = account::by_identifier(&self.db, person)
            .await?
            .filter(|a| a.merged_into.is_none() && a.anonymised_at.is_none());
        if found.is_none() {
            issues.push(units::issue(
                "person",
                "Finner ingen med den e-postadressen eller ansattkoden.",
            ));
        }
        let (Some(company), Some(found)) = (company, found) else {
            return Err(AppError::InvalidForm { fields: issues });
        };
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let exists = company_contact::Entity::find_by_id((company.id, found.id))
            .one(&txn)
            .await?;
        if exists.is_none() {
            company_contact::ActiveModel {
                company_id: Set(company.id),
                account_id: Set(found.id),
                granted_by: Set(Some(admin)),
                created_at: Set(chrono::Utc::now()),
            }
            .insert(&txn)
            .await?;
            audit::record(
                &txn,
                Some(admin),
                "company_contact.added",
                Some(found.id),
                Some(format!("employer {}", company.org_number)),
            )
            .await?;
        }
        txn.commit().await?;
        Ok(())
    }

    async fn remove_contact(&self, who: Caller, company_id: i64, account_id: i64) -> Result<(), AppError> {
        let admin = Self::administrator(&who)?;
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let gone = company_contact::Entity::delete_by_id((company_id, account_id))
            .exec(&txn)
            .await?;
        if gone.rows_affected == 0 {
            return Err(AppError::NotFound);
        }
        audit::record(
            &txn,
            Some(admin),
            "company_contact.removed",
            Some(account_id),
            Some(format!("employer {company_id}")),
        )
        .await?;
        txn.commit().await?;
        Ok(())
    }

    async fn mine(&self, who: Caller) -> Result<MyRequirements, AppError> {
        let book = Rulebook::load(&self.db).await?;
        let me = account::of_caller(&self.db, &who).await?;
        let lines = overview::required_of(&self.db, &book, &me, today()).await?;
        let sees_overview = match Sight::of(&self.db, &book, &who).await {
            Ok(_) => true,
            Err(AppError::Forbidden) => false,
            Err(other) => return Err(other),
        };
        Ok(MyRequirements { lines, sees_overview })
    }

    async fn overview(&self, who: Caller, filter: OverviewFilter) -> Result<Overview, AppError> {
        let book = Rulebook::load(&self.db).await?;
        let sight = Sight::of(&self.db, &book, &who).await?;
        let question = Question::parse(&filter, &book, &sight)?;
        let today = today();
        let columns = overview::columns(&book, &question);
        let (counts, people) = overview::counts::of(&self.db, &book, &sight, &question, today).await?;
        let mut lines = Vec::new();
        let mut page = Walker::new(&self.db, &book, &sight, &question, filter.after, today)
            .await?
            .paged();
        while lines.len() <= overview::PAGE
            && let Some(batch) = page.next_batch().await?
        {
            lines.extend(batch);
        }
        let next = (lines.len() > overview::PAGE).then(|| lines[overview::PAGE - 1].account.id);
        lines.truncate(overview::PAGE);
        let accounts: Vec<&account::Model> = lines.iter().map(|l| &l.account).collect();
        let names = overview::Names::of(&self.db, &book, &accounts).await?;
        let rows = lines
            .iter()
            .map(|line| OverviewRow {
                account_id: line.account.id,
                name: line.account.full_name.clone(),
                unit: names.unit(&line.account),
                employer: names.employer(&line.account),
                cells: columns.iter().map(|(t, _)| line.cell(*t)).collect(),
            })
            .collect();
        Ok(Overview {
            columns: columns.into_iter().map(|(_, c)| c).collect(),
            rows,
            counts: RequirementStatus::ALL
                .into_iter()
                .map(|s| (s, counts.get(&s).copied().unwrap_or(0)))
                .collect(),
            people,
            next,
            units: sight.units(&book),
            digest: super::digest::chosen(&self.db, who.account_id).await?,
        })
    }

    async fn choose_digest(&self, who: Caller, weekly: bool) -> Result<(), AppError> {
        let book = Rulebook::load(&self.db).await?;
        Sight::of(&self.db, &book, &who).await?;
        super::digest::choose(&self.db, who.account_id, weekly).await?;
        tracing::info!(
            account_id = who.account_id,
            weekly,
            "weekly competence digest chosen"
        );
        Ok(())
    }

    async fn person(&self, who: Caller, account_id: i64) -> Result<PersonOverview, AppError> {
        let book = Rulebook::load(&self.db).await?;
        let sight = Sight::of(&self.db, &book, &who).await?;
        let person = account::Entity::find_by_id(account_id)
            .one(&self.db)
            .await?
            .filter(|p| p.merged_into.is_none() && p.anonymised_at.is_none() && sight.sees(p))
            .ok_or_else(|| {
                tracing::warn!(
                    account_id = who.account_id,
                    "overview of a person not in sight refused"
                );
                AppError::NotFound
            })?;
        let today = today();
        let required = overview::required_of(&self.db, &book, &person, today).await?;
        let history = crate::learning::service::history(&self.db, person.id, today).await?;
        let names = overview::Names::of(&self.db, &book, &[&person]).await?;
        Ok(PersonOverview {
            account_id: person.id,
            unit: names.unit(&person),
            employer: names.employer(&person),
            name: person.full_name,
            required,
            history,
        })
    }
}
