use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Accounts of every kind of person. E-mail and staff code are both optional and
/// unique: external learners log in by e-mail, employees by staff code.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Accounts::Table)
                    .col(
                        ColumnDef::new(Accounts::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Accounts::Email)
                            .string_len(254)
                            .null()
                            .unique_key(),
                    )
                    .col(
                        ColumnDef::new(Accounts::StaffCode)
                            .string_len(6)
                            .null()
                            .unique_key(),
                    )
                    .col(ColumnDef::new(Accounts::FullName).string_len(200).not_null())
                    .col(ColumnDef::new(Accounts::Role).string_len(32).not_null())
                    .col(ColumnDef::new(Accounts::PasswordHash).string_len(255).null())
                    .col(
                        ColumnDef::new(Accounts::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Accounts::ActivatedAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(Accounts::LastLoginAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(Accounts::Table).to_owned())
            .await
    }
}

#[derive(DeriveIden)]
enum Accounts {
    Table,
    Id,
    Email,
    StaffCode,
    FullName,
    Role,
    PasswordHash,
    CreatedAt,
    ActivatedAt,
    LastLoginAt,
}
