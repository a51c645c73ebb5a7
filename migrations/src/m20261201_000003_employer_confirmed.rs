use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// When the account's employer was confirmed by the employer itself (its HR feed); a learner's
/// own choice stays unconfirmed, and the invoicing export says so. Employees already in the
/// portal came from the HR feed, so theirs is confirmed from the start.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .add_column(
                        ColumnDef::new(Def::EmployerConfirmedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .exec_stmt(
                Query::update()
                    .table(Def::Accounts)
                    .value(Def::EmployerConfirmedAt, Expr::col(Def::CreatedAt))
                    .and_where(Expr::col(Def::StaffCode).is_not_null())
                    .and_where(Expr::col(Def::EmployerId).is_not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .drop_column(Def::EmployerConfirmedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    Accounts,
    EmployerConfirmedAt,
    CreatedAt,
    StaffCode,
    EmployerId,
}
