//! «Logg inn på jobb» for a newcomer the HR feed has not brought yet (`KURSPORTAL_OIDC_NEW_EMPLOYEES`,
//! off by default): the employee is created from what the identity provider asserts (staff
//! code, name, e-mail) as the HR feed would create them, and the next HR record for the staff
//! code completes and corrects it.
use super::{Employee, Feed, FeedError, Source};
use crate::{accounts::sso::Newcomer, entity::account};
use app::accounts::identity::OrgNumber;
use sea_orm::{EntityTrait, TransactionTrait};

impl Feed {
    /// Creates the newcomer as an employee of `employer`, audited as «employee.created»
    /// («first sign-in at work»). An e-mail address another profile holds is left out (the HR
    /// record brings the right one); none for a newcomer without a name.
    pub async fn first_sign_in(
        &self,
        newcomer: Newcomer,
        employer: &OrgNumber,
    ) -> Result<account::Model, FeedError> {
        let name = newcomer.name.clone().ok_or(FeedError::NotFound)?;
        let employee = Employee {
            staff_code: newcomer.staff_code,
            name,
            national_id: None,
            work_email: newcomer.email,
            employer: employer.clone(),
            employer_name: None,
            start: None,
            end: None,
            unit: None,
            unit_name: None,
        };
        let txn = self.db.begin().await?;
        crate::db::write_lock(&txn).await?;
        let saved = match self.put_in(&txn, Source::SignIn, employee.clone()).await {
            Err(FeedError::Conflict {
                field: "work_email", ..
            }) => {
                let without = Employee {
                    work_email: None,
                    ..employee
                };
                self.put_in(&txn, Source::SignIn, without).await?
            }
            other => other?,
        };
        let created = account::Entity::find_by_id(saved.account_id)
            .one(&txn)
            .await?
            .ok_or(FeedError::NotFound)?;
        txn.commit().await?;
        tracing::info!(
            account_id = created.id,
            "employee created at the first sign-in at work"
        );
        Ok(created)
    }
}
