use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// «Deaktiver»: the support desk closes an account without deleting it. While `deactivated_at`
/// is set the person cannot log in and is sent no mail; the history stays. `anonymised_at`:
/// an administrator erased the person's identity (GDPR article 17); the row stays, nameless,
/// so that completions still count.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .add_column(
                        ColumnDef::new(Def::DeactivatedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .add_column(
                        ColumnDef::new(Def::AnonymisedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .drop_column(Def::AnonymisedAt)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .drop_column(Def::DeactivatedAt)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    Accounts,
    DeactivatedAt,
    AnonymisedAt,
}
