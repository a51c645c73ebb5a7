use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// «Kompetanseoversikt» sums each person's completions per course in the database: an index in
/// that order, holding the columns the sum reads (whether revoked, valid until), so the sum
/// reads the index alone; and accounts by employer, whom company contacts and requirements of
/// an employer ask about.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_completions_person_course")
                    .table(Def::Completions)
                    .col(Def::AccountId)
                    .col(Def::CourseId)
                    .col(Def::RevokedAt)
                    .col(Def::ValidUntil)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_employer")
                    .table(Def::Accounts)
                    .col(Def::EmployerId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_accounts_employer")
                    .table(Def::Accounts)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_completions_person_course")
                    .table(Def::Completions)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Def {
    Completions,
    Accounts,
    AccountId,
    CourseId,
    RevokedAt,
    ValidUntil,
    EmployerId,
}
