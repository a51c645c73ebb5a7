use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The transfer feed as an append-only sequence of events (completed, corrected, revoked,
/// expired, path completed) with one cursor over all of them, each pushed once in order per
/// person; and, on completions, what a correction or an import needs: a revision counter, when
/// it was last corrected, where an imported completion came from and whether it goes to the
/// register at all. The records of `competence_transfers` stay as they are.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::CompetenceEvents)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::Key).string_len(80).not_null().unique_key())
                    .col(ColumnDef::new(Def::Kind).string_len(20).not_null())
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Def::CompletionId).big_integer().null())
                    .col(ColumnDef::new(Def::FollowerId).big_integer().null())
                    .col(ColumnDef::new(Def::Revision).integer().not_null().default(0))
                    .col(ColumnDef::new(Def::RefersTo).big_integer().null())
                    .col(ColumnDef::new(Def::TransferId).big_integer().null())
                    .col(ColumnDef::new(Def::Body).text().not_null())
                    .col(
                        ColumnDef::new(Def::OccurredAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Def::PushedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Def::PushAttempts).integer().not_null().default(0))
                    .col(ColumnDef::new(Def::NextPushAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await?;
        for (name, columns) in [
            ("idx_competence_events_person", vec![Def::AccountId, Def::Id]),
            (
                "idx_competence_events_completion",
                vec![Def::CompletionId, Def::Kind],
            ),
            ("idx_competence_events_follower", vec![Def::FollowerId, Def::Kind]),
            ("idx_competence_events_pushed", vec![Def::PushedAt, Def::Id]),
        ] {
            let mut index = Index::create();
            index.name(name).table(Def::CompetenceEvents);
            for column in columns {
                index.col(column);
            }
            manager.create_index(index.to_owned()).await?;
        }
        let columns = [
            ColumnDef::new(Def::Revision)
                .integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new(Def::CorrectedAt)
                .timestamp_with_time_zone()
                .null()
                .to_owned(),
            ColumnDef::new(Def::ImportedFrom)
                .string_len(100)
                .null()
                .to_owned(),
            ColumnDef::new(Def::ToRegister)
                .boolean()
                .not_null()
                .default(true)
                .to_owned(),
        ];
        // One column a statement: SQLite adds one at a time.
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table(Def::Completions)
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for column in [
            Def::ToRegister,
            Def::ImportedFrom,
            Def::CorrectedAt,
            Def::Revision,
        ] {
            manager
                .alter_table(
                    Table::alter()
                        .table(Def::Completions)
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        manager
            .drop_table(Table::drop().table(Def::CompetenceEvents).to_owned())
            .await
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    CompetenceEvents,
    Completions,
    Id,
    Key,
    Kind,
    AccountId,
    CompletionId,
    FollowerId,
    Revision,
    RefersTo,
    TransferId,
    Body,
    OccurredAt,
    CreatedAt,
    PushedAt,
    PushAttempts,
    NextPushAt,
    CorrectedAt,
    ImportedFrom,
    ToRegister,
}
