-- Need-to-know on a case. named_staff: people given sight of the case by name (the way into a confidential case
-- besides owner, pending owner, reviewer and executives). subject_staff: staff members the complaint is about; they
-- never see the case, whatever their role, and it is never handed to them.
alter table cases
    add column named_staff   bigint[] not null default '{}',
    add column subject_staff bigint[] not null default '{}';
