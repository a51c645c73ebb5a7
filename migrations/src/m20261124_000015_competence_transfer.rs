use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The employer's side: integration clients with scoped tokens (only a hash stored), the
/// employment period of employee profiles, the tombstone of an external profile merged
/// into an employee profile, and the competence transfer records the register pulls.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::ApiClients)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::Label).string_len(80).not_null())
                    .col(ColumnDef::new(Def::Scopes).string_len(200).not_null())
                    .col(
                        ColumnDef::new(Def::TokenHash)
                            .string_len(64)
                            .not_null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Def::CreatedBy).big_integer().null())
                    .col(ColumnDef::new(Def::RevokedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Def::LastUsedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        for column in [
            ColumnDef::new(Def::EmploymentStart).date().null().to_owned(),
            ColumnDef::new(Def::EmploymentEnd).date().null().to_owned(),
            ColumnDef::new(Def::MergedInto).big_integer().null().to_owned(),
            ColumnDef::new(Def::MergedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Def::MergedEmail).string_len(254).null().to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Def::Accounts)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .create_index(
                Index::create()
                    .name("idx_accounts_merged_email")
                    .table(Def::Accounts)
                    .col(Def::MergedEmail)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Def::CompetenceTransfers)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Def::CompletionId)
                            .big_integer()
                            .not_null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Def::AcknowledgedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::CompetenceTransfers, Def::CompletionId)
                            .to(Def::Completions, Def::Id),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Def::CompetenceTransfers).to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_accounts_merged_email")
                    .table(Def::Accounts)
                    .to_owned(),
            )
            .await?;
        for column in [
            Def::EmploymentStart,
            Def::EmploymentEnd,
            Def::MergedInto,
            Def::MergedAt,
            Def::MergedEmail,
        ] {
            manager
                .alter_table(Table::alter().table(Def::Accounts).drop_column(column).to_owned())
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Def::ApiClients).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    #[sea_orm(iden = "name")]
    Label,
    ApiClients,
    Id,
    Scopes,
    TokenHash,
    CreatedAt,
    CreatedBy,
    RevokedAt,
    LastUsedAt,
    Accounts,
    EmploymentStart,
    EmploymentEnd,
    MergedInto,
    MergedAt,
    MergedEmail,
    CompetenceTransfers,
    CompletionId,
    AccountId,
    AcknowledgedAt,
    Completions,
}
