//! The tables of learning paths.

/// `learning_paths`
pub mod path {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "learning_paths")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        #[sea_orm(unique)]
        pub code: String,
        pub title: String,
        pub description: String,
        pub enforce_order: bool,
        pub published: bool,
        pub created_at: DateTimeUtc,
        /// How long a completion of the whole path is valid, in months.
        pub validity_months: Option<i32>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `path_steps`: one step; `course_id` for steps passed by completing a course.
pub mod step {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "path_steps")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub path_id: i64,
        pub position: i32,
        pub kind: String,
        pub course_id: Option<i64>,
        pub title: String,
        pub required_amount: Option<i32>,
        /// hours | days
        pub required_unit: Option<String>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `path_enrolments`: a person following a path (themselves, or assigned).
pub mod follower {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "path_enrolments")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub path_id: i64,
        pub account_id: i64,
        pub assigned_by: Option<i64>,
        pub created_at: DateTimeUtc,
        pub completed_at: Option<DateTimeUtc>,
        /// The certificate of the completed path.
        pub certificate_code: Option<String>,
        pub valid_until: Option<Date>,
        pub revoked_at: Option<DateTimeUtc>,
        pub revoked_reason: Option<String>,
        /// Set by the validity job once `valid_until` has passed.
        pub expired_at: Option<DateTimeUtc>,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `step_signoffs`: an instructor's or examiner's sign-off of a step, with date and comment.
pub mod signoff {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "step_signoffs")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub path_enrolment_id: i64,
        pub step_id: i64,
        pub signed_by: i64,
        pub signed_on: Date,
        pub comment: String,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `path_instructors`: an instructor named on a path, who sees its followers and signs off
/// their steps.
pub mod instructor {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "path_instructors")]
    pub struct Model {
        #[sea_orm(primary_key)]
        pub id: i64,
        pub path_id: i64,
        pub account_id: i64,
        pub added_by: Option<i64>,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}

/// `path_reminders`: one row per completed path and lead time, claimed by its primary key
/// in the transaction that queues the mail.
pub mod reminder {
    use sea_orm::entity::prelude::*;

    #[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
    #[sea_orm(table_name = "path_reminders")]
    pub struct Model {
        #[sea_orm(primary_key, auto_increment = false)]
        pub path_enrolment_id: i64,
        #[sea_orm(primary_key, auto_increment = false)]
        pub lead_days: i32,
        pub mailed: bool,
        pub created_at: DateTimeUtc,
    }

    #[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
    pub enum Relation {}

    impl ActiveModelBehavior for ActiveModel {}
}
