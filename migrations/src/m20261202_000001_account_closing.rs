use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// «Deaktiver»: the support desk closes an account without deleting it. While `deactivated_at`
/// is set the person cannot log in and is sent no mail; the history stays. `anonymised_at`:
/// an administrator erased the person's identity (GDPR article 17); the row stays, nameless,
/// so that completions still count. The private address gets an index: every queued mail asks
/// whether its recipient is a deactivated account, by login or by private address.
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
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_private_email")
                    .table(Def::Accounts)
                    .col(Def::PrivateEmail)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_accounts_private_email")
                    .table(Def::Accounts)
                    .to_owned(),
            )
            .await?;
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
    PrivateEmail,
}
