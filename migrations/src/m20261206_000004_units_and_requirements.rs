use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The organisation and what it requires: units (from the HR feed or edited by administrators,
/// with a parent and a leader named by staff code), each employee's unit, the company contacts
/// who see an employer's people, and requirements (a course or a learning path required for a
/// unit and its sub-units, a user type, or an employer's people, with an optional deadline for
/// new people).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::Units)
                    .col(id())
                    .col(ColumnDef::new(Def::Code).string_len(40).not_null().unique_key())
                    .col(ColumnDef::new(Def::Name).string_len(200).not_null())
                    .col(ColumnDef::new(Def::ParentId).big_integer().null())
                    .col(ColumnDef::new(Def::LeaderStaffCode).string_len(40).null())
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Def::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::Units, Def::ParentId)
                            .to(Def::Units, Def::Id)
                            .on_delete(ForeignKeyAction::SetNull),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .add_column(ColumnDef::new(Def::UnitId).big_integer().null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("accounts_unit")
                    .table(Def::Accounts)
                    .col(Def::UnitId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Def::CompanyContacts)
                    .col(ColumnDef::new(Def::CompanyId).big_integer().not_null())
                    .col(ColumnDef::new(Def::AccountId).big_integer().not_null())
                    .col(ColumnDef::new(Def::GrantedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .primary_key(Index::create().col(Def::CompanyId).col(Def::AccountId))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::CompanyContacts, Def::CompanyId)
                            .to(Def::Companies, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::CompanyContacts, Def::AccountId)
                            .to(Def::Accounts, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("company_contacts_account")
                    .table(Def::CompanyContacts)
                    .col(Def::AccountId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Def::Requirements)
                    .col(id())
                    .col(ColumnDef::new(Def::CourseId).big_integer().null())
                    .col(ColumnDef::new(Def::PathId).big_integer().null())
                    .col(ColumnDef::new(Def::UnitId).big_integer().null())
                    .col(ColumnDef::new(Def::UserType).string_len(40).null())
                    .col(ColumnDef::new(Def::EmployerId).big_integer().null())
                    .col(ColumnDef::new(Def::DeadlineDays).integer().null())
                    .col(ColumnDef::new(Def::CreatedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Def::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut cascade(Def::CourseId, Def::Courses))
                    .foreign_key(&mut cascade(Def::PathId, Def::LearningPaths))
                    .foreign_key(&mut cascade(Def::UnitId, Def::Units))
                    .foreign_key(&mut cascade(Def::EmployerId, Def::Companies))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Def::Requirements, Def::CompanyContacts] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        manager
            .drop_index(
                Index::drop()
                    .name("accounts_unit")
                    .table(Def::Accounts)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Def::Accounts)
                    .drop_column(Def::UnitId)
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table(Def::Units).to_owned())
            .await
    }
}

fn id() -> ColumnDef {
    ColumnDef::new(Def::Id)
        .big_integer()
        .not_null()
        .auto_increment()
        .primary_key()
        .to_owned()
}

fn cascade(column: Def, table: Def) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(Def::Requirements, column)
        .to(table, Def::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    Accounts,
    Companies,
    CompanyContacts,
    Courses,
    LearningPaths,
    Requirements,
    Units,
    Id,
    Code,
    Name,
    ParentId,
    LeaderStaffCode,
    CreatedAt,
    UpdatedAt,
    UnitId,
    CompanyId,
    AccountId,
    GrantedBy,
    CourseId,
    PathId,
    UserType,
    EmployerId,
    DeadlineDays,
    CreatedBy,
}
