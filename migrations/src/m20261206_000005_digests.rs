use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The weekly digest of «Kompetanseoversikt»: who chose it, and each week's mail claimed once
/// per recipient (the row is inserted in the transaction that queues the mail, so several
/// instances on one database send it once).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::DigestSubscriptions)
                    .col(
                        ColumnDef::new(Def::AccountId)
                            .big_integer()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::DigestSubscriptions, Def::AccountId)
                            .to(Def::Accounts, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Def::DigestSends)
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Def::Week).string_len(10).not_null())
                    .col(ColumnDef::new(Def::SentAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(Def::AccountId).col(Def::Week))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::DigestSends, Def::AccountId)
                            .to(Def::Accounts, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Def::DigestSends, Def::DigestSubscriptions] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    Accounts,
    DigestSubscriptions,
    DigestSends,
    Id,
    AccountId,
    CreatedAt,
    Week,
    SentAt,
}
