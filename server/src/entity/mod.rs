//! Every table of the portal, one file each, named after the table (singular). Below every
//! domain: an entity imports nothing of the portal but other entities, so any domain may read
//! any table without an import circle. Schema changes are migrations (`migrations/`).
pub mod account;
pub mod account_token;
pub mod api_client;
pub mod attempt;
pub mod audit_log;
pub mod category;
pub mod choice;
pub mod company;
pub mod completion;
pub mod course;
pub mod course_admin_area;
pub mod elearning_package;
pub mod elearning_package_file;
pub mod enrolment;
pub mod follower;
pub mod help_answer;
pub mod help_contact;
pub mod help_topic;
pub mod instructor;
pub mod lesson;
pub mod login_throttle;
pub mod media;
pub mod order;
pub mod outbox;
pub mod path;
pub mod path_reminder;
pub mod progress;
pub mod question;
pub mod reminder;
pub mod session;
pub mod session_request;
pub mod signoff;
pub mod site_setting;
pub mod step;
pub mod transfer;
