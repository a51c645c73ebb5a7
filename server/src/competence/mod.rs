//! Competence transfer: the employer's side of the portal. Integration clients and their
//! tokens, the HR feed of employees, the merge of external profiles into employee profiles
//! by national ID, and the transfer records the competence register pulls.
pub mod admin;
pub mod clients;
pub mod csv_file;
pub mod digest;
pub mod employees;
pub mod employment;
pub mod events;
pub mod evidence;
pub mod full_list;
pub mod history;
pub mod hr_file;
pub mod merge;
pub mod organisation;
pub mod overview;
pub mod push;
pub mod requirements;
pub mod status;
pub mod transfers;
pub mod units;
