-- intake: besides the files that came with an e-mail or the public form, staff add files to a case (a scanned letter,
-- a photo, a report) and customers send them from the private status page. Each file says where it came from and,
-- when a member of staff added it, who (a staff_directory id).
alter table intake_attachment
    add column source text not null default 'EMAIL',
    add column uploaded_by bigint;

update intake_attachment set source = 'WEB_FORM' where mail_id is null;

alter table intake_attachment
    alter column source drop default,
    add constraint intake_attachment_source check (source in ('EMAIL', 'WEB_FORM', 'STAFF', 'STATUS_PAGE')),
    add constraint intake_attachment_source_mail check ((source = 'EMAIL') = (mail_id is not null)),
    add constraint intake_attachment_uploaded_by check ((source = 'STAFF') = (uploaded_by is not null));
