-- cases: what a replay under a rule pack also needs of each case (V154's case_timing, columns appended): the product
-- it is about (pack routes and variants select by it), when the customer sent it, and when its stage-2 request was
-- acknowledged (a pack's stage-2 response may count from it).
create or replace view case_timing as
select c.id as case_id, c.acknowledged_at, c.first_response_at, c.responded_at,
       (select min(r.given_at) from case_response r where r.case_id = c.id and r.kind = 'INTERIM') as first_interim_at,
       c.respond_completed_at, c.review_requested_at, c.reviewed_at, c.reopen_count,
       c.product, c.sent_at, c.review_acknowledged_at
from cases c;
