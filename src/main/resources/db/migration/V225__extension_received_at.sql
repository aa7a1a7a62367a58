-- An extension carries the date its case was received, so that the report's reasons for extensions read the
-- extensions of the period through an index and open only their cases (to apply the visibility rule), instead of
-- reading every case of the period to find the few with an extension.
--
-- A case's received date is set when it is logged and never changes; the two triggers keep the copy true all the same:
-- an extension takes it from its case when it is inserted, and a case whose received date changed passes it on.
alter table case_extension add column received_at timestamptz;

update case_extension e set received_at = c.received_at from cases c where c.id = e.case_id;

alter table case_extension alter column received_at set not null;

create index case_extension_received on case_extension (received_at);

create function case_extension_received_at() returns trigger
    language plpgsql
    as $$
begin
    new.received_at := (select c.received_at from cases c where c.id = new.case_id);
    return new;
end $$;

create trigger case_extension_received_at
    before insert or update of case_id, received_at on case_extension
    for each row execute function case_extension_received_at();

create function case_received_at_changed() returns trigger
    language plpgsql
    as $$
begin
    update case_extension set received_at = new.received_at where case_id = new.id;
    return null;
end $$;

create trigger case_received_at_changed
    after update of received_at on cases
    for each row when (old.received_at is distinct from new.received_at)
    execute function case_received_at_changed();

-- Published for reporting with the rest of the extension.
create or replace view report_extension as
select e.id, e.case_id, e.stage, e.previous_due, e.new_due, e.reason, e.agreed_by is not null as agreed, e.extended_at,
       e.received_at
from case_extension e;
