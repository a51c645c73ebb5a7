use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Pushing transfer records to the register: when one was taken, how many attempts failed,
/// and when the next is due.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            ColumnDef::new(Def::PushedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Def::PushAttempts)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Def::NextPushAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
        ] {
            let mut column = column;
            manager
                .alter_table(
                    Table::alter()
                        .table(Def::CompetenceTransfers)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [Def::PushedAt, Def::PushAttempts, Def::NextPushAt] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Def::CompetenceTransfers)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    CompetenceTransfers,
    PushedAt,
    PushAttempts,
    NextPushAt,
}
