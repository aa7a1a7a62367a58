-- identity, policy and correspondence: what they publish to the other modules, so that those read views the owner keeps
-- stable rather than its tables (SqlBoundariesTest fails the build when a module reads another module's table).

-- Members of staff as other modules may name them and address notices to them: no password, no sign-in details.
create view staff_directory as
select s.id, s.username, s.full_name, s.email, s.active
from identity_staff s;

-- Which roles each member of staff holds.
create view staff_directory_role as
select r.staff_id, r.role
from identity_staff_role r;

-- Which departments each member of staff belongs to.
create view staff_directory_membership as
select m.staff_id, m.department_id
from identity_membership m;

create view department_directory as
select d.id, d.code, d.name
from identity_department d;

-- The versions of the service policy, without their documents.
create view policy_version_published as
select v.id, v.version, v.name, v.uploaded_at, v.active
from policy_version v;

-- correspondence: which case each message Hearken sent belongs to, by its Message-ID (mail intake threads replies).
create view correspondence_sent_message as
select m.message_id, m.case_id
from correspondence_message m;
