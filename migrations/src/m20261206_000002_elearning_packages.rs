use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// E-learning packages from authoring tools (SCORM): each upload is a new version of the
/// course's package, with the manifest's structure, and its files in the database so that every
/// instance serves them and a database backup holds them.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Def::ElearningPackages)
                    .col(
                        ColumnDef::new(Def::Id)
                            .big_integer()
                            .not_null()
                            .auto_increment()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Def::CourseId).big_integer().not_null())
                    .col(ColumnDef::new(Def::Version).integer().not_null())
                    .col(ColumnDef::new(Def::ScormVersion).string_len(10).not_null())
                    .col(ColumnDef::new(Def::Identifier).string_len(400).not_null())
                    .col(ColumnDef::new(Def::Title).string_len(400).not_null())
                    .col(ColumnDef::new(Def::Structure).text().not_null())
                    .col(ColumnDef::new(Def::FileName).string_len(400).not_null())
                    .col(ColumnDef::new(Def::FileCount).integer().not_null())
                    .col(ColumnDef::new(Def::UnpackedBytes).big_integer().not_null())
                    .col(ColumnDef::new(Def::UploadedBy).big_integer().null())
                    .col(
                        ColumnDef::new(Def::UploadedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::ElearningPackages, Def::CourseId)
                            .to(Def::Courses, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("elearning_packages_course_version")
                    .table(Def::ElearningPackages)
                    .col(Def::CourseId)
                    .col(Def::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Def::ElearningPackageFiles)
                    .col(ColumnDef::new(Def::PackageId).big_integer().not_null())
                    .col(ColumnDef::new(Def::Path).string_len(1000).not_null())
                    .col(ColumnDef::new(Def::ContentType).string_len(80).not_null())
                    .col(ColumnDef::new(Def::Size).big_integer().not_null())
                    .col(ColumnDef::new(Def::Bytes).binary().not_null())
                    .primary_key(Index::create().col(Def::PackageId).col(Def::Path))
                    .foreign_key(
                        ForeignKey::create()
                            .from(Def::ElearningPackageFiles, Def::PackageId)
                            .to(Def::ElearningPackages, Def::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [Def::ElearningPackageFiles, Def::ElearningPackages] {
            manager.drop_table(Table::drop().table(table).to_owned()).await?;
        }
        Ok(())
    }
}

#[derive(DeriveIden, Clone, Copy)]
enum Def {
    Courses,
    ElearningPackages,
    ElearningPackageFiles,
    Id,
    CourseId,
    Version,
    ScormVersion,
    Identifier,
    Title,
    Structure,
    FileName,
    FileCount,
    UnpackedBytes,
    UploadedBy,
    UploadedAt,
    PackageId,
    Path,
    ContentType,
    Size,
    Bytes,
}
