use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// An employee's private e-mail address («Valgfritt»): where «Glemt passord» sends the link
/// when they log in with staff code and password from home.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .add_column(ColumnDef::new(Def::PrivateEmail).string_len(254).null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .drop_column(Def::PrivateEmail)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    Accounts,
    PrivateEmail,
}
