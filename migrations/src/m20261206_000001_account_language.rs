use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The language a person chose («Bokmål / Nynorsk / English»): `nb`, `nn` or `en`, kept on the
/// account so that mails reach them in it and a new browser shows the portal in it. Empty for
/// people who never chose (bokmål).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .add_column(ColumnDef::new(Def::Language).string_len(8).null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .drop_column(Def::Language)
                    .to_owned(),
            )
            .await
    }
}

#[derive(DeriveIden)]
enum Def {
    Accounts,
    Language,
}
