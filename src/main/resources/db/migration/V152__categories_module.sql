-- categories: the root-cause categories are a module of their own (they were the cases module's case_category). The
-- cases module keeps each case's category code and publishes it in case_published, where the categories module counts
-- the cases filed under each.
alter table case_category rename to category;
alter index case_category_pkey rename to category_pkey;
alter index case_category_name rename to category_name;
alter table category rename constraint case_category_code_check to category_code_check;
alter table category rename constraint case_category_name_check to category_name_check;

create or replace view case_published as
select c.id, c.reference, c.kind, c.channel, c.status, c.received_at, c.logged_at, c.closed_at, c.department_id,
       c.owner_id, c.confidential, c.subject_staff, c.customer_id, c.policy_version_id,
       case_acknowledge_due(c) as acknowledge_due, case_respond_due(c) as respond_due, case_review_due(c) as review_due,
       case_next_due(c) as next_due, case_next_due_extended(c) as next_due_extended,
       case_parties(c) as parties,
       c.category
from cases c;
