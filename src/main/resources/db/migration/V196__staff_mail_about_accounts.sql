-- correspondence: the staff outbox also carries e-mail about a member of staff's own account (a link an administrator
-- made for them to set a new password), which is about no case.
alter table correspondence_staff_mail alter column case_id drop not null;
