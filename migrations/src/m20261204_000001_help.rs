use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// «Hjelp»: questions and answers grouped by topic, edited by administrators, and the contacts
/// per topic (support, invoicing, technical) shown where their questions arise.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::HelpTopics)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::Slug).string_len(80).not_null().unique_key())
                    .col(ColumnDef::new(Def::Title).string_len(120).not_null())
                    .col(ColumnDef::new(Def::Contact).string_len(20).not_null())
                    .col(ColumnDef::new(Def::Position).integer().not_null().default(0))
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Def::HelpAnswers)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::TopicId).big_integer().not_null())
                    .col(ColumnDef::new(Def::Slug).string_len(80).not_null().unique_key())
                    .col(ColumnDef::new(Def::Question).string_len(200).not_null())
                    .col(ColumnDef::new(Def::BodyMarkdown).text().not_null())
                    .col(ColumnDef::new(Def::SearchText).text().not_null())
                    .col(ColumnDef::new(Def::Position).integer().not_null().default(0))
                    .col(
                        ColumnDef::new(Def::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Def::UpdatedBy).big_integer().null())
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::HelpAnswers, Def::TopicId)
                            .to(Def::HelpTopics, Def::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Def::HelpContacts)
                    .col(ColumnDef::new(Def::Kind).string_len(20).not_null().primary_key())
                    .col(ColumnDef::new(Def::Name).string_len(120).not_null())
                    .col(ColumnDef::new(Def::Email).string_len(254).not_null())
                    .col(ColumnDef::new(Def::Phone).string_len(40).null())
                    .col(ColumnDef::new(Def::Hours).string_len(120).null())
                    .col(
                        ColumnDef::new(Def::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Def::HelpContacts, Def::HelpAnswers, Def::HelpTopics] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    HelpTopics,
    HelpAnswers,
    HelpContacts,
    Id,
    Slug,
    Title,
    Contact,
    Position,
    TopicId,
    Question,
    BodyMarkdown,
    SearchText,
    UpdatedAt,
    UpdatedBy,
    Kind,
    Name,
    Email,
    Phone,
    Hours,
}
