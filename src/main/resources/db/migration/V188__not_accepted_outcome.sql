-- cases: a complaint may be answered as not accepted into the procedure (with reasons), as the rule packs' codes
-- describe (e.g. Housing Ombudsman code 2.1–2.3).
alter table cases drop constraint cases_outcome_check;
alter table cases add constraint cases_outcome_check
    check (outcome in ('RESOLVED', 'UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD', 'CANNOT_ACCOMMODATE', 'NOT_ACCEPTED'));
alter table case_response drop constraint case_response_outcome_check;
alter table case_response add constraint case_response_outcome_check
    check (outcome in ('RESOLVED', 'UPHELD', 'PARTLY_UPHELD', 'NOT_UPHELD', 'CANNOT_ACCOMMODATE', 'NOT_ACCEPTED'));
alter table case_response drop constraint case_response_check;
alter table case_response add constraint case_response_check
    check (outcome not in ('NOT_UPHELD', 'CANNOT_ACCOMMODATE', 'NOT_ACCEPTED') or coalesce(btrim(reasons), '') <> '');
